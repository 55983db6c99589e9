from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

import bot.storage.engine as engine_module
from bot.clock import STOCKHOLM
from bot.storage import (
    Booking,
    Case,
    CaseEvent,
    create_engine_for,
    make_session_factory,
    read_session,
    write_session,
)
from tests.bot.storage import migrated_postgres, migrated_sqlite, postgres_url, requires_postgres

NOW = datetime(2025, 11, 24, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=[pytest.mark.postgres, requires_postgres])]
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = migrated_sqlite(tmp_path)
    else:
        url = postgres_url()
        assert url is not None
        eng = migrated_postgres(url)
    yield eng
    eng.dispose()


def new_case(reference: str = "ABC234", **overrides: object) -> Case:
    values: dict[str, object] = dict(
        reference=reference, municipality="ekero", status="booked", after_hours=False,
        consent=True, transcript_consent=False, created_at=NOW, updated_at=NOW,
        escalation_level=0,
    )
    values.update(overrides)
    return Case(**values)


def new_booking(case_id: int, seat: int = 1, status: str = "active") -> Booking:
    return Booking(
        case_id=case_id, municipality="ekero", contact_point_id="anna",
        slot_start=NOW + timedelta(days=1), slot_end=NOW + timedelta(days=1, hours=2),
        seat=seat, status=status, created_at=NOW,
    )


def add_case(session: Session, reference: str) -> int:
    case = new_case(reference)
    session.add(case)
    session.flush()
    return int(case.id)


def test_datetimes_come_back_aware_in_utc(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        add_case(session, "ABC234")
    with read_session(factory) as session:
        case = session.execute(select(Case)).scalar_one()
        assert case.created_at.tzinfo is not None
        assert case.created_at.utcoffset() == timedelta(0)
        assert case.created_at == NOW
        assert case.created_at == datetime(2025, 11, 24, 9, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with pytest.raises(StatementError):
        with write_session(factory) as session:
            session.add(new_case(created_at=datetime(2025, 11, 24, 10)))
            session.flush()


def test_times_compare_as_instants(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        add_case(session, "ABC234")
    with read_session(factory) as session:
        after = datetime(2025, 11, 24, 9, 30, tzinfo=UTC)
        before = datetime(2025, 11, 24, 8, 30, tzinfo=UTC)
        assert session.execute(select(Case).where(Case.created_at < after)).first()
        assert not session.execute(select(Case).where(Case.created_at < before)).first()


def test_one_active_booking_per_seat(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        first, second = add_case(session, "ABC234"), add_case(session, "ABC235")
        session.add(new_booking(first, seat=1))
    with pytest.raises(IntegrityError):
        with write_session(factory) as session:
            session.add(new_booking(second, seat=1))
    with write_session(factory) as session:
        session.add(new_booking(second, seat=2))


def test_cancelled_bookings_free_their_seat(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        first, second = add_case(session, "ABC234"), add_case(session, "ABC235")
        session.add(new_booking(first, seat=1, status="cancelled"))
        session.add(new_booking(second, seat=1))
    with read_session(factory) as session:
        assert len(session.execute(select(Booking)).all()) == 2


def test_one_active_booking_per_case(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        case_id = add_case(session, "ABC234")
        session.add(new_booking(case_id, seat=1))
    with pytest.raises(IntegrityError):
        with write_session(factory) as session:
            booking = new_booking(case_id, seat=2)
            booking.slot_start += timedelta(days=1)
            booking.slot_end += timedelta(days=1)
            session.add(booking)


@pytest.mark.parametrize(
    "make",
    [
        lambda case_id: new_booking(case_id, seat=0),
        lambda case_id: new_booking(case_id, status="maybe"),
        lambda case_id: new_booking(case_id + 1000),  # no such case: foreign keys are on
    ],
)
def test_constraints_hold(engine: Engine, make) -> None:  # type: ignore[no-untyped-def]
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        case_id = add_case(session, "ABC234")
    with pytest.raises(IntegrityError):
        with write_session(factory) as session:
            session.add(make(case_id))


def test_case_status_is_checked(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with pytest.raises(IntegrityError):
        with write_session(factory) as session:
            session.add(new_case(status="lost"))


def test_references_are_unique(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        add_case(session, "ABC234")
    with pytest.raises(IntegrityError):
        with write_session(factory) as session:
            add_case(session, "ABC234")


def test_deleting_a_case_deletes_its_bookings_and_events(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        case_id = add_case(session, "ABC234")
        session.add(new_booking(case_id))
        session.add(CaseEvent(case_id=case_id, at=NOW, kind="created", actor="test", detail={}))
    with write_session(factory) as session:
        session.delete(session.get(Case, case_id))
    with read_session(factory) as session:
        assert session.execute(select(Booking)).first() is None
        assert session.execute(select(CaseEvent)).first() is None


def test_version_column_detects_lost_updates(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        case_id = add_case(session, "ABC234")
    first, second = factory(), factory()
    try:
        one, two = first.get(Case, case_id), second.get(Case, case_id)
        second.commit()  # keep the loaded (soon stale) object, end the read snapshot
        one.status = "taken"
        first.commit()
        two.status = "cancelled"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()


def test_event_detail_is_json(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with write_session(factory) as session:
        case_id = add_case(session, "ABC234")
        session.add(
            CaseEvent(case_id=case_id, at=NOW, kind="escalated", actor="job",
                      detail={"from": "anna", "to": "bertil", "level": 1})
        )
    with read_session(factory) as session:
        event = session.execute(select(CaseEvent)).scalar_one()
        assert event.detail == {"from": "anna", "to": "bertil", "level": 1}


# ---------------------------------------------------------------- engine


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        assert (tmp_path / "sub" / "x.db").exists()
    finally:
        engine.dispose()


def test_in_memory_sqlite_is_shared_between_sessions() -> None:
    engine = create_engine_for("sqlite://")
    try:
        from bot.storage import upgrade_database

        upgrade_database("sqlite://", engine=engine)
        factory = make_session_factory(engine)
        with write_session(factory) as session:
            add_case(session, "ABC234")
        with read_session(factory) as session:
            assert session.execute(select(Case.reference)).scalar_one() == "ABC234"
    finally:
        engine.dispose()


def test_write_sessions_begin_immediate_on_sqlite(tmp_path: Path) -> None:
    engine = migrated_sqlite(tmp_path)
    statements: list[str] = []
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    try:
        factory = make_session_factory(engine)
        with write_session(factory) as session:
            session.execute(select(Case)).all()
        with read_session(factory) as session:
            session.execute(select(Case)).all()
    finally:
        engine.dispose()
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_engine_from_settings_uses_the_configured_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import settings
    from bot.storage import create_engine_from_settings

    monkeypatch.setenv("ANHORIG_DATABASE_URL", f"sqlite:///{tmp_path / 'configured.db'}")
    settings.reset_settings_cache()
    try:
        engine = create_engine_from_settings()
        assert engine.url.database == str(tmp_path / "configured.db")
        engine.dispose()
    finally:
        monkeypatch.delenv("ANHORIG_DATABASE_URL")
        settings.reset_settings_cache()


def test_no_engine_at_import_time() -> None:
    assert not any(isinstance(value, Engine) for value in vars(engine_module).values())
