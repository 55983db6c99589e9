"""``anhoriglots db upgrade``, ``anhoriglots escalate``, the jobs and the startup checks."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import inspect

from bot.callbacks import dialogue as flow
from bot.callbacks.booking import cancel_booking, create_case_and_booking
from bot.callbacks.cases import case_history, get_case, set_case_status
from bot.callbacks.jobs import Maintenance, purge_once
from bot.cli.main import main
from bot.clock import STOCKHOLM
from bot.knowledge.loader import clear_cache, load_profile
from bot.settings import PROJECT_ROOT, get_settings, reset_settings_cache
from bot.storage import CaseStatus, create_engine_for, make_session_factory
from bot.tools import runner
from bot.tools.action_server import check_startup
from bot.tools.action_server import main as action_server_main
from tests.bot.knowledge.conftest import minimal_profile, write_data_dir

MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ANHORIG_DATABASE_URL", url)
    monkeypatch.setenv("ANHORIG_TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "ekero")
    monkeypatch.delenv("ANHORIG_DATA_DIR", raising=False)
    monkeypatch.delenv("ANHORIG_NOW", raising=False)
    reset_settings_cache()
    clear_cache()
    yield url
    reset_settings_cache()
    clear_cache()
    flow.reset_storage()


def tables(url: str) -> set[str]:
    engine = create_engine_for(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


# -- db upgrade ---------------------------------------------------------------------------


def test_db_upgrade_creates_the_schema_and_is_idempotent(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert {"cases", "bookings", "case_events", "contact_states", "alembic_version"} <= tables(database)
    assert "is at revision head" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0


def test_db_upgrade_reports_an_unusable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANHORIG_DATABASE_URL", "postgresql+psycopg2://u:secret@127.0.0.1:1/none")
    reset_settings_cache()
    try:
        assert main(["db", "upgrade"]) == 1
    finally:
        reset_settings_cache()
    err = capsys.readouterr().err
    assert "could not upgrade" in err and "secret" not in err


# -- escalate -------------------------------------------------------------------------------


def booked_case(url: str, now: datetime) -> str:
    profile = load_profile("ekero", PROJECT_ROOT / "data")
    factory = make_session_factory(create_engine_for(url))
    slot = flow.offer(factory, profile, "kontakt_aldreomsorg", None, now=now)[0]
    confirmation = create_case_and_booking(
        factory, municipality="ekero", slot=slot, consent=True, name="Anna", phone="0701740690",
        link_id="aldreomsorg_demens", office_hours=profile.office_hours, now=now,
    )
    return confirmation.reference


def test_escalate_moves_an_overdue_case_once(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    reference = booked_case(database, MONDAY_MORNING)
    # The link gives 16 working hours: Monday 09.00 + 16 h of 08.00-16.30 is Wednesday 08.00.
    monkeypatch.setenv("ANHORIG_NOW", "2026-11-25T08:30:00+01:00")
    reset_settings_cache()
    capsys.readouterr()
    assert main(["escalate"]) == 0
    out = capsys.readouterr().out
    assert f"{reference}: kontakt_aldreomsorg -> coordinator anhorigkonsulent (level 1" in out
    assert "1 case(s) moved in ekero." in out
    assert main(["escalate"]) == 0
    assert "No overdue cases in ekero." in capsys.readouterr().out
    factory = make_session_factory(create_engine_for(database))
    assert [e.kind for e in case_history(factory, reference)] == ["created", "booked", "escalated"]
    case = get_case(factory, reference)
    assert case is not None and case.contact_point_id == "anhorigkonsulent"


def test_escalate_before_the_deadline_moves_nothing(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    booked_case(database, MONDAY_MORNING)
    monkeypatch.setenv("ANHORIG_NOW", "2026-11-24T16:00:00+01:00")
    reset_settings_cache()
    assert main(["escalate"]) == 0
    assert "No overdue cases in ekero." in capsys.readouterr().out


def test_escalate_with_an_unknown_profile_fails(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["escalate", "--municipality", "nowhere"]) == 1
    assert "no profile 'nowhere'" in capsys.readouterr().err


def test_escalate_without_a_schema_fails_cleanly(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["escalate"]) == 1
    assert "cannot escalate" in capsys.readouterr().err


# -- periodic jobs ----------------------------------------------------------------------------


def test_maintenance_tick_escalates_and_purges(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["db", "upgrade"]) == 0
    overdue = booked_case(database, MONDAY_MORNING)
    ended = booked_case(database, MONDAY_MORNING)
    factory = make_session_factory(create_engine_for(database))
    set_case_status(factory, ended, CaseStatus.CALLED, "staff", now=MONDAY_MORNING + timedelta(hours=1))
    monkeypatch.setenv("ANHORIG_NOW", "2026-12-21T09:00:00+01:00")  # four weeks later
    reset_settings_cache()
    jobs = Maintenance(database, load_profile("ekero", PROJECT_ROOT / "data"))
    jobs.tick()
    jobs.tick()  # idempotent
    kinds = [e.kind for e in case_history(factory, overdue)]
    assert kinds.count("escalated") == 1
    purged = get_case(factory, ended)
    assert purged is not None and purged.phone_e164 is None and purged.name is None
    assert [e.kind for e in case_history(factory, ended)].count("personal_data_purged") == 1


def test_purge_keeps_recent_and_open_cases(database: str) -> None:
    assert main(["db", "upgrade"]) == 0
    factory = make_session_factory(create_engine_for(database))
    reference = booked_case(database, MONDAY_MORNING)
    cancel_booking(factory, reference, "0690", now=MONDAY_MORNING)
    open_case = booked_case(database, MONDAY_MORNING)
    assert purge_once(factory, now=MONDAY_MORNING + timedelta(days=flow.RETENTION_DAYS - 1)) == 0
    assert purge_once(factory, now=MONDAY_MORNING + timedelta(days=60)) == 0  # cancelling cleared it
    still_open = get_case(factory, open_case)
    assert still_open is not None and still_open.phone_e164 == "+46701740690"


def test_maintenance_tick_survives_a_broken_database(caplog: pytest.LogCaptureFixture) -> None:
    jobs = Maintenance("sqlite:////nonexistent-dir/x/y.db", load_profile("ekero", PROJECT_ROOT / "data"))
    jobs.tick()
    assert "jobs failed" in caplog.text


# -- startup ---------------------------------------------------------------------------------


def test_action_server_refuses_an_invalid_profile(
    database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = minimal_profile()
    broken["links"][0]["chain"].append("x")
    monkeypatch.setenv("ANHORIG_DATA_DIR", str(write_data_dir(tmp_path, {"testkommun": broken})))
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "testkommun")
    reset_settings_cache()
    served: list[Any] = []
    monkeypatch.setattr("bot.tools.action_server.serve", lambda args, host, secret: served.append(args))
    assert action_server_main(["--actions", "actions", "--port", "1"]) == 1
    assert served == []
    assert "unknown contact point 'x'" in capsys.readouterr().err
    assert "cases" not in tables(database)


def test_action_server_upgrades_the_database_then_serves(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Any] = []
    monkeypatch.setattr("bot.privacy.logs.install_log_masking", lambda: served.append("masked logs"))
    monkeypatch.setattr("bot.tools.action_server.serve", lambda args, host, secret: served.append(args))
    assert action_server_main(["--actions", "actions", "--port", "5999"]) == 0
    assert served.pop(0) == "masked logs"
    assert len(served) == 1 and served[0].port == 5999 and served[0].actions == "actions"
    assert "cases" in tables(database)
    assert check_startup()


def test_run_upgrades_the_database_and_passes_the_jobs(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(settings: Any, **kwargs: Any) -> int:
        seen.update(kwargs, tables=tables(database))
        return 0

    monkeypatch.setattr(runner, "run", fake_run)
    assert main(["run"]) == 0
    assert "cases" in seen["tables"]
    assert callable(seen["periodic"]) and seen["periodic_interval"] == 300.0


def test_run_refuses_when_the_database_cannot_be_upgraded(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANHORIG_DATABASE_URL", "postgresql+psycopg2://u:p@127.0.0.1:1/none")
    reset_settings_cache()
    monkeypatch.setattr(runner, "run", lambda *a, **k: pytest.fail("must not start"))
    assert main(["run"]) == 1
    assert "Databasen kunde inte uppgraderas" in capsys.readouterr().err


def test_runner_calls_the_periodic_jobs_while_running(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[int] = []

    def periodic() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # what Ctrl-C does

    monkeypatch.setattr(runner, "ensure_model", lambda root: tmp_path / "model.tar.gz")
    monkeypatch.setattr(
        runner, "service_commands",
        lambda settings, model: [runner.Service(
            "idle", [sys.executable, "-c", "import time; time.sleep(60)"], "")],
    )
    monkeypatch.setattr(runner, "wait_healthy", lambda services, timeout: None)
    monkeypatch.setattr(runner.time, "sleep", lambda seconds: None)
    assert runner.run(get_settings(), root=tmp_path, periodic=periodic, periodic_interval=0.0) == 0
    assert len(calls) == 3


def test_action_server_command_is_the_checked_entry_point() -> None:
    (actions, *_rest) = runner.service_commands(get_settings(), Path("model.tar.gz"), python="py")
    assert actions.command[:3] == ["py", "-m", "bot.tools.action_server"]
