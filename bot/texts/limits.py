"""Swedish texts for the limits: too many messages, bookings or tries, input the app cannot read.

Pure text: the handlers and the booking dialogue pass in the numbers and the
"call instead" sentence they have looked up.
"""

from __future__ import annotations

from datetime import datetime

from bot.texts.web import PageError

EMERGENCY = "Vid akut fara: ring 112."

# ---------------------------------------------------------------- the chat (page / and the widget)

CHAT_RATE_LIMITED = (
    "Du har skickat många meddelanden på kort tid. Vänta en minut och skicka sedan igen. "
    + EMERGENCY
)


def chat_idle_notice(minutes: int, clears_at: datetime) -> str:
    """The page ``/``: when the browser forgets an idle conversation (no JavaScript needed)."""
    return (
        f"Om du inte skriver något på {minutes} minuter glömmer webbläsaren samtalet, "
        f"runt kl. {clears_at:%H.%M}. Varje meddelande ger dig {minutes} nya minuter."
    )


# ---------------------------------------------------------------- requests the app cannot read

FORM_CONTENT_TYPE = PageError(
    "Formuläret kunde inte läsas",
    "Sidan tar bara emot vanliga formulär. Ladda om sidan och försök igen.",
)
API_CONTENT_TYPE = "Skicka innehållet som JSON, med Content-Type: application/json."
API_INVALID_JSON = "Innehållet är inte giltig JSON. Skicka ett JSON-objekt, till exempel {\"version\": 3}."
API_TOO_LARGE = "Innehållet är för stort."
API_TOKEN_EXPIRED = (
    "API-nyckeln har gått ut. Be en administratör om en ny (anhoriglots token create)."
)

# ---------------------------------------------------------------- bookings and the manage dialogue


def bookings_per_phone(call_instead_text: str) -> str:
    """The phone number has had its bookings for the day."""
    return (
        "Det här numret har redan fått flera bokade samtal det senaste dygnet, så jag kan inte "
        f"boka fler just nu. Inget nytt är sparat. {call_instead_text}"
    )


def bookings_per_address(call_instead_text: str) -> str:
    """The address (often a shared computer or network) has had its bookings for the day."""
    return (
        "Det har bokats många samtal härifrån det senaste dygnet, så jag kan inte boka fler "
        f"just nu. Inget nytt är sparat. {call_instead_text}"
    )


def manage_locked(call_instead_text: str) -> str:
    """Too many wrong digits for one booking reference: the chat stops trying for a while."""
    return (
        "Den bokningen är spärrad i chatten en stund, eftersom fel uppgifter har skrivits för "
        f"många gånger. Inget är ändrat. {call_instead_text}"
    )
