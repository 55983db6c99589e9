"""Engines, sessions and schema migrations for the case store.

SQLite is the embedded default (WAL journal, busy timeout, foreign keys); any
SQLAlchemy URL such as ``postgresql+psycopg2://...`` selects PostgreSQL.
Nothing here runs at import time: engines are made by the caller at startup.

A SQLite file holds personal data, so it is private to the user the app runs as: a
missing folder is made with mode 0700 and the file with mode 0600 before the first
connection, and an existing file gets 0600 (:func:`private_sqlite_file`); the SQLite
journal files (``-wal``, ``-shm``) take the file's mode.

SQLite note: Python's sqlite3 driver starts transactions lazily and would let
two writers both read "one seat left" and then fail on upgrade to a write lock.
We therefore let SQLAlchemy emit BEGIN itself and use ``BEGIN IMMEDIATE`` for
units of work that write (see :func:`write_session`), so writers queue on the
busy timeout instead.
"""

from __future__ import annotations

import logging
import os
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

# The case database, Rasa's tracker store and var/ are readable by their owner only.
PRIVATE_DIRECTORY_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SQLITE_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")

SessionFactory = Callable[[], Session]


def private_directory(path: Path) -> Path:
    """Make ``path`` (and missing parents) and give it mode 0700: only its owner may enter."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIRECTORY_MODE)
    _chmod(path, PRIVATE_DIRECTORY_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as exc:  # another owner, a read-only mount: the host's permissions stand
        logger.warning("cannot set mode %o on %s: %s", mode, path, type(exc).__name__)


def sqlite_file_of(url: str) -> Optional[Path]:
    """The file of a SQLite URL, or None (another database, in memory, a ``file:`` URI)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def private_sqlite_file(path: Path) -> Path:
    """Create the SQLite file ``path`` with mode 0600 if missing (its folder with 0700);
    give an existing one, and its journal files, mode 0600.

    An empty file is an empty SQLite database, so SQLite opens the file made here.
    """
    if not path.parent.exists():
        private_directory(path.parent)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
        except FileExistsError:  # another process made it at this moment: chmod below
            pass
    for file in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANION_SUFFIXES)):
        if file.exists():
            _chmod(file, PRIVATE_FILE_MODE)
    return path


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

    Creates the folder of a SQLite file if needed (``var/`` on a fresh checkout, mode
    0700) and the file itself with mode 0600 (:func:`private_sqlite_file`).
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
        path = sqlite_file_of(url)
        if path is None:  # a file: URI names its file in SQLite's own syntax
            Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        else:
            private_sqlite_file(path)
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
