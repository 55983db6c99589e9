"""Swedish replies that depend on the situation (klarspråk, du-form).

Pure functions: the actions pass in what they know (slots, profile values,
national lines) and send what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

from bot import safety

# Used only if the national lines file cannot be read: a crisis reply must never fail.
FALLBACK_LINES: Mapping[str, str] = {
    "emergency": "112",
    "healthcare": "1177",
    "suicide": "90101",
    "women_violence": "020-50 50 50",
    "bris": "116 111",
}

@dataclass(frozen=True)
class Button:
    """A quick-reply button: what it says and the intent it sends."""

    title: str
    payload: str


SITUATION_OPTIONS = (
    Button("Vad har jag rätt till?", "/ask_rights"),
    Button("Vilket stöd finns?", "/ask_support"),
    Button("Bli uppringd", "/request_callback"),
)


def greeting(municipality_name: Optional[str]) -> str:
    """The first message: a bot, what it helps with, and what not to write."""
    where = f" för {municipality_name}" if municipality_name else ""
    return (
        f"Hej! Jag är Anhöriglotsen, en chattbot{where}. Jag är inte en människa.\n"
        "Jag kan hjälpa dig som stöttar eller vårdar någon du står nära: berätta vilket stöd "
        "som finns, vad lagen säger och boka en tid då rätt person ringer upp dig.\n"
        "Skriv inte personnummer, och inte fler detaljer om någons hälsa än du behöver.\n"
        "Vem är det du hjälper?"
    )


def situation_offer() -> str:
    """What the relative can do next, after the summary (:func:`bot.texts.summary.relative_summary`)."""
    return (
        "Vad vill du göra nu? Jag kan berätta vad du har rätt till, vilket stöd som finns, "
        "eller boka en tid då någon ringer upp dig."
    )


def crisis_reply(
    categories: Iterable[str],
    *,
    user_is_child: bool,
    lines: Optional[Mapping[str, str]] = None,
    socialjour: Optional[str] = None,
) -> str:
    """Emergency numbers at once, with the line that fits the danger."""
    phone = {**FALLBACK_LINES, **(lines or {})}
    cats = set(categories)
    parts = [f"Om någon är i fara just nu: ring {phone['emergency']} direkt."]
    if safety.SUICIDE in cats:
        parts.append(
            f"Har du eller någon nära dig tankar på att ta sitt liv kan du ringa Självmordslinjen "
            f"{phone['suicide']} eller chatta på mind.se. Du behöver inte vara ensam med det. "
            f"Råd om psykisk hälsa dygnet runt får du på {phone['healthcare']}."
        )
    if safety.VIOLENCE in cats and not user_is_child:
        parts.append(
            f"Är du utsatt för våld eller hot kan du ringa Kvinnofridslinjen {phone['women_violence']}. "
            "Det är gratis och du kan vara anonym."
        )
    if safety.MEDICAL in cats:
        parts.append(
            f"Vid akut sjukdom eller olycka: ring {phone['emergency']}. "
            f"Behöver du råd om vård kan du ringa {phone['healthcare']}."
        )
    if safety.MISSING in cats:
        parts.append(
            f"Har någon med demens gått vilse: ring {phone['emergency']} nu och berätta att personen "
            "har demens. Ju tidigare, desto bättre."
        )
    if safety.HARM_TO_CARED in cats:
        parts.append(
            "Om du är rädd att du ska skada den du vårdar: gå ut ur rummet en stund om det går "
            f"och ring {phone['emergency']} om någon är i fara. Det är bra att du säger det."
        )
    if user_is_child:
        parts.append(
            f"Du kan ringa BRIS {phone['bris']} eller chatta på bris.se. Det är gratis och syns "
            "inte på telefonräkningen. Berätta också för en vuxen du litar på, till exempel "
            "skolkuratorn, skolsköterskan eller en lärare."
        )
    elif safety.CHILD_AT_RISK in cats:
        parts.append(
            f"Är du under 18 kan du ringa BRIS {phone['bris']} eller chatta på bris.se. "
            "Det är gratis och syns inte på telefonräkningen."
        )
    if len(parts) == 1:
        parts.append(
            f"Du kan också ringa Självmordslinjen {phone['suicide']} om du har tankar på att ta ditt liv, "
            f"eller {phone['healthcare']} för råd om vård."
        )
    if socialjour:
        parts.append(f"Kvällar och helger når du socialjouren på {socialjour}.")
    parts.append("Jag finns kvar här om du vill skriva mer efteråt.")
    return "\n".join(parts)


def burden_reply(
    anhoriglinjen: Optional[str] = None, support_names: Sequence[str] = ()
) -> str:
    """Empathy for the relative's own strain, the municipality's talks and groups by name,
    and the offer of a callback."""
    text = (
        "Det låter tungt. Det du känner är vanligt hos anhöriga. Kommunen ska erbjuda stöd "
        "till dig som vårdar eller stöder en närstående, för din egen skull.\n"
    )
    if support_names:
        listed = "\n".join(f"- {name}" for name in support_names)
        text += f"Kommunen har till exempel:\n{listed}\nVill du att någon ringer upp dig?"
    else:
        text += "Kommunen erbjuder stödsamtal för anhöriga. Vill du att någon ringer upp dig?"
    if anhoriglinjen:
        text += f"\nDu kan också ringa Anhöriglinjen {anhoriglinjen} om du vill prata med någon."
    return text


def fallback_reply() -> str:
    """Honest 'I did not understand', a suggestion, and the offer of a human."""
    return (
        "Jag är inte säker på att jag förstod. Kan du skriva det på ett annat sätt, "
        "till exempel \"min mamma har demens\" eller \"vilket stöd finns\"?\n"
        "Du kan också be att bli uppringd av en person från kommunen."
    )


FALLBACK_OPTIONS = (
    Button("Berätta om min situation", "/describe_situation"),
    Button("Prata med en människa", "/request_human"),
)


# The situation form's questions. They are sent by custom ask actions (not domain
# responses) because `rasa data validate` counts form responses as unused.
ASK_SITUATION: Mapping[str, str] = {
    "relation": (
        "Vem är det du hjälper? Till exempel din partner, mamma eller pappa, ditt barn eller en vän."
    ),
    "condition": (
        "Vad behöver hen hjälp med? Till exempel demens, psykisk ohälsa, en funktionsnedsättning, "
        "ett beroende, en långvarig sjukdom eller hög ålder. Du behöver inte skriva mer än du vill."
    ),
    "person_age": (
        "Ungefär hur gammal är hen? Det räcker med ungefär. Skriv \"vet inte\" om du inte vill svara."
    ),
    "district": (
        "Vilken stadsdel bor du i? Stödet ges av stadsdelen där du bor. "
        "Skriv \"vet inte\" om du är osäker."
    ),
}


def ask_situation(slot: str, pronoun: str = "hen") -> str:
    """The situation form's question for ``slot``, with "hon" or "han" where the relative's
    own word for the person says which ("min mamma" -> "Ungefär hur gammal är hon?")."""
    question = ASK_SITUATION[slot]
    if pronoun in ("hon", "han"):
        question = question.replace(" hen ", f" {pronoun} ").replace(" hen?", f" {pronoun}?")
    return question
INVALID_RELATION = (
    "Jag förstod inte vem du hjälper. Skriv till exempel \"min pappa\", \"min fru\" eller \"min son\"."
)
INVALID_AGE = "Jag förstod inte åldern. Skriv en siffra, till exempel 82, eller \"vet inte\"."


def invalid_district(examples: Iterable[str]) -> str:
    """The district was not recognised: say so and give examples."""
    names = ", ".join(list(examples)[:4])
    return f"Jag hittade inte den stadsdelen. Skriv till exempel {names}, eller \"vet inte\"."


# A "ja" that nothing was waiting for (actions/callback.py, ActionAffirmWithoutContext).
AFFIRM_WITHOUT_CONTEXT = "Vad vill du veta mer om?"
AFFIRM_OPTIONS: tuple[Button, ...] = (
    Button("Mina rättigheter", "/ask_rights"),
    Button("Vilket stöd finns?", "/ask_support"),
    Button("Bli uppringd", "/request_callback"),
)
