"""Swedish texts of the callback booking, cancelling and rebooking (klarspråk, du-form).

Pure functions: :mod:`bot.callbacks.dialogue` and the actions pass in what they
know (names, numbers, formatted times) and send what comes back. Nothing here
promises more than the booking service guarantees: a time is only called
booked after the commit, and deletion is described as the retention job does it.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from bot.texts.replies import Button

_WEEKS_SV = {1: "en vecka", 2: "två veckor", 3: "tre veckor", 4: "fyra veckor", 5: "fem veckor",
             6: "sex veckor", 8: "åtta veckor", 12: "tolv veckor"}


def retention_sv(days: int) -> str:
    """How long personal data of an ended case is kept (ANHORIG_CASE_RETENTION_DAYS), in words."""
    if days % 7 == 0 and days // 7 in _WEEKS_SV:
        return _WEEKS_SV[days // 7]
    return "en dag" if days == 1 else f"{days} dagar"


# The default period (ANHORIG_CASE_RETENTION_DAYS=21).
RETENTION_SV = retention_sv(21)

YES_NO_BUTTONS = (Button("Ja", "/affirm"), Button("Nej", "/deny"))
NO_MESSAGE_BUTTON = Button("Inget meddelande", "/deny")
MORE_SLOTS_BUTTON = Button("Andra tider", "andra tider")
MODE_BUTTONS = (Button("Avboka", "avboka"), Button("Byt tid", "byt tid"))


def consent_request(municipality_name: str, retention: str = RETENTION_SV) -> str:
    """What is stored, who sees it and when it is deleted; then the question."""
    return (
        "Innan jag bokar behöver jag ditt samtycke till att spara några uppgifter.\n"
        "Det här sparas: namnet du uppger, ditt telefonnummer, tiden du väljer, "
        "ditt meddelande och chatten med en kort sammanfattning. Personnummer och "
        "andra nummer i chatten döljs.\n"
        f"Vem ser det: de som arbetar med ditt ärende i {municipality_name}, till exempel den "
        "som ringer dig eller tar över om hen inte hinner. Det du skriver kan bli en allmän "
        "handling. Sekretessen i socialtjänsten skyddar i regel uppgifter om dig och den du hjälper.\n"
        f"När det tas bort: {retention} efter att ärendet har avslutats. "
        "Avbokar du tas det bort direkt.\n"
        "Är det okej att jag sparar det här?"
    )


CONSENT_UNCLEAR = "Svara ja eller nej: får jag spara uppgifterna så att jag kan boka samtalet?"

ASK_DISTRICT = (
    "Vilken stadsdel bor du i? Stödet ges av stadsdelen där du bor, så då kan jag boka rätt person."
)


def district_needed(examples: Sequence[str]) -> str:
    """The callback cannot be routed without the district."""
    names = ", ".join(list(examples)[:4])
    return (
        "Jag behöver veta stadsdelen för att rätt person ska ringa dig. "
        f"Skriv till exempel {names}. Skriv \"avbryt\" om du inte vill boka."
    )


ASK_NAME = (
    "Vad ska vi kalla dig när vi ringer? Det räcker med ett förnamn, "
    "eller ett namn du väljer själv."
)
NAME_DECLINED = (
    "Du behöver inte skriva ditt riktiga namn. Skriv ett namn som vi kan fråga efter när vi ringer."
)
# The example number the phone texts show: a mobile number written the way relatives write it.
PHONE_EXAMPLE = "070-174 06 42"  # from the range PTS reserves for fiction
ASK_PHONE = f"Vilket telefonnummer ska vi ringa? Skriv ett svenskt nummer, till exempel {PHONE_EXAMPLE}."
PHONE_DECLINED = (
    "Utan telefonnummer kan vi inte ringa upp dig. Skriv ditt nummer, "
    "eller \"avbryt\" om du inte vill boka."
)
# Why a typed number was refused, by the reason code of bot.callbacks.phone.InvalidPhoneNumber.
PHONE_ERRORS: Mapping[str, str] = {
    "empty": (
        f"Jag behöver ett telefonnummer för att kunna ringa upp dig, till exempel {PHONE_EXAMPLE}."
    ),
    "not_a_number": (
        "Det där ser inte ut som ett telefonnummer. Skriv numret med siffror, "
        f"till exempel {PHONE_EXAMPLE} eller 08-123 456 78."
    ),
    "several": "Jag hittade flera telefonnummer. Skriv bara det nummer du vill bli uppringd på.",
    "too_short": (
        "Numret verkar sakna några siffror. Skriv hela numret med riktnummer, "
        f"till exempel {PHONE_EXAMPLE}."
    ),
    "too_long": (
        "Numret har för många siffror. Kontrollera det och skriv det igen, "
        f"till exempel {PHONE_EXAMPLE}."
    ),
    "not_swedish": (
        "Vi kan bara ringa upp svenska telefonnummer. Skriv ett svenskt mobil- eller fast nummer, "
        f"till exempel {PHONE_EXAMPLE}."
    ),
    "not_callable": (
        "Det numret går inte att ringa upp till (det är ett betal- eller servicenummer). "
        "Skriv ett vanligt mobil- eller fast nummer."
    ),
    "invalid": (
        "Jag känner inte igen det som ett svenskt telefonnummer. Kontrollera numret och skriv "
        f"det igen, till exempel {PHONE_EXAMPLE}."
    ),
}


def ask_slot(labels: Sequence[str], current: Optional[str] = None, later: bool = False) -> str:
    """Offer the free times, numbered, so that "den andra" works in every channel too."""
    lines = []
    if current:
        lines.append(f"Din tid nu är {current}.")
    which = "fler lediga tider" if later else "de första lediga tiderna"
    lines.append(f"Vilken tid passar dig? Det här är {which}:")
    lines.extend(f"{number}. {label}" for number, label in enumerate(labels, start=1))
    lines.append(
        "Välj en tid, eller skriv till exempel \"tisdag förmiddag\" eller \"den första\"."
    )
    return "\n".join(lines)


SLOT_UNCLEAR = "Jag förstod inte vilken tid du menar."
NO_LATER_SLOTS = "Det finns inga fler lediga tider de närmaste veckorna. Här är de första igen."
SLOT_TAKEN = "Tiden hann tyvärr bli upptagen av någon annan. Välj en annan tid."


def slot_several(labels: Sequence[str]) -> str:
    """More than one offered time fits what the relative wrote."""
    if len(labels) == 2:
        listed = f"{labels[0]} och {labels[1]}"
    else:
        listed = ", ".join(labels[:-1]) + f" och {labels[-1]}"
    return f"Flera tider passar: {listed}. Vilken vill du ha?"


ASK_MESSAGE = (
    "Vill du skriva ett kort meddelande till den som ringer, till exempel vad du vill prata om? "
    "Skriv \"nej\" om du inte vill."
)


def intro(caller: Optional[str], own_phone: Optional[str]) -> str:
    """The start of the booking: what happens, and who will call when that is known."""
    text = "Jag kan boka en tid då någon från kommunen ringer upp dig."
    if caller:
        text += f" Det blir {caller} som ringer."
    if own_phone:
        text += f" Du kan också ringa själv under kontorstid: {own_phone}."
    return text


def after_hours(
    opens_sv: str,
    socialjour_name: str,
    socialjour_phone: str,
    lines: Mapping[str, str],
    *,
    crisis: bool = False,
    heavy_burden: bool = False,
) -> str:
    """The office is closed: when it opens, the socialjour, and the lines that fit."""
    parts = [
        f"Kontoret är stängt just nu. Det öppnar {opens_sv}. Du kan ändå boka en tid nu, "
        "så ringer vi dig på den tid du väljer.",
        f"Behöver du hjälp innan dess kan du ringa {socialjour_name.lower()} på {socialjour_phone}.",
    ]
    if crisis and lines.get("suicide"):
        parts.append(
            f"Har du tankar på att ta ditt liv kan du ringa Självmordslinjen {lines['suicide']}."
        )
    if heavy_burden and lines.get("anhoriglinjen"):
        parts.append(f"Vill du prata med någon nu kan du ringa Anhöriglinjen {lines['anhoriglinjen']}.")
    parts.append(f"Om någon är i fara: ring {lines.get('emergency', '112')}.")
    return "\n".join(parts)


def call_instead(caller: Optional[str], phone: Optional[str], website: str) -> str:
    """Where to call when nothing was booked."""
    if caller and phone:
        return f"Du kan ringa {caller} själv under kontorstid: {phone}."
    return f"Du hittar numret till anhörigstödet där du bor på {website}."


def declined(call_instead_text: str) -> str:
    """Consent declined: nothing is stored, and how to reach a person instead."""
    return f"Okej, då sparar jag ingenting. {call_instead_text}"


def aborted(call_instead_text: str) -> str:
    """The relative stopped the booking."""
    return f"Okej, jag har inte bokat något och inget är sparat. {call_instead_text}"


def no_free_slots(call_instead_text: str) -> str:
    """Every window is full in the horizon."""
    return (
        "Just nu finns det inga lediga tider att boka här de närmaste veckorna. "
        f"Inget är sparat. {call_instead_text}"
    )


def storage_failed(call_instead_text: str, socialjour_name: str, socialjour_phone: str) -> str:
    """The database did not commit: say so honestly, no confirmation."""
    return _technical_error(
        "Tyvärr gick det inte att spara bokningen just nu, så ingen tid är bokad.",
        call_instead_text, socialjour_name, socialjour_phone,
    )


def change_failed(call_instead_text: str, socialjour_name: str, socialjour_phone: str) -> str:
    """Cancelling or rebooking did not commit: nothing changed."""
    return _technical_error(
        "Tyvärr gick det inte att ändra bokningen just nu, så inget är ändrat.",
        call_instead_text, socialjour_name, socialjour_phone,
    )


def _technical_error(
    what_failed: str, call_instead_text: str, socialjour_name: str, socialjour_phone: str
) -> str:
    return (
        f"{what_failed} Det är ett tekniskt fel hos oss.\n"
        f"{call_instead_text}\n"
        f"Efter kontorstid når du {socialjour_name.lower()} på {socialjour_phone}. "
        "Om någon är i fara: ring 112."
    )


def after_hours_confirmation(socialjour_name: str, socialjour_phone: str) -> str:
    """Added to a confirmation made while the office is closed."""
    return (
        f"Behöver du hjälp innan dess kan du ringa {socialjour_name.lower()} på {socialjour_phone}. "
        "Om någon är i fara: ring 112."
    )


# -- cancel and rebook -----------------------------------------------------------------

ASK_REFERENCE = (
    "Vilket bokningsnummer har du? Det har sex tecken, till exempel K7MXQ4. "
    "Du fick det när du bokade."
)
REFERENCE_INVALID = (
    "Jag hittar inget bokningsnummer i det du skrev. Det har sex tecken, bokstäver och siffror, "
    "till exempel K7MXQ4."
)
ASK_DIGITS = "Skriv de fyra sista siffrorna i telefonnumret du bokade med."
DIGITS_INVALID = "Skriv de fyra sista siffrorna i ditt telefonnummer, till exempel 4567."
NOT_FOUND = (
    "Jag hittar ingen bokning med det bokningsnumret och de siffrorna. "
    "Kontrollera och skriv bokningsnumret igen."
)
ASK_MODE = "Vill du avboka samtalet eller byta till en annan tid?"
MODE_UNCLEAR = "Skriv \"avboka\" eller \"byt tid\"."


def not_found_final(call_instead_text: str) -> str:
    """After several tries: stop asking and say where to call."""
    return f"Jag hittar fortfarande ingen bokning, så jag har inte ändrat något. {call_instead_text}"


def not_changeable(call_instead_text: str) -> str:
    """The callback has been made or the case is closed."""
    return (
        "Den bokningen går inte att ändra här längre, eftersom samtalet redan är gjort "
        f"eller ärendet är avslutat. {call_instead_text}"
    )


def cancelled(window_sv: Optional[str]) -> str:
    """The booking is cancelled and the personal data is gone."""
    what = f"Din tid {window_sv}" if window_sv else "Din bokning"
    return (
        f"Klart. {what} är avbokad. Vi har tagit bort ditt namn, ditt nummer och ditt meddelande.\n"
        "Du är välkommen att boka en ny tid när du vill."
    )


def rebooked(window_sv: str, caller: str, reference: str) -> str:
    """The booking is moved."""
    return (
        f"Klart! Din nya tid är {window_sv}.\n"
        f"Det är {caller} som ringer dig.\n"
        f"Bokningsnumret är detsamma: {reference}."
    )


MANAGE_ABORTED = "Okej, jag har inte ändrat något. Din bokning gäller som förut."
MANAGE_NO_SLOTS = (
    "Det finns inga andra lediga tider de närmaste veckorna, så din tid gäller som förut."
)
