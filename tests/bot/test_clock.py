from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Iterator

import pytest

from bot import clock
from bot.settings import reset_settings_cache


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ANHORIG_NOW", raising=False)
    reset_settings_cache()
    yield
    reset_settings_cache()


def test_now_without_override_is_the_current_time_in_stockholm() -> None:
    before = datetime.now(tz=UTC)
    now = clock.now()
    after = datetime.now(tz=UTC)
    assert now.tzinfo is clock.STOCKHOLM
    assert before <= now <= after


@pytest.mark.parametrize(
    ("raw", "local"),
    [
        # winter: CET, +01:00
        ("2026-11-24T09:30:00+01:00", datetime(2026, 11, 24, 9, 30)),
        ("2026-11-24T08:30:00+00:00", datetime(2026, 11, 24, 9, 30)),
        # summer: CEST, +02:00
        ("2026-07-01T07:00:00Z", datetime(2026, 7, 1, 9, 0)),
        ("2026-07-01T03:00:00-04:00", datetime(2026, 7, 1, 9, 0)),
        # across midnight
        ("2026-12-31T23:30:00+00:00", datetime(2027, 1, 1, 0, 30)),
    ],
)
def test_now_honours_anhorig_now_and_converts_to_stockholm(
    monkeypatch: pytest.MonkeyPatch, raw: str, local: datetime
) -> None:
    monkeypatch.setenv("ANHORIG_NOW", raw)
    reset_settings_cache()
    now = clock.now()
    assert now.tzinfo is clock.STOCKHOLM
    assert now.replace(tzinfo=None) == local
    assert now == datetime.fromisoformat(raw.replace("Z", "+00:00"))


def test_now_is_fixed_while_the_override_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_NOW", "2026-11-24T09:30:00+01:00")
    reset_settings_cache()
    assert clock.now() == clock.now()
    assert clock.now().utcoffset() == timedelta(hours=1)


def test_stockholm_zone() -> None:
    assert str(clock.STOCKHOLM) == "Europe/Stockholm"
    assert datetime(2026, 7, 1, tzinfo=clock.STOCKHOLM).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 1, 1, tzinfo=UTC).astimezone(clock.STOCKHOLM).hour == 1
