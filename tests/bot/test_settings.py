from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest

from bot import clock
from bot.settings import (
    DEFAULT_MUNICIPALITY,
    PROJECT_ROOT,
    Settings,
    SettingsError,
    child_environment,
    get_settings,
    load_settings,
    reset_settings_cache,
)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    reset_settings_cache()
    yield
    reset_settings_cache()


def test_defaults_from_an_empty_environment() -> None:
    settings = load_settings({})
    assert settings.municipality == DEFAULT_MUNICIPALITY == "ekero"
    assert settings.now_override is None
    assert settings.data_dir == PROJECT_ROOT / "data"
    assert settings.municipalities_dir == PROJECT_ROOT / "data" / "municipalities"
    assert settings.rasa_url == "http://localhost:5005"
    assert (settings.action_port, settings.web_port) == (5055, 8000)
    assert settings.development is True
    assert settings.effective_database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'anhoriglotsen.db'}"


def test_values_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "ANHORIG_MUNICIPALITY": " stockholm ",
            "ANHORIG_DATA_DIR": str(tmp_path / "d"),
            "ANHORIG_VAR_DIR": str(tmp_path / "v"),
            "ANHORIG_DATABASE_URL": " postgresql://x/y ",
            "ANHORIG_RASA_URL": "http://rasa:5005/",
            "ANHORIG_ACTION_PORT": "6055",
            "ANHORIG_WEB_PORT": "9000",
            "ANHORIG_ENV": " Production ",
        }
    )
    assert settings.municipality == "stockholm"
    assert settings.data_dir == tmp_path / "d"
    assert settings.var_dir == tmp_path / "v"
    assert settings.effective_database_url == "postgresql://x/y"
    assert settings.rasa_url == "http://rasa:5005"
    assert (settings.action_port, settings.web_port) == (6055, 9000)
    assert settings.development is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-24T09:30:00+01:00", datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1)))),
        (" 2026-07-01T07:00:00+00:00 ", datetime(2026, 7, 1, 7, 0, tzinfo=UTC)),
        ("2026-07-01T07:00:00Z", datetime(2026, 7, 1, 7, 0, tzinfo=UTC)),
    ],
)
def test_anhorig_now_with_offset_is_parsed(raw: str, expected: datetime) -> None:
    override = load_settings({"ANHORIG_NOW": raw}).now_override
    assert override == expected
    assert override is not None and override.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("raw", ["tisdag kl 9", "2026-13-01T09:00:00+01:00", "24/11/2026 09:30", "nu"])
def test_invalid_anhorig_now_gives_a_clear_error(raw: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings({"ANHORIG_NOW": raw})
    message = str(error.value)
    assert "ANHORIG_NOW" in message and repr(raw) in message
    assert "ISO 8601" in message and "2026-11-24T09:30:00+01:00" in message


def test_anhorig_now_without_offset_is_rejected() -> None:
    with pytest.raises(SettingsError, match="needs a UTC offset"):
        load_settings({"ANHORIG_NOW": "2026-11-24T09:30:00"})


def test_blank_anhorig_now_means_no_override() -> None:
    assert load_settings({"ANHORIG_NOW": "   "}).now_override is None


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("ANHORIG_ACTION_PORT", "abc", "is not a port number"),
        ("ANHORIG_ACTION_PORT", "0", "outside 1-65535"),
        ("ANHORIG_WEB_PORT", "65536", "outside 1-65535"),
        ("ANHORIG_WEB_PORT", "-1", "outside 1-65535"),
    ],
)
def test_invalid_ports_are_settings_errors(name: str, raw: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({name: raw})


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("ANHORIG_SESSION_IDLE_MINUTES", "halv", "is not a whole number"),
        ("ANHORIG_SESSION_MAX_HOURS", "0", "must be at least 1"),
        ("ANHORIG_WEB_PROXIES_COUNT", "-1", "must not be negative"),
        ("ANHORIG_WEB_PROXIES_COUNT", "1.5", "is not a whole number"),
        ("ANHORIG_CHAT_IDLE_MINUTES", "0", "must be at least 1"),
    ],
)
def test_invalid_counts_are_settings_errors(name: str, raw: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({name: raw})


def test_zero_proxies_is_allowed() -> None:
    assert load_settings({"ANHORIG_WEB_PROXIES_COUNT": "0"}).web_proxies_count == 0


def test_settings_error_is_a_value_error() -> None:
    assert issubclass(SettingsError, ValueError)


def test_get_settings_reads_the_process_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "first")
    first = get_settings()
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "second")
    assert get_settings() is first
    assert first.municipality == "first"
    reset_settings_cache()
    assert get_settings().municipality == "second"


def test_invalid_anhorig_now_in_the_environment_fails_on_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "i morgon")
    with pytest.raises(SettingsError, match="ANHORIG_NOW"):
        get_settings()
    with pytest.raises(SettingsError, match="ANHORIG_NOW"):
        clock.now()


def test_valid_anhorig_now_with_offset_is_honoured_by_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "2026-11-24T09:30:00+01:00")
    now = clock.now()
    assert now == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    assert now.tzinfo is clock.STOCKHOLM
    assert (now.hour, now.minute) == (9, 30)


def test_settings_is_immutable() -> None:
    with pytest.raises(AttributeError):
        Settings().municipality = "x"  # type: ignore[misc]


def test_child_environment_is_this_one_plus_the_extra_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_TEST_MARKER", "parent")
    env = child_environment({"RASA_CACHE_DIRECTORY": "/tmp/cache", "ANHORIG_TEST_MARKER": "child"})
    assert env["RASA_CACHE_DIRECTORY"] == "/tmp/cache" and env["ANHORIG_TEST_MARKER"] == "child"
    assert child_environment()["ANHORIG_TEST_MARKER"] == "parent"
    env["ANHORIG_TEST_MARKER"] = "changed"
    assert child_environment()["ANHORIG_TEST_MARKER"] == "parent"  # a copy, not the process's own


def test_chat_idle_timeout_and_tracker_store() -> None:
    from bot.settings import PROJECT_ROOT

    defaults = load_settings({})
    assert defaults.chat_idle_minutes == 30
    # The SQLite file of endpoints.yml, in the project's var/ where Rasa runs.
    assert defaults.effective_tracker_store_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa_tracker.db'}"
    assert 'db: "var/rasa_tracker.db"' in (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")
    given = load_settings({"ANHORIG_CHAT_IDLE_MINUTES": "5",
                           "ANHORIG_TRACKER_STORE_URL": " sqlite:////srv/tracker.db "})
    assert given.chat_idle_minutes == 5
    assert given.effective_tracker_store_url == "sqlite:////srv/tracker.db"
