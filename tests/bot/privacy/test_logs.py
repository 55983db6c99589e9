"""Every log record is masked once the masking is installed (bot.privacy.logs)."""

from __future__ import annotations

import logging
from typing import Iterator

import pytest

from bot.privacy import logs


@pytest.fixture()
def masked_logging() -> Iterator[None]:
    previous = logging.getLogRecordFactory()
    logs.install_log_masking()
    logs.install_log_masking()  # idempotent: wrapped once
    yield
    logging.setLogRecordFactory(previous)


def test_log_records_lose_their_identifiers(masked_logging: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rasa.core.processor")
    log = logging.getLogger("rasa.core.processor")
    log.info("Received user message '%s'", "ring 070-174 06 90, pnr 19450312-1230")
    log.info("at 2026-12-07 14:00:00 sender web-%s", "abc")
    assert caplog.messages == ["Received user message 'ring [telefonnummer], pnr [personnummer]'",
                               "at 2026-12-07 14:00:00 sender web-abc"]
    assert "070" not in caplog.text


def test_the_factory_is_installed_once(masked_logging: None) -> None:
    factory = logging.getLogRecordFactory()
    logs.install_log_masking()
    assert logging.getLogRecordFactory() is factory


def test_a_record_that_does_not_format_is_left_alone() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items", ("many",), None)
    assert logs.mask_record(record).msg == "%d items"
