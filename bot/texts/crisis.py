"""Swedish texts of the possible-danger tier: the check-in question and the replies to its answer.

Asking straight out about suicide is recommended practice and does not raise the risk; the
question is therefore direct, and Självmordslinjen and 1177 come with it. The acute reply
itself is :func:`bot.texts.replies.crisis_reply`.
"""

from __future__ import annotations

from typing import Mapping, Optional

from bot.texts.replies import FALLBACK_LINES


def _phones(lines: Optional[Mapping[str, str]]) -> dict[str, str]:
    """National lines, with the built-in numbers where the data has none."""
    return {**FALLBACK_LINES, **(lines or {})}


def check_in(*, about_other: bool, lines: Optional[Mapping[str, str]] = None) -> str:
    """The check-in question after indirect talk of wanting to die, with the lines to call."""
    phone = _phones(lines)
    if about_other:
        question = (
            "Det du skriver låter allvarligt, och jag tar det på allvar. "
            "Jag vill fråga dig rakt: tror du att hen har tankar på att ta sitt liv? "
            "Det är bra att fråga hen rakt också. Det ökar inte risken."
        )
    else:
        question = (
            "Det du skriver låter tungt, och jag tar det på allvar. "
            "Jag vill fråga dig rakt: har du tankar på att ta ditt liv?"
        )
    return (
        f"{question}\n"
        f"Du kan alltid ringa Självmordslinjen {phone['suicide']}, dygnet runt, eller {phone['healthcare']} "
        "för att prata med någon. "
        f"Är någon i fara just nu: ring {phone['emergency']}."
    )


def check_in_no(lines: Optional[Mapping[str, str]] = None) -> str:
    """The short reply when the answer to the check-in was no."""
    phone = _phones(lines)
    return (
        "Tack för att du svarar. Det är bra att du säger hur det är.\n"
        f"Om tankarna kommer senare kan du ringa Självmordslinjen {phone['suicide']} "
        f"eller {phone['healthcare']}, när som helst."
    )


def check_in_unclear(lines: Optional[Mapping[str, str]] = None) -> str:
    """The reply when the answer to the check-in was neither yes nor no."""
    phone = _phones(lines)
    return (
        "Tack för att du skriver. Om du har tankar på att ta ditt liv, eller inte vet: "
        f"ring Självmordslinjen {phone['suicide']} och prata med någon. "
        f"Är någon i fara just nu: ring {phone['emergency']}."
    )
