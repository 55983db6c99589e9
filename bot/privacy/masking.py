"""Masking identifiers in free text: what goes into the tracker store, the logs and transcripts.

:func:`mask_text` replaces, in this order:

* e-mail addresses, also written out ("anna(at)example.se", "anna at example punkt se");
* personnummer and samordningsnummer (10 or 12 digits, with or without ``-`` or ``+``):
  the date part must be a date (a samordningsnummer has the day plus 60); written
  without ``-`` or ``+``, the last digit must also pass the Luhn check, which tells a
  personnummer from a phone number (with the separator, a mistyped personnummer is
  still one);
* street addresses ("Storgatan 12B", "Storgatan 12B, 123 45 Ekerö") and postal codes
  before a place name ("123 45 Ekerö");
* Swedish phone numbers, found as :func:`phone_candidates` finds them for the booking
  form (:mod:`bot.callbacks.phone`) and kept when they start with 0 or +, or are valid
  mobile numbers without the 0;
* other long digit sequences (six digits or more: account, card and case numbers,
  a personnummer with a wrong check digit);
* names the caller knows (the one given in the booking form), as whole words.

Dates ("2026-12-07", "7/12 2026"), times ("kl. 14.00"), ages, years and booking
references ("K7M2QX") are left as they are. Each identifier becomes a Swedish
placeholder in brackets; placeholders hold no digits, so masking twice changes nothing.
Names in free text that nobody told us about cannot be found reliably and stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, Optional

import phonenumbers

# The placeholders. Staff read them in transcripts, so they are Swedish
# (bot.texts.transcript uses these, so there is one spelling).
PERSONNUMMER = "[personnummer]"
PHONE = "[telefonnummer]"
EMAIL = "[e-post]"
ADDRESS = "[adress]"
POSTCODE = "[postnummer]"
NUMBER = "[nummer]"
NAME = "[namn]"
PLACEHOLDERS = (PERSONNUMMER, PHONE, EMAIL, ADDRESS, POSTCODE, NUMBER, NAME)

REGION = "SE"

_TLD = r"(?:se|nu|com|org|net|eu|info|fi|no|dk|de|uk|io)"
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# "anna(at)example.se", "anna [at] example [punkt] se", "anna(snabel-a)example.se"
_EMAIL_BRACKETED = re.compile(
    r"[\w.+%-]+\s*(?:\((?:at|snabel-?a)\)|\[(?:at|snabel-?a)\]|\{at\})\s*[\w-]+"
    r"(?:(?:\.|\s*(?:\((?:dot|punkt)\)|\[(?:dot|punkt)\]))\s*[\w-]+)+",
    re.IGNORECASE,
)
# "anna at example punkt se", "anna snabel-a example.se": only with a known top-level domain.
_EMAIL_SPOKEN = re.compile(
    rf"[\w.+%-]+\s+(?:at|snabel-?a)\s+[\w-]+(?:(?:\.|\s+(?:punkt|dot)\s+)[\w-]+)*?"
    rf"(?:\.|\s+(?:punkt|dot)\s+){_TLD}\b",
    re.IGNORECASE,
)
_PERSONNUMMER = re.compile(
    r"(?<![\w+])(?P<century>19|20)?(?P<date>\d{6}) ?(?P<sep>[-+])? ?(?P<tail>\d{4})(?!\d)"
)
_STREET_SUFFIXES = (
    "gatan|gata|vägen|väg|gränden|gränd|stigen|backen|torget|torg|allén|allé|plan|leden|"
    "stråket|slingan|hagen|kajen|promenaden|esplanaden|parken|ringen|liden|kroken|gången"
)
_POSTCODE_PART = r"[1-9]\d{2} ?\d{2}"
_PLACE = r"[A-ZÅÄÖ][\wåäöÅÄÖé-]+"
_ADDRESS = re.compile(
    rf"(?<![\w])[A-ZÅÄÖa-zåäöé][\wåäöÅÄÖé-]+(?:{_STREET_SUFFIXES})\s+\d{{1,4}}(?:\s?[A-H]|[a-h])?(?![\w])"
    r"(?:\s*,?\s*(?:lgh|lägenhet|vån(?:ing)?\.?)\s*\d+)?"
    rf"(?:\s*,?\s*{_POSTCODE_PART}(?!\d)(?:\s+{_PLACE})?)?"
)
_POSTCODE = re.compile(rf"(?<![\d-]){_POSTCODE_PART}(?!\d)(?=\s+[A-ZÅÄÖ][a-zåäö])")
_PHONE_FALLBACK = re.compile(
    r"(?<![\w+])(?:\+|00)\d(?:[\s-]?\d){6,14}(?!\d)|(?<![\w])0\d(?:[\s/-]?\d){5,11}(?!\d)"
)
# Six digits or more; not an amount of money ("120 000 kr").
_LONG_NUMBER = re.compile(
    r"(?<![\w])\d(?:[\s-]?\d){5,}(?![\w])(?!\s*(?:kr\b|kronor|sek\b|:-|€|euro))", re.IGNORECASE
)
_REFERENCE_LIKE = re.compile(r"^[2-9]{6}$")  # a booking reference can be six digits 2-9
# Dates and times, never masked as phone or long numbers.
_PROTECTED = re.compile(
    r"(?<!\d)(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<!\d)(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\2(?:19|20)?\d{2}(?!\d)"
    r"|(?<![\d.:])(?:[01]?\d|2[0-3])[.:][0-5]\d(?:[.:][0-5]\d)?(?![\d])"
    r"|(?<![\w])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\w])(?! ?[-+]? ?\d)"
    r"|(?<![\d/])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?:\s+(?:19|20)\d{2})?(?![\d/])"
)
_HINT = re.compile(r"\d|@|\bat\b|snabel", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Span:
    """A piece of text to replace: ``text[start:end]`` becomes ``placeholder``."""

    start: int
    end: int
    placeholder: str


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a personnummer: ``digits`` are its last ten digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _is_birth_date(century: Optional[str], yymmdd: str) -> bool:
    """Whether YYMMDD is a date; a samordningsnummer's day is 61-91 (the day plus 60)."""
    year, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if day > 60:
        day -= 60
    centuries = [int(century) * 100] if century else [1900, 2000]
    for base in centuries:
        try:
            date(base + year, month, day)
        except ValueError:
            continue
        return True
    return False


def is_personnummer(text: str) -> bool:
    """Whether ``text`` is exactly a valid personnummer or samordningsnummer (date and Luhn)."""
    match = _PERSONNUMMER.fullmatch(text.strip())
    return match is not None and _valid_personnummer(match)


def _valid_personnummer(match: re.Match[str]) -> bool:
    """A birth date and a passing Luhn check; with ``-`` or ``+`` the birth date is enough.

    The check digit tells a personnummer from another ten-digit number (a phone
    number); a birth date, a dash and four digits is one even when mistyped.
    """
    if not _is_birth_date(match.group("century"), match.group("date")):
        return False
    return bool(match.group("sep")) or luhn_ok(match.group("date") + match.group("tail"))


def phone_candidates(text: str) -> Iterator[phonenumbers.PhoneNumberMatch]:
    """Every possible Swedish phone number in ``text`` (libphonenumber's matcher, region SE)."""
    yield from phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.POSSIBLE)


def _is_phone(match: phonenumbers.PhoneNumberMatch) -> bool:
    raw = match.raw_string.lstrip("(")
    digits = re.sub(r"\D", "", raw)
    if len(digits) < 7:
        return False
    if raw.startswith(("0", "+")):
        return True
    # A mobile number without its 0: "70 123 45 67".
    national = phonenumbers.national_significant_number(match.number)
    return phonenumbers.is_valid_number(match.number) and national.startswith("7") and len(digits) == 9


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s.start or start >= s.end for s in spans)


def _add(spans: list[Span], start: int, end: int, placeholder: str) -> None:
    if _free(spans, start, end):
        spans.append(Span(start, end, placeholder))


def find_identifiers(text: str) -> list[Span]:
    """The identifiers in ``text`` (names aside), in order, none overlapping."""
    if not text or not _HINT.search(text):
        return []
    spans: list[Span] = []
    for pattern in (_EMAIL, _EMAIL_BRACKETED, _EMAIL_SPOKEN):
        for m in pattern.finditer(text):
            _add(spans, m.start(), m.end(), EMAIL)
    for m in _PERSONNUMMER.finditer(text):
        if _valid_personnummer(m):
            _add(spans, m.start(), m.end(), PERSONNUMMER)
    for m in _ADDRESS.finditer(text):
        _add(spans, m.start(), m.end(), ADDRESS)
    protected = [Span(m.start(), m.end(), "") for m in _PROTECTED.finditer(text)]
    taken = spans + protected
    for m in _POSTCODE.finditer(text):
        if _free(taken, m.start(), m.end()):
            _add(spans, m.start(), m.end(), POSTCODE)
            taken.append(spans[-1])
    phones = [(c.start, c.end) for c in phone_candidates(text) if _is_phone(c)]
    phones += [(m.start(), m.end()) for m in _PHONE_FALLBACK.finditer(text)]
    for start, end in sorted(phones):
        if _free(taken, start, end):
            taken.append(Span(start, end, PHONE))
            spans.append(taken[-1])
    for m in _LONG_NUMBER.finditer(text):
        if not _REFERENCE_LIKE.match(m.group(0)) and _free(taken, m.start(), m.end()):
            taken.append(Span(m.start(), m.end(), NUMBER))
            spans.append(taken[-1])
    return sorted(spans)


def phone_key(text: str) -> Optional[str]:
    """The national digits of a phone number ("070-174 06 90" and "+46701740690" -> "701740690")."""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.national_significant_number(number) or None


def literal_key(text: str) -> str:
    """An identifier as written, compared without case and spacing."""
    return "".join(text.split()).casefold()


def replace_spans(text: str, spans: Iterable[Span]) -> str:
    """``text`` with each span replaced by its placeholder."""
    return _replace(text, spans)


def _replace(text: str, spans: Iterable[Span]) -> str:
    for span in sorted(spans, reverse=True):
        text = text[: span.start] + span.placeholder + text[span.end:]
    return text


def mask_names(text: str, names: Iterable[str]) -> str:
    """Replace each of ``names`` (whole words, any case; at least two letters) with ``[namn]``."""
    unique = {" ".join(n.split()) for n in names if n and len(n.strip()) >= 2}
    for name in sorted(unique, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(part) for part in name.split())
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", NAME, text, flags=re.IGNORECASE)
    return text


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with every identifier replaced by its placeholder (see the module's list)."""
    if not text:
        return text
    masked = _replace(text, find_identifiers(text))
    return mask_names(masked, names)


def mask_personnummer(text: str) -> str:
    """Mask only personnummer and samordningsnummer (for texts where phone numbers may stay).

    """
    spans = [Span(m.start(), m.end(), PERSONNUMMER) for m in _PERSONNUMMER.finditer(text or "")
             if _valid_personnummer(m)]
    return _replace(text, spans) if spans else text
