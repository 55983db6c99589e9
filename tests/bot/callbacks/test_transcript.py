from __future__ import annotations

import re

import pytest

from bot.callbacks.transcript import (
    ADDRESS,
    EMAIL,
    NAME,
    NUMBER,
    PERSONNUMMER,
    PHONE,
    POSTCODE,
    build_transcript,
    mask_identifiers,
    mask_personnummer,
)


@pytest.mark.parametrize(
    "text, placeholder",
    [
        ("Mitt personnummer är 19450312-1230.", PERSONNUMMER),
        ("Hans nummer är 450312-1230", PERSONNUMMER),
        ("fel kontrollsiffra 450312-1234", PERSONNUMMER),
        ("fel kontrollsiffra utan streck 4503121234", NUMBER),
        ("450312+1230 är hundra år", PERSONNUMMER),
        ("pnr 194503121230", PERSONNUMMER),  # 12 digits, no dash (valid check digit)
        ("pnr 4503121230", PERSONNUMMER),
        ("samordningsnummer 701063-2391", PERSONNUMMER),
        ("ring 070-123 45 67", PHONE),
        ("ring 0701234567", PHONE),
        ("ring +46 70 123 45 67", PHONE),
        ("ring 0046701234567", PHONE),
        ("hemnumret är 08-123 456 78", PHONE),
        ("mejla anna.svensson@example.se", EMAIL),
        ("skriv till A.B+chat@kommun.ekero.se nu", EMAIL),
        ("Jag bor på Storgatan 12B", ADDRESS),
        ("bor på ekerövägen 5 lgh 1102", ADDRESS),
        ("adress 123 45 Ekerö", POSTCODE),
        ("kontonummer 8327-9 123 456 789-0", NUMBER),
        ("kortet 4111 1111 1111 1111", NUMBER),
    ],
)
def test_identifiers_are_masked(text: str, placeholder: str) -> None:
    masked = mask_identifiers(text)
    assert placeholder in masked
    # Nothing identifying is left: no run of 5+ digits, no e-mail.
    assert not re.search(r"\d(?:[\s-]?\d){4,}", masked)
    assert "@" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "Hon är 82 år och jag är 55.",
        "Går det bra klockan 10.00 på tisdag 25 november 2025?",
        "Vi har varit gifta i 40 år, sedan 1985.",
        "Ring inte före kl 13",
    ],
)
def test_ordinary_numbers_stay(text: str) -> None:
    assert mask_identifiers(text) == text


def test_masking_is_idempotent() -> None:
    text = "Anna, 19450312-1234, 070-123 45 67, anna@example.se, Storgatan 1, 123 45 Ekerö"
    once = mask_identifiers(text, names=["Anna"])
    assert mask_identifiers(once, names=["Anna"]) == once
    assert "Anna" not in once and NAME in once


def test_known_names_are_masked_whole_words_only() -> None:
    masked = mask_identifiers("Anna och Annika ringer, hälsa ANNA", names=["Anna", " "])
    assert masked == f"{NAME} och Annika ringer, hälsa {NAME}"


def test_mask_personnummer_leaves_phone_numbers() -> None:
    assert mask_personnummer("pnr 19450312-1234, ring 070-123 45 67") == (
        f"pnr {PERSONNUMMER}, ring 070-123 45 67"
    )


def test_build_transcript() -> None:
    transcript = build_transcript(
        [
            ("user", "Hej, jag heter Karin och mitt nummer är 070-123 45 67"),
            ("bot", "Tack Karin! Vill du bli uppringd?"),
            ("user", "   "),
            ("staff", "Jag ringer i morgon."),
            ("system", "ok"),
        ],
        names=["Karin"],
    )
    assert transcript.splitlines() == [
        f"Anhörig: Hej, jag heter {NAME} och mitt nummer är {PHONE}",
        f"Anhöriglotsen: Tack {NAME}! Vill du bli uppringd?",
        "Handläggare: Jag ringer i morgon.",
        "system: ok",
    ]


def test_long_transcripts_keep_their_end() -> None:
    events = [("user", f"meddelande {i}") for i in range(1000)]
    transcript = build_transcript(events, max_chars=500)
    assert len(transcript) <= 500
    assert transcript.startswith("[början av samtalet är borttagen]")
    assert transcript.endswith("meddelande 999")
