"""Engines, sessions and schema migrations for the case store.

SQLite is the embedded default (WAL journal, busy timeout, foreign keys); any
SQLAlchemy URL such as ``postgresql+psycopg2://...`` selects PostgreSQL.
Nothing here runs at import time: engines are made by the caller at startup.

SQLite note: Python's sqlite3 driver starts transactions lazily and would let
two writers both read "one seat left" and then fail on upgrade to a write lock.
We therefore let SQLAlchemy emit BEGIN itself and use ``BEGIN IMMEDIATE`` for
units of work that write (see :func:`write_session`), so writers queue on the
busy timeout instead.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE.
SQLITE_IMMEDIATE = "anhorig_sqlite_immediate"

SessionFactory = Callable[[], Session]


def _install_sqlite_listeners(engine: Engine, busy_timeout_ms: int, file_backed: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at driver level: SQLAlchemy's "begin" listener below emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if file_backed:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(SQLITE_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_engine_for(
    url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> Engine:
    """An engine for ``url``: SQLite with WAL, busy timeout and foreign keys, or any server.

    Creates the folder of a SQLite file if needed (``var/`` on a fresh checkout).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, future=True, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if in_memory:
        # One shared connection, so that every session sees the same in-memory database.
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False}
    engine = create_engine(url, **kwargs)
    _install_sqlite_listeners(engine, busy_timeout_ms, file_backed=not in_memory)
    return engine


def create_engine_from_settings() -> Engine:
    """The application's engine: ``ANHORIG_DATABASE_URL``, or SQLite under ``var/``."""
    from bot.settings import get_settings

    return create_engine_for(get_settings().effective_database_url)


def make_session_factory(engine: Engine) -> SessionFactory:
    """Sessions for units of work; objects stay readable after commit."""
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def write_session(session_factory: SessionFactory) -> Iterator[Session]:
    """One writing unit of work, committed on success and rolled back on error.

    On SQLite it takes the database write lock at BEGIN, so that a check
    ("is there a free seat?") and the write after it cannot interleave with
    another writer. On PostgreSQL it is an ordinary READ COMMITTED transaction;
    correctness there comes from unique indexes, row locks and conditional updates.
    """
    with session_factory() as session, session.begin():
        session.connection(execution_options={SQLITE_IMMEDIATE: True})
        yield session


@contextmanager
def read_session(session_factory: SessionFactory) -> Iterator[Session]:
    """One reading unit of work (a plain deferred transaction)."""
    with session_factory() as session, session.begin():
        yield session


def alembic_config(url: str) -> Any:
    """Alembic configuration built in code (no alembic.ini needed), pointing at our scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation: a password with % must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str, revision: str = "head", engine: Optional[Engine] = None) -> None:
    """Bring the schema at ``url`` to ``revision`` (default: newest) with Alembic.

    Pass ``engine`` to reuse one (e.g. the in-memory SQLite engine of a test).
    """
    from alembic import command

    config = alembic_config(url)
    if engine is not None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return
    command.upgrade(config, revision)
    logger.info("database schema upgraded to %s", revision)
