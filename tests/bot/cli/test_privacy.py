"""``anhoriglots purge``: retention once, with the clock moved forward; counts only in its output."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Iterator

import pytest

from bot.callbacks import dialogue as flow
from bot.callbacks.booking import create_case_and_booking
from bot.callbacks.cases import get_case, set_case_status
from bot.callbacks.jobs import Maintenance, Retention, purge
from bot.cli.main import main
from bot.knowledge.loader import clear_cache, load_profile
from bot.settings import PROJECT_ROOT, reset_settings_cache
from bot.storage import CaseStatus, create_engine_for, make_session_factory
from tests.bot.cli.test_booking import MONDAY_MORNING
from tests.bot.storage.test_tracker_retention import last_active
from tests.bot.storage.test_tracker_store import rows, saved


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ANHORIG_DATABASE_URL", url)
    monkeypatch.setenv("ANHORIG_TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "ekero")
    for name in ("ANHORIG_DATA_DIR", "ANHORIG_NOW", "ANHORIG_CASE_RETENTION_DAYS",
                 "ANHORIG_CONVERSATION_RETENTION_HOURS"):
        monkeypatch.delenv(name, raising=False)
    reset_settings_cache()
    clear_cache()
    yield url
    reset_settings_cache()
    clear_cache()
    flow.reset_storage()


def ended_case(url: str) -> str:
    profile = load_profile("ekero", PROJECT_ROOT / "data")
    factory = make_session_factory(create_engine_for(url))
    slot = flow.offer(factory, profile, "kontakt_aldreomsorg", None, now=MONDAY_MORNING)[0]
    reference = create_case_and_booking(
        factory, municipality="ekero", slot=slot, consent=True, name="Anna Svensson",
        phone="0701740690", message="Ring efter lunch", situation_summary="Mamma, 84, demens.",
        transcript="Anhörig: hej", transcript_consent=True, link_id="aldreomsorg_demens",
        now=MONDAY_MORNING,
    ).reference
    set_case_status(factory, reference, CaseStatus.CALLED, "staff", now=MONDAY_MORNING + timedelta(hours=2))
    return reference


def tracker_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"  # ANHORIG_TRACKER_STORE_URL of the database fixture


def test_purge_clears_old_cases_and_conversations_and_prints_counts(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "upgrade"]) == 0
    reference = ended_case(database)
    path = tracker_path(tmp_path)
    saved(path, "web-old")
    saved(path, "web-today")
    last_active(path, "web-old", MONDAY_MORNING)
    last_active(path, "web-today", MONDAY_MORNING + timedelta(days=22))
    factory = make_session_factory(create_engine_for(database))

    # One day later: nothing is old enough yet.
    monkeypatch.setenv("ANHORIG_NOW", (MONDAY_MORNING + timedelta(hours=20)).isoformat())
    reset_settings_cache()
    capsys.readouterr()
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "personal data cleared in 0 case(s)" in out and "0 deleted (0 events)" in out
    kept = get_case(factory, reference)
    assert kept is not None and kept.name == "Anna Svensson"

    # Three weeks and a day later (the defaults: 21 days, 24 hours).
    monkeypatch.setenv("ANHORIG_NOW", (MONDAY_MORNING + timedelta(days=22)).isoformat())
    reset_settings_cache()
    old_rows = rows(path, "web-old")
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "older than 21 days: personal data cleared in 1 case(s)" in out
    assert f"more than 24 hours: 1 deleted ({old_rows} events)" in out
    for secret in ("Anna", "0701740690", "+4670", "lunch", "demens", reference, "web-old"):
        assert secret not in out
    case = get_case(factory, reference)
    assert case is not None and case.name is None and case.phone_e164 is None
    assert case.situation_summary is None and case.transcript is None and case.message is None
    assert case.status == CaseStatus.CALLED.value and case.municipality == "ekero"
    assert rows(path, "web-old") == 0 and rows(path, "web-today") > 0

    assert main(["purge"]) == 0  # idempotent
    assert "cleared in 0 case(s)" in capsys.readouterr().out


def test_the_periods_come_from_the_settings(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "upgrade"]) == 0
    path = tracker_path(tmp_path)
    saved(path, "web-a")
    last_active(path, "web-a", MONDAY_MORNING)
    monkeypatch.setenv("ANHORIG_NOW", (MONDAY_MORNING + timedelta(hours=3)).isoformat())
    monkeypatch.setenv("ANHORIG_CONVERSATION_RETENTION_HOURS", "2")
    reset_settings_cache()
    assert Retention.from_settings().conversation_hours == 2
    assert main(["purge"]) == 0
    assert "more than 2 hours: 1 deleted" in capsys.readouterr().out


def test_the_scheduled_job_purges_conversations_too(database: str, tmp_path: Path) -> None:
    assert main(["db", "upgrade"]) == 0
    path = tracker_path(tmp_path)
    saved(path, "web-a")
    last_active(path, "web-a", MONDAY_MORNING - timedelta(days=30))
    retention = Retention(case_days=21, conversation_hours=24, tracker_store_url=f"sqlite:///{path}")
    Maintenance(database, load_profile("ekero", PROJECT_ROOT / "data"), retention).tick()
    assert rows(path, "web-a") == 0
    factory = make_session_factory(create_engine_for(database))
    assert purge(factory, retention, now=MONDAY_MORNING).conversations.conversations == 0


def test_purge_reports_an_unreachable_store(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "upgrade"]) == 0
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("ANHORIG_TRACKER_STORE_URL", f"sqlite:///{broken}")
    reset_settings_cache()
    assert main(["purge"]) == 1
    assert "cannot purge: TrackerStoreUnavailable" in capsys.readouterr().err


def test_purge_deletes_widget_answers_older_than_a_quarter_of_an_hour(
    database: str, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from bot.storage.models import ChatReply

    assert main(["db", "upgrade"]) == 0
    factory = make_session_factory(create_engine_for(database))
    with factory() as session:
        for key, minutes in (("old", 16), ("recent", 5)):
            session.add(ChatReply(key_hash=key, visitor_hash="v", text_hash="t",
                                  response={"messages": []},
                                  created_at=MONDAY_MORNING - timedelta(minutes=minutes)))
        session.commit()
    retention = Retention(case_days=21, conversation_hours=24,
                          tracker_store_url=f"sqlite:///{tracker_path(tmp_path)}")
    saved(tracker_path(tmp_path), "web-b")
    purge(factory, retention, now=MONDAY_MORNING)
    with factory() as session:
        assert session.execute(select(ChatReply.key_hash)).scalars().all() == ["recent"]
        assert session.execute(select(func.count()).select_from(ChatReply)).scalar_one() == 1
