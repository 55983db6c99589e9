"""The unit of work (bot.storage.unit_of_work): storage failures surface as StorageUnavailable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from bot.callbacks.booking import find_case
from bot.storage import Booking, Case, create_engine_for, make_session_factory
from bot.storage.unit_of_work import StorageUnavailable
from tests.bot.callbacks import bookings
from tests.bot.callbacks.bookings import Db, book, count
from tests.bot.storage import sqlite_url

db = bookings.db  # SQLite, and PostgreSQL when ANHORIG_TEST_POSTGRES_URL is set


def test_unmigrated_database_raises_storage_unavailable(tmp_path: Path) -> None:
    engine = create_engine_for(sqlite_url(tmp_path, "empty.db"))
    try:
        with pytest.raises(StorageUnavailable):
            book(make_session_factory(engine))
        with pytest.raises(StorageUnavailable):
            find_case(make_session_factory(engine), "ABCDEF", "4567")
    finally:
        engine.dispose()


def test_unreachable_server_raises_storage_unavailable() -> None:
    engine = create_engine_for("postgresql+psycopg2://nobody@127.0.0.1:9/none?connect_timeout=2")
    try:
        with pytest.raises(StorageUnavailable):
            book(make_session_factory(engine))
    finally:
        engine.dispose()


def test_failed_commit_confirms_nothing_and_stores_nothing(db: Db, tmp_path: Path) -> None:
    engine = db.factory.kw["bind"]  # type: ignore[attr-defined]

    def fail_commit(connection: Any) -> None:
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    event.listen(engine, "commit", fail_commit)
    try:
        with pytest.raises(StorageUnavailable):
            book(db.factory)
    finally:
        event.remove(engine, "commit", fail_commit)
    assert count(db.factory, Case) == 0
    assert count(db.factory, Booking) == 0
