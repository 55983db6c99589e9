"""The periodic jobs write one INFO line per run: what ran, the counts and the time taken."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.callbacks.jobs import Maintenance
from bot.knowledge.loader import load_profile
from bot.settings import PROJECT_ROOT
from bot.storage import upgrade_database

SUMMARY = re.compile(
    r"^jobs escalation and retention: (\d+) escalated, (\d+) ended cases cleared, "
    r"\d+ conversations deleted, \d+ ms$"
)


def test_each_run_of_the_jobs_gives_one_summary_line(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    upgrade_database(url)
    jobs = Maintenance(url, load_profile("ekero", PROJECT_ROOT / "data"))
    caplog.clear()
    caplog.set_level(logging.INFO, logger="bot.callbacks.jobs")
    jobs.tick()
    jobs.tick()
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.callbacks.jobs"]
    assert len(lines) == 2 and all(SUMMARY.match(line) for line in lines), lines
    assert SUMMARY.match(lines[0]).groups() == ("0", "0")  # type: ignore[union-attr]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
