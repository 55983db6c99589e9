"""A real booking conversation full of identifiers leaves none of them in Rasa's tracker store.

Rasa runs as the assistant starts it (``bot.rasa_patches.serve``, with the masking of
:mod:`bot.rasa_patches.masked_store`) on the trained model, with the real action server.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ActionServer
from tests.test_conversations import DAY, chat

pytestmark = pytest.mark.model

PERSONNUMMER = "19450312-1230"
NAME = "Anna Svensson"
PHONE = "070-987 65 43"
EMAIL = "anna.svensson@example.se"
ADDRESS = "Storgatan 12B, 123 45 Ekerö"
MESSAGE = f"Mitt personnummer är {PERSONNUMMER}, mejla {EMAIL}. Jag bor på {ADDRESS}."
ANSWERS = ["min mamma har demens", "hon är 84", "kan någon ringa mig", "ja", NAME, PHONE,
           "den första", MESSAGE]
SECRETS = [PERSONNUMMER, "194503121230", "450312", "Anna", "Svensson", "987 65 43", "9876543",
           "anna.svensson", "example.se", "Storgatan", "123 45"]


def stored_text(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return "\n".join(row[0] for row in connection.execute("SELECT data FROM events"))


def test_a_booking_full_of_identifiers_stores_none_of_them_in_the_tracker(
    rasa_server: int, action_server: ActionServer, endpoints_file: Path,
) -> None:
    from bot.callbacks.cases import get_case
    from bot.storage import create_engine_for, make_session_factory

    action_server.start("ekero", DAY)
    # The identifiers before the form as well: a relative may write them anywhere.
    turns = chat(rasa_server, [f"{MESSAGE} Mitt nummer är {PHONE}.", *ANSWERS])
    transcript = "\n---\n".join(turns)
    assert "Ditt bokningsnummer är " in turns[-1], transcript
    reference = turns[-1].split("Ditt bokningsnummer är ", 1)[1][:6]

    database = endpoints_file.parent / "tracker.db"
    stored = stored_text(database)
    assert "[personnummer]" in stored and "[telefonnummer]" in stored and "[namn]" in stored
    assert "[e-post]" in stored and "[adress]" in stored
    assert reference in stored  # the booking reference is no identifier: the history shows it
    for secret in SECRETS:
        assert secret not in stored, secret

    # The booking itself keeps what the callback needs, and a masked transcript.
    engine = create_engine_for(action_server.database_url)
    try:
        case = get_case(make_session_factory(engine), reference)
    finally:
        engine.dispose()
    assert case is not None and case.name == NAME and case.phone_e164 == "+46709876543"
    assert case.transcript and PERSONNUMMER not in case.transcript and EMAIL not in case.transcript
    assert "Storgatan" not in case.transcript and "987 65 43" not in case.transcript
