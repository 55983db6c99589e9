"""The reply to a message in another language, and the content fixes in the Swedish texts."""

from __future__ import annotations

from datetime import time

import pytest

from bot.texts import callback, replies
from bot.texts.knowledge import definite_role
from bot.texts.other_languages import (
    REPLY_LANGUAGES,
    MunicipalityContact,
    other_language_reply,
    reply_language,
)

HOURS = {
    "monday": (time(8), time(16, 30)),
    "tuesday": (time(8), time(16, 30)),
    "wednesday": (time(8), time(16, 30)),
    "thursday": (time(8), time(16, 30)),
    "friday": (time(8), time(15)),
    "saturday": None,
    "sunday": None,
}
CONTACT = MunicipalityContact("Ekerö kommun", "Anhörigkonsulent, Omsorg", "070-174 06 06", True, HOURS)


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_every_reply_has_the_numbers_and_the_municipality(language: str) -> None:
    text = other_language_reply(language, CONTACT)
    for number in ("070-174 06 06", "112", "1177", "90101", "020-50 50 50", "116 111", "16.30"):
        assert number in text
    assert "Ekerö kommun" in text


def test_english_reply_groups_the_hours_and_marks_the_example_number() -> None:
    text = other_language_reply("en", CONTACT)
    assert text.startswith("This chat service is only in Swedish.")
    assert "070-174 06 06 (example number)" in text
    assert "Mon–Thu 08.00–16.30, Fri 08.00–15.00" in text


def test_a_real_number_is_not_marked() -> None:
    real = MunicipalityContact("X kommun", "Anhörigkonsulent", "08-123 456", False, HOURS)
    assert "example" not in other_language_reply("en", real)


def test_languages_without_their_own_text_get_english() -> None:
    assert reply_language("so") == "en" and reply_language("ti") == "en"
    assert reply_language("ar") == "ar"


@pytest.mark.parametrize(
    ("role", "definite"),
    [
        ("Anhörigkonsulent", "anhörigkonsulenten"),
        ("Anhörigkonsulent, äldre 65+", "anhörigkonsulenten, äldre 65+"),
        ("Biståndshandläggare", "biståndshandläggaren"),
        ("Handläggare för LSS", "handläggaren för LSS"),
        ("Demenssjuksköterska", "demenssjuksköterskan"),
        ("Koordinator för familjer", "koordinatorn för familjer"),
        ("Kontaktperson för anhörigstöd", "kontaktpersonen för anhörigstöd"),
        ("Stadens kontaktcenter", "stadens kontaktcenter"),
    ],
)
def test_roles_in_the_definite_form(role: str, definite: str) -> None:
    assert definite_role(role) == definite


def test_burden_reply_says_what_the_law_says() -> None:
    text = replies.burden_reply()
    assert "rätt att få stöd" not in text
    assert "Kommunen ska erbjuda stöd" in text


def test_consent_text_does_not_promise_more_than_an_allman_handling_allows() -> None:
    text = callback.consent_request("Ekerö kommun")
    assert "bara de" not in text
    assert "allmän handling" in text


def test_the_phone_example_is_from_the_fiction_range() -> None:
    assert callback.PHONE_EXAMPLE.startswith("070-174 06 ")
    assert 5 <= int(callback.PHONE_EXAMPLE[-2:]) <= 99


def test_missing_person_wording() -> None:
    text = replies.crisis_reply(["missing_person"], user_is_child=False)
    assert "gått bort sig" not in text and "gått vilse" in text
