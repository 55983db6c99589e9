"""Fixtures for the CLI tests: the cheap password hasher the staff tests use too."""

from __future__ import annotations

from tests.bot.staff import seeded

cheap_hasher = seeded.cheap_hasher
