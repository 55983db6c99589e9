from __future__ import annotations

import pytest

from bot import safety
from bot.texts.replies import (
    FALLBACK_LINES,
    FALLBACK_OPTIONS,
    SITUATION_OPTIONS,
    burden_reply,
    crisis_reply,
    fallback_reply,
    greeting,
    situation_offer,
)

EMERGENCY = "112"
SUICIDE_LINE = "90101"
WOMEN_VIOLENCE = "020-50 50 50"
BRIS = "116 111"
HEALTHCARE = "1177"


def test_greeting_says_it_is_a_bot_and_warns_about_personnummer() -> None:
    text = greeting("Ekerö kommun")
    assert "chattbot för Ekerö kommun" in text
    assert "inte en människa" in text
    assert "personnummer" in text
    assert text.rstrip().endswith("?")  # ends with a question that starts the conversation


def test_greeting_without_a_municipality_name() -> None:
    text = greeting(None)
    assert "en chattbot. Jag är inte en människa." in text
    assert " för None" not in text


def test_situation_offer_and_buttons() -> None:
    assert "rätt till" in situation_offer()
    assert [b.payload for b in SITUATION_OPTIONS] == ["/ask_rights", "/ask_support", "/request_callback"]
    assert [b.payload for b in FALLBACK_OPTIONS] == ["/describe_situation", "/request_human"]


@pytest.mark.parametrize(
    "categories",
    [
        [],
        [safety.SUICIDE],
        [safety.VIOLENCE],
        [safety.MEDICAL],
        [safety.MISSING],
        [safety.HARM_TO_CARED],
        [safety.CHILD_AT_RISK],
        ["urgent"],
    ],
)
@pytest.mark.parametrize("child", [False, True])
def test_crisis_reply_always_starts_with_112(categories: list[str], child: bool) -> None:
    text = crisis_reply(categories, user_is_child=child)
    assert text.splitlines()[0] == f"Om någon är i fara just nu: ring {EMERGENCY} direkt."
    assert text.splitlines()[-1].startswith("Jag finns kvar här")


def test_crisis_reply_for_suicide_gives_the_suicide_line() -> None:
    text = crisis_reply([safety.SUICIDE], user_is_child=False)
    assert SUICIDE_LINE in text and "Självmordslinjen" in text
    assert WOMEN_VIOLENCE not in text and BRIS not in text


def test_crisis_reply_for_violence_against_an_adult_gives_kvinnofridslinjen() -> None:
    text = crisis_reply([safety.VIOLENCE], user_is_child=False)
    assert f"Kvinnofridslinjen {WOMEN_VIOLENCE}" in text
    assert BRIS not in text


def test_crisis_reply_for_a_child_gives_bris_instead_of_kvinnofridslinjen() -> None:
    text = crisis_reply([safety.VIOLENCE], user_is_child=True)
    assert f"BRIS {BRIS}" in text
    assert WOMEN_VIOLENCE not in text


def test_crisis_reply_to_a_child_names_an_adult_to_turn_to() -> None:
    text = crisis_reply(["violence"], user_is_child=True)
    assert "BRIS 116 111" in text and "vuxen du litar på" in text and "skolkuratorn" in text
    assert "vuxen du litar på" not in crisis_reply(["violence"], user_is_child=False)


def test_crisis_reply_for_a_child_at_risk_gives_bris_even_to_an_adult() -> None:
    assert BRIS in crisis_reply([safety.CHILD_AT_RISK], user_is_child=False)


def test_crisis_reply_for_medical_gives_1177() -> None:
    text = crisis_reply([safety.MEDICAL], user_is_child=False)
    assert HEALTHCARE in text
    assert SUICIDE_LINE not in text


def test_crisis_reply_for_missing_person_says_to_mention_dementia() -> None:
    text = crisis_reply([safety.MISSING], user_is_child=False)
    assert f"ring {EMERGENCY} nu" in text and "demens" in text


def test_crisis_reply_for_harm_to_the_cared_for_person() -> None:
    text = crisis_reply([safety.HARM_TO_CARED], user_is_child=False)
    assert "gå ut ur rummet" in text


@pytest.mark.parametrize("categories", [[], ["urgent"]])
def test_crisis_reply_without_a_known_category_gives_general_lines(categories: list[str]) -> None:
    text = crisis_reply(categories, user_is_child=False)
    assert SUICIDE_LINE in text and HEALTHCARE in text


def test_crisis_reply_uses_given_lines_and_socialjour() -> None:
    lines = {
        "emergency": "112",
        "suicide": "90101",
        "women_violence": "020-50 50 50",
        "healthcare": "1177",
        "bris": "116 111",
    }
    text = crisis_reply(
        [safety.SUICIDE], user_is_child=False, lines={**lines, "suicide": "00000"}, socialjour="08-123 45 67"
    )
    assert "Självmordslinjen 00000" in text and SUICIDE_LINE not in text
    assert "socialjouren på 08-123 45 67" in text


def test_crisis_reply_falls_back_to_built_in_numbers_for_missing_lines() -> None:
    text = crisis_reply([safety.VIOLENCE, safety.SUICIDE], user_is_child=False, lines={"suicide": "90101"})
    assert EMERGENCY in text and WOMEN_VIOLENCE in text
    assert dict(FALLBACK_LINES) == {
        "emergency": "112",
        "healthcare": "1177",
        "suicide": "90101",
        "women_violence": "020-50 50 50",
        "bris": "116 111",
    }


@pytest.mark.parametrize(
    ("message", "present", "absent"),
    [
        ("jag vill inte leva längre", [EMERGENCY, SUICIDE_LINE], [BRIS, WOMEN_VIOLENCE]),
        ("han slår mig", [EMERGENCY, WOMEN_VIOLENCE], [BRIS]),
        ("jag är 14 och pappa slår mig", [EMERGENCY, BRIS], [WOMEN_VIOLENCE]),
        ("jag går i sjuan och vill inte leva", [EMERGENCY, SUICIDE_LINE, BRIS], []),
        ("mamma andas inte", [EMERGENCY, HEALTHCARE], [BRIS]),
        ("pappa är dement och har försvunnit", [EMERGENCY, "demens"], []),
    ],
)
def test_crisis_reply_from_a_message(message: str, present: list[str], absent: list[str]) -> None:
    assessment = safety.assess(message)
    assert assessment.is_crisis
    text = crisis_reply(assessment.categories, user_is_child=safety.user_is_child(message))
    for number in present:
        assert number in text
    for number in absent:
        assert number not in text


def test_burden_reply_offers_stodsamtal_and_optionally_anhoriglinjen() -> None:
    plain = burden_reply()
    assert "stödsamtal" in plain and "ringer upp" in plain
    assert "Anhöriglinjen" not in plain
    assert "Anhöriglinjen 0200-239 500" in burden_reply("0200-239 500")


def test_fallback_reply_is_honest_and_offers_a_person() -> None:
    text = fallback_reply()
    assert "inte säker på att jag förstod" in text
    assert "uppringd" in text


def test_reply_texts_are_swedish_du_form() -> None:
    for text in (
        greeting(None),
        burden_reply(),
        fallback_reply(),
        situation_offer(),
        crisis_reply([], user_is_child=False),
    ):
        assert " ni " not in f" {text.lower()} "
