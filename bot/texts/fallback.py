"""What Rasa says itself when the action server cannot answer (:mod:`bot.rasa_patches.guard`).

The action server writes almost every reply; when it is down, slow or fails, Rasa
sends one of these instead, so that the relative is never met with silence: a
message in danger gets 112 and the crisis lines, any other message an honest
"not now" with the unit's number. The numbers come from ``national.yml`` and the
profile; the built-in ones (:data:`bot.texts.replies.FALLBACK_LINES`) stand in when
the data cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from bot.texts.replies import FALLBACK_LINES


@dataclass(frozen=True)
class Unit:
    """Whom to call instead: the unit's role and number, and socialjouren."""

    role: str
    phone: str
    phone_example: bool = False
    socialjour: Optional[str] = None
    socialjour_example: bool = False


def _number(phone: str, example: bool) -> str:
    return f"{phone} (exempelnummer)" if example else phone


def _call_unit(unit: Optional[Unit]) -> str:
    if unit is None:
        return "Du kan också ringa kommunens växel och be att få prata med anhörigstödet."
    text = f"Du kan också ringa {unit.role} på {_number(unit.phone, unit.phone_example)} under kontorstid"
    if unit.socialjour:
        text += (f", eller socialjouren på {_number(unit.socialjour, unit.socialjour_example)} "
                 "när kontoret är stängt")
    return text + "."


def crisis_without_actions(lines: Optional[Mapping[str, str]] = None, unit: Optional[Unit] = None) -> str:
    """The crisis reply when the action server cannot answer: every line, whatever the danger."""
    phone = {**FALLBACK_LINES, **(lines or {})}
    return "\n".join([
        f"Om någon är i fara just nu: ring {phone['emergency']} direkt.",
        f"Har du eller någon nära dig tankar på att ta sitt liv: ring Självmordslinjen "
        f"{phone['suicide']}. Råd om vård och psykisk hälsa dygnet runt får du på {phone['healthcare']}.",
        f"Är du utsatt för våld eller hot: ring Kvinnofridslinjen {phone['women_violence']}. "
        "Det är gratis och du kan vara anonym.",
        f"Är du under 18: ring BRIS {phone['bris']}. Det är gratis.",
        "Chatten kan inte svara på mer just nu. " + _call_unit(unit),
    ])


def no_answer_without_actions(lines: Optional[Mapping[str, str]] = None, unit: Optional[Unit] = None) -> str:
    """Any other reply when the action server cannot answer: not now, whom to call, 112."""
    phone = {**FALLBACK_LINES, **(lines or {})}
    return "\n".join([
        "Jag kan inte svara på det just nu. Försök igen om en stund. Höll du på att boka en tid "
        "kan du försöka igen, du blir inte bokad två gånger.",
        _call_unit(unit),
        f"Vid akut fara: ring {phone['emergency']}. Har du tankar på att ta ditt liv: ring "
        f"Självmordslinjen {phone['suicide']}. Råd om vård dygnet runt: {phone['healthcare']}.",
    ])
