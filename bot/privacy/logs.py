"""Log lines without identifiers: every log record of a process is masked as it is made.

:func:`install_log_masking` replaces the logging module's record factory, so each
record, from our modules and from Rasa, rasa_sdk or Sanic alike, has its message
(with its arguments filled in) passed through :func:`bot.privacy.masking.mask_text`
before any handler formats or writes it. Records below a logger's level are never
made, so a quiet logger costs nothing. The entry points of the three processes
call it: the Rasa server (:mod:`bot.rasa_patches.serve`), the action server
(:mod:`bot.tools.action_server`) and the web app (:mod:`bot.web.__main__`).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.privacy.masking import mask_text

_FLAG = "_anhoriglotsen_masking"


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the record's message in place (arguments folded in); returns the record."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a message that does not format is left for logging to report
        return record
    masked = mask_text(message)
    if masked != message or record.args:
        record.msg, record.args = masked, None
    return record


def install_log_masking() -> None:
    """Mask every log record made from now on in this process (idempotent)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, _FLAG, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    setattr(factory, _FLAG, True)
    logging.setLogRecordFactory(factory)
