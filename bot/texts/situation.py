"""Swedish texts around the situation: burden heard, a death heard, a child heard.

Klarspråk and du-form; short sentences for children. Pure functions: the
actions pass in the supports, contact and lines they found.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from bot.texts.replies import FALLBACK_LINES, Button

ANHORIGLINJEN_FALLBACK = "0200-239 500"

BURDEN_ACK = (
    "Det låter som att du bär mycket just nu. Det är bra att du skriver, och det du känner är vanligt."
)
SYMPATHY = "Jag beklagar sorgen."
ASK_RELATION_BEREAVED = (
    "Vem var det du förlorade, om du vill berätta? Till exempel din partner, mamma eller pappa, "
    "ditt barn eller en vän."
)
ASK_RELATION_CHILD = "Vem är det du vill skriva om? Till exempel mamma, pappa eller ett syskon."

CALLBACK_OFFER_BUTTONS = (
    Button("Ja, ring upp mig", "/request_callback"),
    Button("Inte nu", "/deny"),
)


def _names(names: Sequence[str]) -> str:
    return "\n".join(f"- {name}" for name in names)


def own_support(
    support_names: Sequence[str], contact: Optional[str], phone: Optional[str],
    anhoriglinjen: Optional[str],
) -> str:
    """The support for the relative's own sake: talks and groups, the consultant, Anhöriglinjen."""
    parts = ["Det finns stöd för din egen skull, inte bara för den du hjälper."]
    if support_names:
        parts.append("Kommunen har till exempel:\n" + _names(support_names))
    if contact:
        call = f" på {phone}" if phone else ""
        parts.append(f"Du kan prata med {contact}{call}.")
    parts.append(
        f"Vill du prata med någon utanför kommunen kan du ringa Anhöriglinjen "
        f"{anhoriglinjen or ANHORIGLINJEN_FALLBACK}."
    )
    return "\n".join(parts)


def grief(
    support_names: Sequence[str], contact: Optional[str], phone: Optional[str],
    anhoriglinjen: Optional[str],
) -> str:
    """After a death: it is allowed to need support now too; what the municipality has for this time."""
    parts = [
        "Det är vanligt att det känns tomt och konstigt efter en lång tid av omsorg. "
        "Du kan få stöd också nu, för din egen skull."
    ]
    if support_names:
        parts.append("Det här kan passa nu:\n" + _names(support_names))
    if contact:
        call = f" på {phone}" if phone else ""
        parts.append(f"Du kan prata med {contact}{call}.")
    parts.append(
        f"Du kan också ringa Anhöriglinjen {anhoriglinjen or ANHORIGLINJEN_FALLBACK} "
        "om du vill prata med någon."
    )
    parts.append("Vill du att någon från kommunen ringer upp dig?")
    return "\n".join(parts)


# Said only in :func:`child_first`: marks that a child has heard BRIS said to them (a crisis
# reply's "if you are under 18" does not count).
CHILD_FIRST_MARK = "Prata gärna med en vuxen du litar på"


def child_first(lines: Optional[Mapping[str, str]] = None) -> str:
    """The first thing a child hears: BRIS, and that it is good to tell an adult."""
    bris = {**FALLBACK_LINES, **(lines or {})}["bris"]
    return (
        "Det är bra att du skriver. Det du känner är okej.\n"
        f"Du kan ringa eller chatta med BRIS på {bris}. Det är gratis och du kan vara anonym.\n"
        f"{CHILD_FIRST_MARK}, till exempel skolkuratorn, skolsköterskan "
        "eller en lärare."
    )


def child_help(
    support_names: Sequence[str], contact: Optional[str], phone: Optional[str]
) -> str:
    """What a child can do next: the municipality's offer, socialtjänsten, an adult who books."""
    parts: list[str] = []
    if support_names:
        parts.append("I din kommun finns:\n" + _names(support_names))
    parts.append("Du kan också vända dig till socialtjänsten i kommunen. De hjälper barn och unga.")
    if contact and phone:
        parts.append(f"En vuxen kan ringa {contact} på {phone}, eller så kan du ringa själv.")
    return "\n".join(parts)


def child_callback_refusal(contact: Optional[str], phone: Optional[str]) -> str:
    """A child asked to be called: no number is taken here; how an adult books, or whom to call."""
    parts = [
        "Jag kan inte boka ett samtal åt dig här, för då behöver jag ditt namn och telefonnummer. "
        "Det gör vi bara med vuxna."
    ]
    if contact and phone:
        parts.append(
            f"En vuxen du litar på kan boka åt dig, eller ringa {contact} på {phone}. "
            "Du kan också ringa dit själv."
        )
    else:
        parts.append("En vuxen du litar på kan boka åt dig, eller ringa kommunen.")
    parts.append(
        f"Vill du prata med någon nu kan du ringa BRIS på {FALLBACK_LINES['bris']}. Det är gratis."
    )
    return "\n".join(parts)


def young_adult(support_names: Sequence[str]) -> str:
    """An 18-21-year-old may fit support meant for young people (Gislaved's koordinatorstöd)."""
    return (
        "Du är vuxen, men du kan ändå passa in i stödet för unga upp till 21 år: "
        + ", ".join(support_names) + ". Där hjälper en koordinator dig och din familj."
    )
