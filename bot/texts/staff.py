"""Swedish texts staff read when casework or an account change is refused.

Pure data: :mod:`bot.staff.errors` and :mod:`bot.staff.accounts` fill in their
limits with ``str.format``.
"""

from __future__ import annotations

from typing import Mapping

# Placeholders: {reason_min}, {reason_max} and {note_max}, the casework input limits.
CASEWORK_INPUT_ERRORS: Mapping[str, str] = {
    "version_missing": "Sidan saknar ärendets version. Ladda om ärendet och försök igen.",
    "outcome_invalid": "Välj hur samtalet gick.",
    "close_outcome_invalid": "Välj ett utfall för ärendet.",
    "next_attempt_invalid": "Skriv tiden för nästa försök som ÅÅÅÅ-MM-DD TT:MM.",
    "next_attempt_past": "Nästa försök måste ligga efter nu.",
    "target_invalid": "Välj vart ärendet ska lotsas vidare.",
    "target_unknown": "Den länken eller enheten finns inte i kommunens profil.",
    "target_empty": "Enheten har ingen kontaktpunkt att lotsa vidare till.",
    "target_same": "Ärendet ligger redan hos den kontaktpunkten.",
    "reason_missing": "Skriv varför ärendet lotsas vidare (minst {reason_min} tecken).",
    "reason_too_long": "Skälet får vara högst {reason_max} tecken.",
    "note_missing": "Skriv något i anteckningen.",
    "note_too_long": "Anteckningen får vara högst {note_max} tecken.",
    "filter_invalid": "Ett av filtren har ett värde som inte finns.",
}

# Placeholders: {password_min} and {password_max}, the password length limits.
ACCOUNT_ERRORS: Mapping[str, str] = {
    "username_invalid": (
        "Användarnamnet ska vara 2–64 tecken: små bokstäver a–z, siffror, punkt, "
        "bindestreck eller understreck, och börja med en bokstav eller siffra."
    ),
    "username_reserved": "Det användarnamnet är reserverat. Välj ett annat.",
    "username_taken": "Det finns redan ett konto med det användarnamnet.",
    "role_invalid": "Okänd roll. Välj contact, coordinator eller admin.",
    "contact_point_required": (
        "Ett konto med rollen contact behöver en kontaktpunkt (--contact-point)."
    ),
    "contact_point_unknown": "Kontaktpunkten finns inte i kommunens profil.",
    "password_too_short": "Lösenordet måste ha minst {password_min} tecken.",
    "password_too_long": "Lösenordet får ha högst {password_max} tecken.",
    "password_weak": (
        "Lösenordet är för lätt att gissa: det får inte innehålla användarnamnet "
        "eller bara bestå av samma tecken."
    ),
    "password_common": (
        "Lösenordet är för vanligt och finns i listor som används för att gissa lösenord. "
        "Välj ett annat, till exempel några ord som bara du sätter ihop."
    ),
    "user_unknown": "Det finns inget konto med det användarnamnet.",
    "token_unknown": "Det finns ingen sådan API-nyckel.",
    "last_admin": "Det sista aktiva administratörskontot kan inte stängas av.",
}


def casework_input_error(reason: str, *, reason_min: int, reason_max: int, note_max: int) -> str:
    """Why a casework action's input cannot be used (``KeyError`` for an unknown reason)."""
    return CASEWORK_INPUT_ERRORS[reason].format(
        reason_min=reason_min, reason_max=reason_max, note_max=note_max
    )


def account_error(reason: str, *, password_min: int, password_max: int) -> str:
    """Why an account change cannot be made (``KeyError`` for an unknown reason)."""
    return ACCOUNT_ERRORS[reason].format(password_min=password_min, password_max=password_max)
