from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.settings import reset_settings_cache
from bot.tools import checks


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    reset_settings_cache()
    yield
    reset_settings_cache()


def test_a_valid_profile_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "ekero")
    assert checks.check_profile()


def test_an_unknown_municipality_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "ingenstans")
    assert not checks.check_profile()
    assert "Profilen är ogiltig; assistenten startar inte:" in capsys.readouterr().err


def test_invalid_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "tisdag")
    assert not checks.check_profile()
    assert "Ogiltig inställning: ANHORIG_NOW='tisdag'" in capsys.readouterr().err


def test_the_database_is_upgraded(tmp_path: Path) -> None:
    assert checks.upgrade_database_or_report(f"sqlite:///{tmp_path / 'cases.db'}")
    assert (tmp_path / "cases.db").exists()


def test_a_database_that_cannot_be_upgraded_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert not checks.upgrade_database_or_report("postgresql+psycopg2://u:p@127.0.0.1:1/none")
    assert "Databasen kunde inte uppgraderas:" in capsys.readouterr().err


def test_the_action_server_and_the_cli_share_the_checks() -> None:
    from bot.cli import assistant
    from bot.tools import action_server

    assert assistant.check_profile is checks.check_profile
    assert assistant.upgrade_database_or_report is checks.upgrade_database_or_report
    assert "bot.cli" not in Path(action_server.__file__).read_text(encoding="utf-8")
