"""Helpers shared by the booking-service tests: a small profile, a slot, a booker, the database.

The database fixture ``db`` runs each test on SQLite and, when
``ANHORIG_TEST_POSTGRES_URL`` is set, on PostgreSQL too. The conftest registers
the fixtures by naming them (``db = bookings.db``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest
from sqlalchemy import func, select

from bot import settings
from bot.callbacks.booking import create_case_and_booking
from bot.callbacks.calendar import Slot
from bot.clock import STOCKHOLM
from bot.storage import SessionFactory, make_session_factory, read_session
from tests.bot.storage import migrated_postgres, migrated_sqlite, postgres_url, requires_postgres, sqlite_url


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@dataclass(frozen=True)
class Hours:
    start: time
    end: time


@dataclass(frozen=True)
class Contact:
    id: str
    is_coordinator: bool = False
    districts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    id: str
    chain: tuple[str, ...]
    escalation_hours: float


@dataclass(frozen=True)
class Profile:
    id: str
    office_hours: dict[str, Optional[Hours]]
    contact_points: list[Contact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


OFFICE: dict[str, Optional[Hours]] = {
    day: Hours(time(8), time(16))
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
}
OFFICE.update(saturday=None, sunday=None)
PROFILE = Profile(
    id="ekero",
    office_hours=OFFICE,
    contact_points=[
        Contact("anna"),
        Contact("bertil"),
        Contact("cecilia", is_coordinator=True, districts=("Ekerö",)),
        Contact("david", is_coordinator=True, districts=("Färingsö",)),
    ],
    links=[Link("dementia", ("anna", "bertil"), 4.0)],
)

NOW = at(2025, 11, 24, 10)  # Monday, office open
SLOT = Slot("anna", at(2025, 11, 25, 10), at(2025, 11, 25, 12), capacity=2)
OTHER_SLOT = Slot("anna", at(2025, 11, 27, 13), at(2025, 11, 27, 15), capacity=1)
PHONE = "070-123 45 67"


@dataclass
class Db:
    url: str
    factory: SessionFactory


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=[pytest.mark.postgres, requires_postgres])]
)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    if request.param == "sqlite":
        engine = migrated_sqlite(tmp_path)
        url = sqlite_url(tmp_path)
    else:
        url = postgres_url() or ""
        engine = migrated_postgres(url)
    yield Db(url, make_session_factory(engine))
    engine.dispose()


@pytest.fixture
def factory(db: Db) -> SessionFactory:
    return db.factory


@pytest.fixture
def set_now(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def set_value(value: str) -> None:
        monkeypatch.setenv("ANHORIG_NOW", value)
        settings.reset_settings_cache()

    yield set_value
    monkeypatch.delenv("ANHORIG_NOW", raising=False)
    settings.reset_settings_cache()


def book(factory: SessionFactory, slot: Slot = SLOT, **overrides: Any):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = dict(
        municipality="ekero", slot=slot, consent=True, name="Karin", phone=PHONE,
        link_id="dementia", target_group="dementia", now=NOW,
    )
    values.update(overrides)
    return create_case_and_booking(factory, **values)


def count(factory: SessionFactory, model: Any, *where: Any) -> int:
    with read_session(factory) as session:
        return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar())


def run_in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def target(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[index] = exc

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results
