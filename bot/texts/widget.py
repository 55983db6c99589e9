"""Swedish texts of the chat widget's JSON API: errors, the fallback when Rasa is silent, /end.

Pure text: :mod:`bot.web.widget_api` passes in the names and numbers it has looked up
in the profile and the national lines, and sends back what comes out.
"""

from __future__ import annotations

from typing import Optional

from bot.texts.callback import RETENTION_SV
from bot.texts.web import CHAT_EMPTY, chat_too_long

APP_NAME = "Anhöriglotsen"

INVALID_JSON = "Meddelandet gick inte att läsa. Ladda om sidan och försök igen."
INVALID_INPUT = "Meddelandet saknar något som behövs. Ladda om sidan och försök igen."
INVALID_KEY = "Meddelandet gick inte att skicka. Ladda om sidan och försök igen."
CONTENT_TYPE = "Chatten tar bara emot meddelanden från chattrutan. Ladda om sidan och försök igen."
ORIGIN = "Chatten kan inte användas från den här webbplatsen."
KEY_REUSED = (
    "Det här meddelandet skickades redan med en annan text. "
    "Ladda om sidan och skriv ditt meddelande igen."
)
TEXT_EMPTY = CHAT_EMPTY
text_too_long = chat_too_long
IN_PROGRESS = "Ditt meddelande skickas fortfarande. Vänta ett ögonblick."
NOT_FOUND = "Adressen finns inte i chatten."
WRONG_METHOD = "Chatten kan inte svara på den här sortens anrop."
TOO_LARGE = "Meddelandet är för stort för att skickas."
SERVER_ERROR = "Något gick fel hos oss. Försök igen om en stund. Vid akut fara: ring 112."
STORAGE_UNAVAILABLE = "Chatten kan inte spara just nu. Försök igen om en stund. Vid akut fara: ring 112."
END_FAILED = (
    "Samtalet kunde inte raderas just nu. Försök igen om en stund. "
    "Chatten glömmer det ändå när du har varit borta en stund."
)

KEPT_CASE = (
    "Har du bokat en återuppringning finns ärendet kvar hos kommunen, med ditt ärendenummer, "
    "så att någon kan ringa dig. Ditt namn, ditt nummer och ditt meddelande tas bort "
    f"{RETENTION_SV} efter att ärendet har avslutats."
)
KEPT_CANCEL = "Vill du inte bli uppringd kan du avboka samtalet i chatten innan du avslutar."
KEPT_COPY = "Det du själv har kopierat, sparat eller skrivit ut finns kvar hos dig."


def title(municipality_name: str) -> str:
    """The widget's heading when the profile names none."""
    return f"{APP_NAME} – {municipality_name}"


def _number(phone: str, example: bool) -> str:
    return f"{phone} (exempelnummer)" if example else phone


def _call_instead(role: str, phone: str, phone_example: bool, socialjour: Optional[str],
                  socialjour_example: bool) -> str:
    text = f"Du kan också ringa {role} på {_number(phone, phone_example)} under kontorstid"
    if socialjour:
        text += f", eller socialjouren på {_number(socialjour, socialjour_example)} när kontoret är stängt"
    return text + ". Vid akut fara: ring 112."


def unavailable(role: str, phone: str, phone_example: bool, socialjour: Optional[str],
                socialjour_example: bool) -> str:
    """Rasa did not answer: the same words as the chat page, with the same numbers."""
    return "Chatten fungerar inte just nu. Försök igen om en stund. " + _call_instead(
        role, phone, phone_example, socialjour, socialjour_example)


def empty(role: str, phone: str, phone_example: bool, socialjour: Optional[str],
          socialjour_example: bool) -> str:
    """Rasa answered with nothing: never silence."""
    return "Jag har inget svar på det just nu. Skriv gärna på ett annat sätt. " + _call_instead(
        role, phone, phone_example, socialjour, socialjour_example)


def kept() -> list[str]:
    """What "Avsluta och radera" does not delete."""
    return [KEPT_CASE, KEPT_CANCEL, KEPT_COPY]
