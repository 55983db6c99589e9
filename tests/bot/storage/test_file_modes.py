"""The case database, Rasa's tracker store and var/ are readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text

from bot.settings import Settings
from bot.storage.engine import create_engine_for, private_sqlite_file, sqlite_file_of, upgrade_database
from bot.tools import runner


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The usual umask (022), under which files would be readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_fresh_case_database_is_private(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'anhoriglotsen.db'}"
    engine = create_engine_for(url)
    upgrade_database(url)
    with engine.begin() as connection:  # a write, so that SQLite has its journal files open
        connection.execute(text("CREATE TABLE probe (x INTEGER)"))
        connection.execute(text("INSERT INTO probe VALUES (1)"))
        database = tmp_path / "var" / "anhoriglotsen.db"
        assert mode(database) == 0o600
        assert mode(tmp_path / "var") == 0o700
        for companion in ("-wal", "-shm"):
            file = database.with_name(database.name + companion)
            assert file.exists() and mode(file) == 0o600
    engine.dispose()


def test_an_existing_readable_database_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "cases.db"
    database.touch(mode=0o644)
    (tmp_path / "cases.db-wal").touch(mode=0o644)
    assert mode(database) == 0o644
    create_engine_for(f"sqlite:///{database}").dispose()
    assert mode(database) == 0o600 and mode(tmp_path / "cases.db-wal") == 0o600


def test_in_memory_and_server_databases_have_no_file() -> None:
    assert sqlite_file_of("sqlite://") is None
    assert sqlite_file_of("sqlite:///:memory:") is None
    assert sqlite_file_of("postgresql+psycopg2://u:p@db/anhorig") is None
    create_engine_for("sqlite://").dispose()


def test_private_sqlite_file_keeps_the_content(tmp_path: Path) -> None:
    database = tmp_path / "x.db"
    database.write_bytes(b"data")
    os.chmod(database, 0o664)
    private_sqlite_file(database)
    assert database.read_bytes() == b"data" and mode(database) == 0o600


def test_the_runner_makes_var_and_rasas_tracker_store_private(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir(mode=0o755)
    os.chmod(tmp_path / "var", 0o755)
    (tmp_path / "endpoints.yml").write_text(
        'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "var/rasa_tracker.db"\n', encoding="utf-8")
    tracker = runner.prepare_private_storage(tmp_path)
    assert tracker == tmp_path / "var" / "rasa_tracker.db"
    assert mode(tmp_path / "var") == 0o700 and mode(tracker) == 0o600


def test_the_runner_leaves_other_tracker_stores_alone(tmp_path: Path) -> None:
    (tmp_path / "endpoints.yml").write_text("tracker_store:\n  type: redis\n", encoding="utf-8")
    assert runner.prepare_private_storage(tmp_path) is None
    assert mode(tmp_path / "var") == 0o700
    assert runner.rasa_tracker_file(tmp_path / "missing") is None


def test_the_services_create_files_for_their_owner_only(tmp_path: Path) -> None:
    service = runner.Service("probe", [sys.executable, "-c", "open('made.db', 'w').close()"], "")
    runner.start_services([service], root=tmp_path, settings=Settings())
    assert service.process is not None
    try:
        assert service.process.wait(timeout=60) == 0
    except subprocess.TimeoutExpired:  # pragma: no cover - only when the machine hangs
        service.process.kill()
        raise
    assert mode(tmp_path / "made.db") == 0o600


def test_the_rasa_entry_point_runs_with_a_private_umask(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import rasa.__main__

    import bot.rasa_patches
    from bot.rasa_patches import serve

    made: list[int] = []

    def fake_rasa() -> None:  # what Rasa's SQLite tracker store does: create its file
        (tmp_path / "rasa_tracker.db").touch()
        made.append(mode(tmp_path / "rasa_tracker.db"))

    monkeypatch.setattr(bot.rasa_patches, "install", lambda: None)
    monkeypatch.setattr(serve, "locked_down", lambda arguments: list(arguments))
    monkeypatch.setattr(rasa.__main__, "main", fake_rasa)
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    serve.main(["run", "--model", "m.tar.gz"])
    assert made == [0o600]
