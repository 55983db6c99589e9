"""Helpers shared by the storage and booking tests: freshly migrated databases.

PostgreSQL tests need ``ANHORIG_TEST_POSTGRES_URL`` (``scripts/postgres.sh`` prints
one) and are skipped cleanly without it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import pytest
from sqlalchemy.engine import Engine

from bot.storage import create_engine_for, upgrade_database

POSTGRES_URL_ENV = "ANHORIG_TEST_POSTGRES_URL"


def postgres_url() -> Optional[str]:
    """The test server's URL, or None when no server was started."""
    return os.environ.get(POSTGRES_URL_ENV, "").strip() or None


requires_postgres = pytest.mark.skipif(
    postgres_url() is None, reason=f"{POSTGRES_URL_ENV} is not set (run scripts/postgres.sh)"
)


def sqlite_url(tmp_path: Path, name: str = "test.db") -> str:
    return f"sqlite:///{tmp_path / name}"


def migrated_sqlite(tmp_path: Path) -> Engine:
    url = sqlite_url(tmp_path)
    upgrade_database(url)
    return create_engine_for(url)


def empty_postgres(url: str) -> None:
    """Drop everything in the public schema, so each test starts from nothing."""
    engine = create_engine_for(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


def migrated_postgres(url: str) -> Engine:
    empty_postgres(url)
    upgrade_database(url)
    return create_engine_for(url)
