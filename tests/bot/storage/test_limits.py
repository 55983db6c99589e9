"""The rate-limit store: one counter per key and window, exact under parallel hits."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.clock import STOCKHOLM
from bot.storage import RateLimit, make_session_factory
from bot.storage.limits import DatabaseLimiter, limit_key
from tests.bot.storage import migrated_postgres, migrated_sqlite, postgres_url, requires_postgres

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=STOCKHOLM)
WINDOW = timedelta(minutes=15)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres,
                                                                  requires_postgres])])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        created = migrated_sqlite(tmp_path)
    else:
        url = postgres_url()
        assert url is not None
        created = migrated_postgres(url)
    yield created
    created.dispose()


def test_parallel_hits_of_one_key_never_pass_the_limit(engine: Engine) -> None:
    limiter = DatabaseLimiter(make_session_factory(engine))
    allowed: list[bool] = []
    start = threading.Barrier(12)

    def hit() -> None:
        start.wait()
        allowed.append(limiter.hit("test", "one", limit=5, window=WINDOW, now=NOW).allowed)

    threads = [threading.Thread(target=hit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 5 and len(allowed) == 12
    assert limiter.count("test", "one", now=NOW) == 12


def test_windows_end_and_old_counters_are_pruned(engine: Engine) -> None:
    factory = make_session_factory(engine)
    limiter = DatabaseLimiter(factory)
    assert limiter.hit("test", "a", limit=1, window=WINDOW, now=NOW).allowed
    assert not limiter.hit("test", "a", limit=1, window=WINDOW, now=NOW).allowed
    later = NOW + WINDOW
    assert limiter.hit("test", "b", limit=1, window=WINDOW, now=later).allowed
    with factory() as session:
        assert [row.key for row in session.query(RateLimit)] == ["b"]  # "a" ended and went
    assert limiter.hit("test", "a", limit=1, window=WINDOW, now=later).allowed


def test_keys_are_keyed_hashes() -> None:
    key = limit_key(b"secret", "address", "203.0.113.5")
    assert len(key) == 64 and "203" not in key
    assert key != limit_key(b"other", "address", "203.0.113.5")
    assert key == limit_key("secret", "address", "203.0.113.5")
