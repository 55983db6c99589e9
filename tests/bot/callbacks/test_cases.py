"""Case records and their status changes (bot.callbacks.cases)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.callbacks.cases import CaseNotFound, case_history, mark_taken
from bot.storage import SessionFactory
from tests.bot.callbacks.bookings import NOW, book


def test_mark_taken_is_idempotent(factory: SessionFactory) -> None:
    confirmation = book(factory)
    first = mark_taken(factory, confirmation.reference, "anna", now=NOW)
    again = mark_taken(factory, confirmation.reference, "anna", now=NOW + timedelta(hours=1))
    assert first.status == again.status == "taken"
    assert again.taken_at == NOW
    assert [e.kind for e in case_history(factory, confirmation.reference)].count("taken") == 1
    with pytest.raises(CaseNotFound):
        mark_taken(factory, "ZZZZZZ", "anna", now=NOW)
