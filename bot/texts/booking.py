"""Swedish texts of the booking service: why typed input was refused, and the confirmation.

Pure data and functions: :mod:`bot.callbacks.booking` fills in its limits and
what it booked (the window and opening time already formatted in Swedish).
"""

from __future__ import annotations

from typing import Mapping, Optional

# Placeholders: {name_max} and {message_max}, the limits of the booking service.
BOOKING_INPUT_ERRORS: Mapping[str, str] = {
    "name_empty": "Vad ska vi kalla dig när vi ringer? Det räcker med ett förnamn.",
    "name_too_long": "Skriv ett kortare namn, högst {name_max} tecken. Ett förnamn räcker.",
    "name_not_a_name": "Skriv bara ett namn, till exempel ditt förnamn.",
    "message_too_long": (
        "Meddelandet får vara högst {message_max} tecken. Skriv det kortare, "
        "så kan du berätta mer när vi ringer."
    ),
}


def booking_input_error(reason: str, *, name_max: int, message_max: int) -> str:
    """Why the name or message the relative typed cannot be used (``KeyError`` for an unknown reason)."""
    return BOOKING_INPUT_ERRORS[reason].format(name_max=name_max, message_max=message_max)


def booking_confirmation(
    *,
    window: str,
    caller: str,
    reference: str,
    phone_last_digits: str,
    opens: Optional[str] = None,
) -> str:
    """Reference, window, who calls, how to cancel; with ``opens``, when the closed office opens."""
    lines = [
        f"Klart! Din tid är bokad: {window}.",
        f"Det är {caller} som ringer dig.",
        f"Ditt bokningsnummer är {reference}.",
        (
            "Vill du avboka eller byta tid skriver du \"avboka\" eller \"boka om\" här, "
            f"med bokningsnumret och de fyra sista siffrorna i ditt telefonnummer "
            f"(…{phone_last_digits})."
        ),
    ]
    if opens is not None:
        lines.append(f"Kontoret är stängt just nu. Vi ser din bokning när det öppnar {opens}.")
    return "\n".join(lines)
