from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bot.storage import Base, create_engine_for, upgrade_database
from bot.storage.engine import alembic_config
from tests.bot.storage import empty_postgres, postgres_url, requires_postgres, sqlite_url

TABLES = {
    "cases", "bookings", "case_events", "contact_states",
    # 0002, the staff dashboard
    "staff_users", "staff_sessions", "api_tokens", "login_attempts", "audit_events", "case_notes",
    # 0003, the widget's idempotent answers
    "chat_replies",
    # 0004, rate limits (and api_tokens.expires_at)
    "rate_limits",
}


def schema_of(engine: Engine) -> dict[str, Any]:
    """Tables, columns, indexes, unique/check constraints and foreign keys, comparable."""
    inspector = inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        schema[table] = {
            "columns": sorted(
                (c["name"], c["nullable"], type(c["type"]).__name__)
                for c in inspector.get_columns(table)
            ),
            "pk": sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "uniques": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            ),
            "checks": sorted(c["name"] for c in inspector.get_check_constraints(table)),
            "fks": sorted(
                (f["name"], tuple(f["constrained_columns"]), f["referred_table"],
                 (f.get("options") or {}).get("ondelete"))
                for f in inspector.get_foreign_keys(table)
            ),
        }
    return schema


def partial_index_sql(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE :p"
        else:
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE :p"
        rows = connection.execute(text(query), {"p": "uq_bookings%"}).all()
    return {name: sql for name, sql in rows}


def assert_migration_matches_models(url: str, reset: Any) -> None:
    upgrade_database(url)
    migrated = create_engine_for(url)
    try:
        with migrated.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        migrated_schema = schema_of(migrated)
        migrated_partial = partial_index_sql(migrated)
    finally:
        migrated.dispose()
    reset()
    created = create_engine_for(url)
    try:
        Base.metadata.create_all(created)
        assert schema_of(created) == migrated_schema
        assert partial_index_sql(created) == migrated_partial
    finally:
        created.dispose()
    assert set(migrated_schema) == TABLES
    assert set(migrated_partial) == {"uq_bookings_active_seat", "uq_bookings_active_case"}
    assert all("status = 'active'" in sql or "'active'::text" in sql
               for sql in migrated_partial.values())


def test_sqlite_migration_produces_the_models_schema(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)

    def reset() -> None:
        (tmp_path / "test.db").unlink()

    assert_migration_matches_models(url, reset)


@pytest.mark.postgres
@requires_postgres
def test_postgres_migration_produces_the_models_schema() -> None:
    url = postgres_url()
    assert url is not None
    empty_postgres(url)
    assert_migration_matches_models(url, lambda: empty_postgres(url))


def test_upgrade_is_repeatable_and_downgrade_removes_everything(tmp_path: Path) -> None:
    from alembic import command

    url = sqlite_url(tmp_path)
    upgrade_database(url)
    upgrade_database(url)  # second run is a no-op
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert version.scalar() == "0004"
        command.downgrade(alembic_config(url), "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_offline_sql_can_be_generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command

    command.upgrade(alembic_config(sqlite_url(tmp_path)), "head", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE cases" in sql
    assert "CREATE UNIQUE INDEX uq_bookings_active_seat" in sql


def test_0004_adds_token_expiry_to_existing_tokens_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    url = sqlite_url(tmp_path)
    upgrade_database(url, "0003")
    engine = create_engine_for(url)
    try:
        assert "expires_at" not in {c["name"] for c in inspect(engine).get_columns("api_tokens")}
        upgrade_database(url)
        assert "expires_at" in {c["name"] for c in inspect(engine).get_columns("api_tokens")}
        assert "rate_limits" in inspect(engine).get_table_names()
        command.downgrade(alembic_config(url), "0003")
        inspect_again = inspect(engine)
        assert "expires_at" not in {c["name"] for c in inspect_again.get_columns("api_tokens")}
        assert "rate_limits" not in inspect_again.get_table_names()
    finally:
        engine.dispose()
