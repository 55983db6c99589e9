"""Fuzzing the masking of identifiers: no personnummer, phone number or e-mail survives.

Valid personnummer (with their Luhn check digit, in the forms people type them), Swedish
phone numbers and e-mail addresses are put anywhere in random Swedish text;
:func:`bot.privacy.masking.mask_text` must leave none of them readable, not even with
the spaces and dashes taken out. Text without identifiers is left as it is.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import SWEDISH_WORDS, fuzz

masking = pytest.importorskip("bot.privacy.masking")


def luhn_digit(nine: str) -> str:
    """The check digit of a personnummer's nine first digits (YYMMDDNNN)."""
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


@st.composite
def personnummer(draw: st.DrawFn) -> tuple[str, str]:
    """(as typed, the ten digits) of a valid personnummer or samordningsnummer."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) and draw(st.booleans()) else 0)  # samordningsnummer
    serial = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    nine = f"{born:%y%m}{day:02d}{serial}"
    ten = nine + luhn_digit(nine)
    century = f"{born.year // 100}"
    typed = draw(st.sampled_from([
        f"{ten[:6]}-{ten[6:]}", ten, f"{century}{ten[:6]}-{ten[6:]}", f"{century}{ten}",
        f"{century}{ten[:6]} {ten[6:]}",
    ]))
    return typed, ten


@st.composite
def phone(draw: st.DrawFn) -> tuple[str, str]:
    """(as typed, the national digits without the leading 0) of a Swedish number."""
    kind = draw(st.sampled_from(["mobile", "stockholm", "other"]))
    if kind == "mobile":
        national = draw(st.sampled_from(["70", "72", "73", "76", "79"])) + draw(
            st.text(alphabet="0123456789", min_size=7, max_size=7))
        typed = draw(st.sampled_from([
            f"0{national}", f"0{national[:2]}-{national[2:5]} {national[5:7]} {national[7:]}",
            f"+46 {national[:2]} {national[2:5]} {national[5:7]} {national[7:]}", f"+46{national}",
            f"0{national[:2]} {national[2:5]} {national[5:]}",
        ]))
    elif kind == "stockholm":
        national = "8" + draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
        typed = draw(st.sampled_from([f"0{national}", f"08-{national[1:4]} {national[4:7]} {national[7:]}",
                                      f"+46 8 {national[1:4]} {national[4:]}"]))
    else:
        national = draw(st.sampled_from(["31", "40", "46", "90", "13"])) + draw(
            st.text(alphabet="0123456789", min_size=7, max_size=7))
        typed = draw(st.sampled_from([f"0{national}", f"0{national[:2]}-{national[2:5]} {national[5:]}"]))
    return typed, national


LOCAL = st.from_regex(r"[a-z][a-z0-9._+-]{0,15}[a-z0-9]", fullmatch=True).filter(lambda s: ".." not in s)
DOMAIN = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9](\.[a-z]{2,6}){1,2}", fullmatch=True)
EMAIL = st.builds(lambda local, domain, upper: f"{local}@{domain}".upper() if upper else f"{local}@{domain}",
                  LOCAL, DOMAIN, st.booleans()).map(lambda mail: (mail, mail.lower()))

IDENTIFIER = st.one_of(personnummer().map(lambda p: ("pnr", *p)), phone().map(lambda p: ("phone", *p)),
                       EMAIL.map(lambda e: ("email", *e)))
PLAIN_WORDS = [w for w in SWEDISH_WORDS if w.isalpha()]
FILLER = st.lists(st.sampled_from(PLAIN_WORDS), max_size=6).map(" ".join)
SEPARATOR = st.sampled_from([" ", ", ", ": ", " (", ") ", "\n", " – ", ". "])


def compact(text: str) -> str:
    return re.sub(r"[\s\-().]", "", text).lower()


@fuzz(200)
@given(st.lists(st.tuples(FILLER, SEPARATOR, IDENTIFIER, SEPARATOR), min_size=1, max_size=4), FILLER)
def test_no_identifier_survives_masking(parts: list[tuple[str, str, tuple[str, str, str]]],
                                        tail: str) -> None:
    text = "".join(f"{before}{left}{typed}{right}" for before, left, (_, typed, _), right in parts) + tail
    masked = masking.mask_text(text)
    assert isinstance(masked, str)
    for _, _, (kind, typed, core), _ in parts:
        assert typed not in masked, (kind, typed, masked)
        if kind == "email":
            assert core not in masked.lower(), (kind, typed, masked)
        else:
            assert core not in compact(masked), (kind, typed, masked)


@fuzz(100)
@given(FILLER)
def test_text_without_identifiers_is_left_as_it_is(text: str) -> None:
    assert masking.mask_text(text) == text


def test_the_generators_make_valid_personnummer() -> None:
    # 811218-9876 is the Tax Agency's own example of a valid personnummer.
    assert luhn_digit("811218987") == "6"
