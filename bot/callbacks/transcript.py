"""Masked conversation transcripts for a case.

Why: with the relative's consent the conversation is attached to the case so
that staff need not ask everything again, but chat text sent to a municipality
can become an official document, so identifiers are masked before storage:
personnummer and samordningsnummer, phone numbers, e-mail addresses, street
addresses, postal codes and other long digit sequences (account, card and
case numbers). Free-text names cannot be found reliably; names the bot knows
(the one given in the booking form) can be passed in and are masked too.
The case's one-sentence situation summary is :func:`bot.texts.summary.staff_summary`.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable

import phonenumbers

from bot.texts.transcript import (
    ADDRESS,
    CUT_MARKER,
    EMAIL,
    NAME,
    NUMBER,
    PERSONNUMMER,
    PHONE,
    POSTCODE,
    SENDER_LABELS,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 20_000

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# YYMMDD or YYYYMMDD, optional - or +, four digits; day 61-91 is a samordningsnummer.
_PERSONNUMMER = re.compile(
    r"(?<![\d+])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"\s?[-+]?\s?\d{4}(?!\d)"
)
_STREET_SUFFIXES = (
    "gatan|gata|vägen|väg|gränd|gränden|stigen|backen|torget|torg|allén|allé|plan|leden|"
    "stråket|slingan|hagen|vägen|kajen|promenaden|esplanaden|parken"
)
_ADDRESS = re.compile(
    rf"\b[\wåäöÅÄÖé-]{{2,}}(?:{_STREET_SUFFIXES})\s+\d{{1,4}}\s?[A-Za-z]?\b(?:\s*(?:lgh|lägenhet)\s*\d+)?",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"(?<!\d)[1-9]\d{2}\s?\d{2}(?!\d)(?=\s+[A-ZÅÄÖ][a-zåäö])")
_PHONE_FALLBACK = re.compile(r"(?:\+|00)\d(?:[\s-]?\d){6,14}|(?<!\d)0\d(?:[\s/-]?\d){5,11}(?!\d)")
_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[\s-]?\d){5,}(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_personnummer(text: str) -> str:
    """Mask only personnummer and samordningsnummer (for texts where phone numbers may stay)."""

    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))[-10:]
        has_separator = bool(re.search(r"[-+]", match.group(0)))
        # A dash or a valid check digit makes it a personnummer; else leave it to the phone rules.
        return PERSONNUMMER if has_separator or _luhn_ok(digits) else match.group(0)

    return _PERSONNUMMER.sub(replace, text)


def _mask_phones(text: str) -> str:
    matcher = phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.POSSIBLE)
    spans = [(m.start, m.end) for m in matcher]
    for start, end in reversed(spans):
        text = text[:start] + PHONE + text[end:]
    return _PHONE_FALLBACK.sub(PHONE, text)


def _mask_names(text: str, names: Iterable[str]) -> str:
    unique = {n.strip() for n in names if n and len(n.strip()) >= 2}
    for name in sorted(unique, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME, text, flags=re.IGNORECASE)
    return text


def mask_identifiers(text: str, names: Iterable[str] = ()) -> str:
    """Replace identifiers in ``text`` with bracketed Swedish placeholders.

    Idempotent (placeholders contain no digits), so masking twice is harmless.
    """
    if not text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text = mask_personnummer(text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _POSTCODE.sub(POSTCODE, text)
    text = _mask_phones(text)
    text = _LONG_NUMBER.sub(NUMBER, text)
    return _mask_names(text, names)


def build_transcript(
    events: Iterable[tuple[str, str]],
    names: Iterable[str] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
) -> str:
    """Masked transcript, one ``Avsändare: text`` line per message, from (sender, text) pairs.

    ``sender`` is ``user``, ``bot`` or ``staff`` (other values are kept as
    given). Long conversations keep their end, which holds the reason for the
    callback, and say that the beginning was cut.
    """
    known_names = list(names)
    lines = []
    for sender, text in events:
        if not text or not text.strip():
            continue
        label = SENDER_LABELS.get(sender, sender)
        masked = mask_identifiers(" ".join(text.split()), known_names)
        lines.append(f"{label}: {masked}")
    transcript = "\n".join(lines)
    if len(transcript) > max_chars:
        transcript = CUT_MARKER + transcript[-(max_chars - len(CUT_MARKER)):]
    return transcript
