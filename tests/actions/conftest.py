"""Fixtures of the callback action tests: settings, clock and a migrated temporary database."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from bot.callbacks import dialogue as flow
from bot.knowledge.loader import clear_cache
from bot.settings import reset_settings_cache
from tests.actions.dialogue import Env, load_domain


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """domain.yml as the action server receives it."""
    return load_domain()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Env]:
    """Ekerö on a Tuesday morning with an empty migrated SQLite database."""
    yield Env(monkeypatch, tmp_path)
    flow.reset_storage()
    reset_settings_cache()
    clear_cache()
