"""Swedish texts of the web app: the public chat page, the staff pages and the JSON API's messages.

Identifiers stay English in code and data; these tables and functions turn
them into plain Swedish for the pages, the CSV export and the API's error
messages. Pure text: the web modules pass in what they have already looked up
(names, labels, formatted times) and show what comes back. The page markup
itself lives in ``bot/web/templates``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class PageError:
    """The title and the explanation of an error page."""

    title: str
    message: str


# ---------------------------------------------------------------- labels of identifiers

ROLE_SV = {
    "contact": "kontaktperson",
    "coordinator": "samordnare",
    "admin": "administratör",
}
STATUS_SV = {
    "booked": "Bokad, inte tagen",
    "taken": "Tagen",
    "called": "Ringd",
    "closed": "Avslutad",
    "cancelled": "Avbokad av den anhörige",
}
STATUS_FILTER_SV = {
    "open": "Att arbeta med",
    "all": "Alla",
    **STATUS_SV,
}
TARGET_GROUP_SV = {
    "elderly": "Äldre",
    "dementia": "Demenssjukdom",
    "mental_illness": "Psykisk ohälsa",
    "disability": "Funktionsnedsättning",
    "lss_disability": "Funktionsnedsättning (LSS)",
    "addiction": "Missbruk och beroende",
    "chronic_illness": "Långvarig sjukdom",
    "children_young": "Barn och unga",
    "child_relative": "Barn som anhörig",
    "extremism": "Våldsbejakande extremism",
    "criminality": "Kriminalitet",
    "violence_affected": "Drabbad av grovt våld",
    "grief": "Efter vårdandet",
    "unknown": "Inte angiven",
}
CALL_OUTCOME_SV = {
    "reached": "Nådde den anhörige",
    "not_reached": "Nådde inte den anhörige",
}
CLOSE_OUTCOME_SV = {
    "advice_given": "Råd, information och vägledning",
    "support_started": "Stöd påbörjat (till exempel samtal, grupp eller avlösning)",
    "application_referred": "Hjälp att ansöka om bistånd eller LSS",
    "referred_elsewhere": "Hänvisad till annan aktör (region, förening)",
    "not_reached": "Nådde inte den anhörige",
    "declined": "Den anhörige ville inte ha stöd",
    "other": "Annat",
    "unknown": "Inte angivet",
}
OVERDUE_SV = {
    "window_passed": "Den bokade tiden har passerat",
    "attempt_due": "Dags för nytt försök",
    "not_taken_in_time": "Inte tagen i tid",
}
ACTOR_SV = {
    "relative": "Den anhörige (chatten)",
    "escalation": "Automatisk eskalering",
    "retention": "Gallring",
    "cli": "Kommandoraden",
}
AUDIT_ACTION_SV = {
    "case.viewed": "Öppnade ärendet",
    "case.phone_revealed": "Visade telefonnumret",
    "case.taken": "Tog ärendet",
    "case.call_recorded": "Registrerade ett samtal",
    "case.forwarded": "Lotsade vidare",
    "case.closed": "Avslutade ärendet",
    "case.note_added": "Skrev en anteckning",
    "user.created": "Skapade ett konto",
    "user.disabled": "Stängde av ett konto",
    "user.enabled": "Aktiverade ett konto",
    "user.password_set": "Bytte lösenord för ett konto",
    "token.created": "Skapade en API-nyckel",
    "token.revoked": "Spärrade en API-nyckel",
    "session.signed_in": "Loggade in",
    "session.signed_out": "Loggade ut",
    "figures.exported": "Exporterade uppföljningen (CSV)",
}
VIA_SV = {"web": "webben", "api": "API", "cli": "kommandoraden"}
NO_CONTACT_POINT = "Ingen"
NO_LINK = "Ingen länk"

# ---------------------------------------------------------------- menu and page titles

NAV_QUEUE = "Kö"
NAV_MORNING = "Morgonöversikt"
NAV_FIGURES = "Uppföljning"
NAV_AUDIT = "Logg"
NAV_ACCOUNTS = "Konton"

TITLE_CHAT = "Chatta med Anhöriglotsen"
TITLE_LOGIN = "Logga in"
TITLE_QUEUE = "Kö för återuppringning"
TITLE_MORNING = "Morgonöversikt"
TITLE_FIGURES = "Uppföljning"
TITLE_AUDIT = "Logg"
TITLE_ACCOUNTS = "Konton"


def case_title(reference: str) -> str:
    """The title of a case page."""
    return f"Ärende {reference}"


# ---------------------------------------------------------------- error pages

NOT_FOUND_SV = (
    "Sidan eller ärendet finns inte, eller så har du inte behörighet att se det."
)
NOT_FOUND = PageError("Hittades inte", NOT_FOUND_SV)
FORBIDDEN = PageError("Ingen behörighet", "Din roll ger inte tillgång till den här sidan.")
CASE_CHANGED = PageError("Ärendet har ändrats",
                         "Ärendet har ändrats sedan du öppnade det. Öppna det igen.")
MISSING_INPUT_TITLE = "Något saknas"
BAD_REQUEST = PageError("Felaktig begäran",
                        "Begäran kunde inte läsas. Kontrollera uppgifterna och försök igen.")
WRONG_METHOD = PageError("Fel metod", "Den här adressen tar inte emot sådana anrop.")
TOO_LARGE = PageError("För mycket text", "Det du skickade var för stort.")
UNAVAILABLE = PageError("Tillfälligt fel",
                        "Databasen svarar inte just nu. Försök igen om en stund.")
SERVER_ERROR = PageError("Något gick fel", "Något gick fel på servern. Försök igen om en stund.")
CSRF_FAILED = PageError(
    "Formuläret gick inte att skicka",
    "Formuläret har gått ut eller kom inte från den här sidan. Ladda om sidan och försök igen.",
)

# ---------------------------------------------------------------- JSON API messages

API_UNAUTHORIZED = "API-nyckel saknas eller gäller inte (Authorization: Bearer ...)."
API_FORBIDDEN = "Kontots roll ger inte tillgång till detta."
API_CONFLICT = "Ärendet har ändrats sedan du läste det. Hämta det igen och försök på nytt."
API_SERVER_ERROR = "Något gick fel på servern."


def api_not_changeable(status_label: str) -> str:
    """409 on the API: the case's status does not allow the action."""
    return f"Ärendet kan inte ändras så i läget \"{status_label}\"."


# ---------------------------------------------------------------- public chat

CHAT_EMPTY = "Skriv ett meddelande först."


def chat_too_long(max_chars: int) -> str:
    """The message is longer than the chat takes."""
    return f"Meddelandet får vara högst {max_chars} tecken."


# ---------------------------------------------------------------- sign-in

SIGNED_OUT = "Du är utloggad."
LOGIN_MISSING = "Skriv både användarnamn och lösenord."
LOGIN_LOCKED = "För många misslyckade inloggningar. Vänta 15 minuter och försök igen."
LOGIN_FAILED = "Fel användarnamn eller lösenord."

# ---------------------------------------------------------------- queue and case page

DONE_SV = {
    "taken": "Du har tagit ärendet.",
    "call": "Samtalet är registrerat.",
    "forwarded": "Ärendet är lotsat vidare.",
    "closed": "Ärendet är avslutat.",
    "note": "Anteckningen är sparad.",
}
PHONE_GONE = "Telefonnumret finns inte längre (gallrat eller avbokat)."
CASE_CHANGED_MEANWHILE = (
    "Någon annan har ändrat ärendet medan du hade det öppet. Här är det som det ser "
    "ut nu; gör om det du ville göra om det fortfarande behövs."
)


def not_in_status(status_label: str) -> str:
    """On the case page: the action is not possible in the case's status."""
    return f"Det går inte i läget \"{status_label}\"."


def forward_to_link(name: str) -> str:
    """A forwarding target that is a referral link."""
    return f"Länk: {name}"


def forward_to_unit(name: str) -> str:
    """A forwarding target that is a unit."""
    return f"Enhet: {name}"


# ---------------------------------------------------------------- case history

EVENT_CANCELLED = "Den anhörige avbokade."
EVENT_TRANSCRIPT_ATTACHED = "Samtalsutskriften bifogades."
EVENT_CALLED = "Markerades som ringd."
EVENT_NOTE_ADDED = "Anteckning:"
EVENT_PERSONAL_DATA_PURGED = "Personuppgifterna gallrades."


def event_created(*, after_hours: bool, assigned_to: Optional[str]) -> str:
    """The case came in through the chat (and went to ``assigned_to``, a contact point label)."""
    text = "Ärendet kom in via chatten"
    if after_hours:
        text += " utanför kontorstid"
    if assigned_to is not None:
        text += f" och gick till {assigned_to}"
    return text + "."


def event_booked(window: str) -> str:
    """A time was booked."""
    return f"Tid bokad: {window}."


def event_rebooked(window: str) -> str:
    """The relative moved the booked time."""
    return f"Tiden ändrades till {window}."


def event_taken(contact_point: str) -> str:
    """Someone took the case."""
    return f"Ärendet togs ({contact_point})."


def event_escalated(source: str, target: str, level: object) -> str:
    """Nobody took the case in time, so it went on to the next contact point."""
    return f"Ingen tog ärendet i tid, så det gick vidare från {source} till {target} (steg {level})."


def event_call(attempt: object, outcome: str, next_attempt: Optional[str]) -> str:
    """A call attempt and its outcome (and when the next attempt is, if one is planned)."""
    text = f"Samtal {attempt}: {outcome.lower()}."
    if next_attempt is not None:
        text += f" Nytt försök {next_attempt}."
    return text


def event_closed(outcome: str) -> str:
    """The case was closed with an outcome."""
    return f"Ärendet avslutades. Utfall: {outcome}."


def event_forwarded(source: str, target: str, link: Optional[str]) -> str:
    """The case was passed on (to another referral link, if ``link`` is given)."""
    text = f"Lotsades vidare från {source} till {target}"
    if link is not None:
        text += f", länk: {link}"
    return text + "."


# ---------------------------------------------------------------- follow-up figures

NO_VALUE = "–"
CHART_BY_TARGET_GROUP = "Ärenden per målgrupp"
CHART_BY_OUTCOME = "Avslutade ärenden per utfall"


def hours_sv(value: Optional[float]) -> str:
    """A number of hours with a decimal comma (``12,5 timmar``), or a dash."""
    if value is None:
        return NO_VALUE
    return f"{value:.1f}".replace(".", ",") + " timmar"


def share_sv(share: Optional[float]) -> str:
    """A share as whole per cent (``40 %``), or a dash."""
    return f"{share * 100:.0f} %" if share is not None else NO_VALUE


def figures_filename(start: str, end: str) -> str:
    """The file name of the CSV export of a period (ISO dates)."""
    return f"uppfoljning-{start}-{end}.csv"


CSV_HEADER = ("Mått", "Kategori", "Värde")
CSV_PERIOD = "Period"
CSV_FROM = "Från"
CSV_TO = "Till"
CSV_CASES = "Ärenden"
CSV_TOTAL = "Totalt"
CSV_STATUS = "Status"
CSV_TARGET_GROUP = "Målgrupp"
CSV_LINK = "Länk"
CSV_AFTER_HOURS = "Utanför kontorstid"
CSV_OFFICE_HOURS = "Under kontorstid"
CSV_OUTCOME = "Utfall"
CSV_ESCALATION = "Eskalering"
CSV_ESCALATED = "Eskalerade ärenden"
CSV_FORWARDED = "Lotsade vidare"
CSV_SUPPRESSED = "<5"
CSV_TOO_FEW_CASES = "<5 ärenden"
CSV_FIRST_CALL = "Tid till första samtal"
CSV_MEDIAN_HOURS = "Median, timmar"
CSV_MEDIAN_WORKING_HOURS = "Median, arbetstimmar"

# ---------------------------------------------------------------- accounts

ACCOUNT_DONE_SV = {
    "created": "Kontot är skapat.",
    "disabled": "Kontot är avstängt.",
    "enabled": "Kontot är aktiverat.",
    "password": "Lösenordet är bytt.",
}


# ---------------------------------------------------------------- the server's console

def startup_failed(error: object) -> str:
    """``python -m bot.web`` cannot start (settings or profile)."""
    return f"Webbappen startar inte: {error}"


def serving(host: str, port: int) -> str:
    """``python -m bot.web`` is serving: where to find the pages and the API."""
    return f"Webbappen: http://{host}:{port}/ (personal: /personal/, API: /api/v1/openapi.json)"
