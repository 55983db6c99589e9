"""Clearing the personal data of ended cases (bot.callbacks.retention)."""

from __future__ import annotations

from datetime import timedelta

from bot.callbacks.cases import case_history, get_case, set_case_status
from bot.callbacks.retention import purge_personal_data
from bot.storage import CaseStatus, SessionFactory
from tests.bot.callbacks.bookings import NOW, book


def test_purge_personal_data(factory: SessionFactory) -> None:
    old = book(factory, situation_summary="Mamma, 84, demens.", message="Ring efter lunch",
               transcript="Anhörig: hej", transcript_consent=True)
    fresh = book(factory, phone="070-111 22 33", situation_summary="Pappa, 70.")
    set_case_status(factory, old.reference, CaseStatus.CLOSED, "anna", now=NOW)
    assert purge_personal_data(factory, before=NOW + timedelta(days=21),
                               now=NOW + timedelta(days=22)) == 1
    purged, kept = get_case(factory, old.reference), get_case(factory, fresh.reference)
    assert purged is not None and purged.phone_e164 is None and purged.name is None
    assert purged.situation_summary is None and purged.transcript is None and purged.message is None
    assert purged.municipality == "ekero" and purged.status == CaseStatus.CLOSED.value  # the figures stay
    assert kept.situation_summary is not None
    assert kept is not None and kept.phone_e164 == "+46701112233"
    assert case_history(factory, old.reference)[-1].kind == "personal_data_purged"
