"""Masked conversation transcripts and a one-sentence situation summary for a case.

Why: with the relative's consent the conversation is attached to the case so
that staff need not ask everything again, but chat text sent to a municipality
can become an official document, so identifiers are masked before storage:
personnummer and samordningsnummer, phone numbers, e-mail addresses, street
addresses, postal codes and other long digit sequences (account, card and
case numbers). Free-text names cannot be found reliably; names the bot knows
(the one given in the booking form) can be passed in and are masked too.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable, Optional

import phonenumbers

from bot.knowledge.situation import Situation

logger = logging.getLogger(__name__)

PERSONNUMMER = "[personnummer]"
PHONE = "[telefonnummer]"
EMAIL = "[e-post]"
ADDRESS = "[adress]"
POSTCODE = "[postnummer]"
NUMBER = "[nummer]"
NAME = "[namn]"

SENDER_LABELS = {"user": "Anhörig", "bot": "Anhöriglotsen", "staff": "Handläggare"}
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
        marker = "[början av samtalet är borttagen]\n"
        transcript = marker + transcript[-(max_chars - len(marker)):]
    return transcript


_RELATIONS_SV = {
    "partner": "sin partner",
    "parent": "en förälder",
    "child": "sitt barn",
    "sibling": "ett syskon",
    "grandparent": "en mor- eller farförälder",
    "other_relative": "en släkting",
    "friend": "en vän",
    "neighbour": "en granne",
}
_CONDITIONS_SV = {
    "dementia": "med demenssjukdom",
    "old_age": "som behöver stöd på grund av hög ålder",
    "mental_illness": "med psykisk ohälsa",
    "disability": "med funktionsnedsättning",
    "addiction": "med ett beroende",
    "chronic_illness": "med långvarig sjukdom",
    "extremism": "som berörs av våldsbejakande extremism",
    "criminality": "som berörs av kriminalitet",
    "violence_affected": "som har drabbats av grovt våld",
}
_PHASES_SV = {
    "start": "i ett tidigt skede av vårdandet",
    "caring": "mitt i vårdandet",
    "ending": "när vårdandet håller på att avslutas",
    "new_start": "efter att vårdandet har avslutats",
}
_BURDEN_SV = {"low": "låg", "medium": "måttlig", "high": "hög"}


def summarise_situation(situation: Optional[Situation]) -> str:
    """One Swedish sentence for staff about who the relative cares for and how it weighs.

    Built only from the structured situation (never from free text), so it
    holds no identifiers.
    """
    if situation is None:
        return "Ingen beskrivning av situationen lämnades."
    subject = "Barn eller ung person som är anhörig" if situation.user_is_child else "Anhörig"
    whom = _RELATIONS_SV.get(situation.relation or "", "en närstående")
    parts = [f"{subject} till {whom}"]
    if situation.person_age is not None:
        parts[0] += f" ({situation.person_age} år)"
    if situation.condition in _CONDITIONS_SV:
        parts[0] += f" {_CONDITIONS_SV[situation.condition or '']}"
    if situation.phase in _PHASES_SV:
        parts.append(_PHASES_SV[situation.phase or ""])
    if situation.district:
        parts.append(f"område {situation.district}")
    sentence = ", ".join(parts)
    if situation.burden in _BURDEN_SV:
        sentence += f"; upplever belastningen som {_BURDEN_SV[situation.burden or '']}"
    if (
        situation.relation is None
        and situation.condition is None
        and situation.person_age is None
        and situation.phase is None
        and situation.burden is None
        and not situation.district
        and not situation.user_is_child
    ):
        return "Anhörig som inte har beskrivit situationen närmare."
    return sentence + "."
