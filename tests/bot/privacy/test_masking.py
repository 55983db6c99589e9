"""Masking identifiers in free text (bot.privacy.masking): what is masked, and what is not."""

from __future__ import annotations

import re

import pytest

from bot.privacy.masking import (
    ADDRESS,
    EMAIL,
    NAME,
    NUMBER,
    PERSONNUMMER,
    PHONE,
    POSTCODE,
    is_personnummer,
    luhn_ok,
    mask_names,
    mask_text,
    phone_key,
)


@pytest.mark.parametrize(
    "number, valid",
    [
        ("4503121230", True),
        ("4503121234", False),
        ("7010632391", True),  # samordningsnummer: day 10 + 60
        ("8112189876", True),
        ("8112189875", False),
    ],
)
def test_the_luhn_check(number: str, valid: bool) -> None:
    assert luhn_ok(number) is valid


@pytest.mark.parametrize(
    "text, expected",
    [
        ("450312-1230", True),
        ("19450312-1230", True),
        ("194503121230", True),
        ("4503121230", True),
        ("450312+1230", True),  # over a hundred years old
        ("701063-2391", True),  # samordningsnummer
        ("4503121234", False),  # without a separator the check digit decides
        ("451312-1230", False),  # month 13
        ("450232-1230", False),  # 32 February
        ("450292-1230", False),  # day 92: no samordningsnummer either
        ("0701740690", False),  # a phone number
    ],
)
def test_is_personnummer(text: str, expected: bool) -> None:
    assert is_personnummer(text) is expected


@pytest.mark.parametrize(
    "text, masked",
    [
        ("Mitt personnummer är 19450312-1230.", f"Mitt personnummer är {PERSONNUMMER}."),
        ("pnr 194503121230 tack", f"pnr {PERSONNUMMER} tack"),
        ("pnr 4503121230", f"pnr {PERSONNUMMER}"),
        ("samordningsnummer 701063-2391", f"samordningsnummer {PERSONNUMMER}"),
        ("fel siffra 4503121234", f"fel siffra {NUMBER}"),  # not a personnummer, still hidden
        ("ring 070-174 06 90", f"ring {PHONE}"),
        ("ring 0701740690 i morgon", f"ring {PHONE} i morgon"),
        ("ring +46 70 174 06 90", f"ring {PHONE}"),
        ("ring 0046701740690", f"ring {PHONE}"),
        ("ring 70 174 06 90", f"ring {PHONE}"),
        ("hem: 08-123 456 78", f"hem: {PHONE}"),
        ("mejla anna.svensson@example.se!", f"mejla {EMAIL}!"),
        ("anna(at)example.se", EMAIL),
        ("anna [at] example [punkt] se", EMAIL),
        ("skriv till anna at example punkt se", f"skriv till {EMAIL}"),
        ("anna snabel-a kommun.se", EMAIL),
        ("Jag bor på Storgatan 12", f"Jag bor på {ADDRESS}"),
        ("Storgatan 12B, 123 45 Ekerö är adressen", f"{ADDRESS} är adressen"),
        ("ekerövägen 5 lgh 1102", ADDRESS),
        ("postnummer 178 30 Ekerö", f"postnummer {POSTCODE} Ekerö"),
        ("kortet 4111 1111 1111 1111", f"kortet {NUMBER}"),
    ],
)
def test_identifiers_are_masked(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Hon är 84 år och jag är 55.",
        "Kan ni ringa den 2026-12-07 kl. 14.00?",
        "Mellan kl 14:00-15:30 eller 7/12 2026",
        "Mitt bokningsnummer är K7M2QX, eller 234567.",
        "Vi har varit gifta sedan 1985, i 40 år.",
        "Vi får 120 000 kr om året",
        "Ring 112 eller 1177, eller 90101",
        "Jag möter dem at home. Then",
        "Ring inte före kl 13",
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert mask_text(text) == text


def test_a_message_full_of_identifiers_keeps_none() -> None:
    text = ("Jag heter Anna, pnr 19450312-1230, ring 070-174 06 90 eller mejla anna@example.se. "
            "Vi bor på Storgatan 12B, 123 45 Ekerö.")
    masked = mask_text(text, names=["Anna"])
    assert not re.search(r"\d{3}", masked) and "@" not in masked and "Anna" not in masked
    assert masked == (f"Jag heter {NAME}, pnr {PERSONNUMMER}, ring {PHONE} eller mejla {EMAIL}. "
                      f"Vi bor på {ADDRESS}.")
    assert mask_text(masked, names=["Anna"]) == masked  # idempotent


def test_names_are_masked_as_whole_words() -> None:
    assert mask_names("Anna och Annika, hälsa ANNA  Svensson", ["Anna Svensson", "Anna", " "]) == (
        f"{NAME} och Annika, hälsa {NAME}"
    )


def test_phone_numbers_compare_in_any_format() -> None:
    assert phone_key("070-174 06 90") == phone_key("+46701740690") == "701740690"
    assert phone_key("inget nummer") is None
