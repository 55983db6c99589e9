"""Fixtures for the text tests: the shipped knowledge files, as the knowledge tests read them."""

from __future__ import annotations

from tests.bot.knowledge.conftest import _fresh_settings, national, rights

__all__ = ["_fresh_settings", "national", "rights"]
