"""Masked conversation transcripts for a case.

Why: with the relative's consent the conversation is attached to the case so
that staff need not ask everything again, but chat text sent to a municipality
can become an official document, so identifiers are masked before storage
with :mod:`bot.privacy.masking` (the same masking as Rasa's tracker store):
personnummer and samordningsnummer, phone numbers, e-mail addresses, street
addresses, postal codes and other long digit sequences (account, card and
case numbers). Free-text names cannot be found reliably; names the bot knows
(the one given in the booking form) can be passed in and are masked too.
The case's one-sentence situation summary is :func:`bot.texts.summary.staff_summary`.
"""

from __future__ import annotations

import logging
from typing import Iterable

from bot.privacy.masking import mask_personnummer as mask_personnummer
from bot.privacy.masking import mask_text
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

__all__ = [
    "ADDRESS", "EMAIL", "NAME", "NUMBER", "PERSONNUMMER", "PHONE", "POSTCODE",
    "build_transcript", "mask_identifiers", "mask_personnummer",
]


def mask_identifiers(text: str, names: Iterable[str] = ()) -> str:
    """Replace identifiers in ``text`` with Swedish placeholders (:func:`bot.privacy.masking.mask_text`).

    Idempotent (placeholders contain no digits), so masking twice is harmless.
    """
    return mask_text(text, names)


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
