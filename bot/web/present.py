"""Swedish labels and wording for what staff read: statuses, categories, history, audit.

Identifiers stay English in code and data; this module is the one place
that turns them into plain Swedish for the pages and the CSV export.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Optional

from bot.callbacks.calendar import Slot, format_datetime_sv, format_window_sv
from bot.clock import STOCKHOLM
from bot.knowledge.schema import Profile
from bot.staff.casework import HistoryEntry

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
DONE_SV = {
    "taken": "Du har tagit ärendet.",
    "call": "Samtalet är registrerat.",
    "forwarded": "Ärendet är lotsat vidare.",
    "closed": "Ärendet är avslutat.",
    "note": "Anteckningen är sparad.",
}


def local(moment: Optional[datetime]) -> str:
    """``måndag 24 november kl. 08.00``, or an empty string."""
    return format_datetime_sv(moment) if moment is not None else ""


def short(moment: Optional[datetime]) -> str:
    """``2026-11-24 08.00`` in Stockholm time, for tables."""
    if moment is None:
        return ""
    value = moment.astimezone(STOCKHOLM)
    return f"{value:%Y-%m-%d} {value:%H.%M}"


def window(start: Optional[datetime], end: Optional[datetime]) -> str:
    """The booked window in Swedish (``tisdag 24 november kl. 10.00–12.00``), or ``""``."""
    if start is None or end is None:
        return ""
    return format_window_sv(Slot("", start, end))


def contact_point_label(profile: Profile, contact_point_id: Optional[str]) -> str:
    """A contact point by role and unit: ``Anhörigkonsulent (Produktionsområde Omsorg)``."""
    if not contact_point_id:
        return "Ingen"
    try:
        point = profile.contact_point(contact_point_id)
    except KeyError:
        return contact_point_id
    try:
        unit = profile.unit(point.unit).name
    except KeyError:
        unit = point.unit
    return f"{point.role} ({unit})"


def link_label(profile: Profile, link_id: Optional[str]) -> str:
    """The referral link's name, or "Ingen länk"."""
    if not link_id or link_id == "unknown":
        return "Ingen länk"
    try:
        return profile.link(link_id).name
    except KeyError:
        return link_id


def unit_label(profile: Profile, unit_id: Optional[str]) -> str:
    """The unit's name."""
    if not unit_id:
        return ""
    try:
        return profile.unit(unit_id).name
    except KeyError:
        return unit_id


def actor_label(actor: str) -> str:
    """A history actor: staff usernames as they are, system actors in words."""
    return ACTOR_SV.get(actor, actor)


def _slot_text(detail: Mapping[str, Any]) -> str:
    try:
        start = datetime.fromisoformat(str(detail["start"]))
        end = datetime.fromisoformat(str(detail["end"]))
    except (KeyError, ValueError):
        return ""
    return window(start, end)


def describe_event(entry: HistoryEntry, profile: Profile) -> str:
    """One history step in plain Swedish (without the free text, which is shown apart)."""
    d = entry.detail
    kind = entry.kind
    if kind == "created":
        text = "Ärendet kom in via chatten"
        if d.get("after_hours"):
            text += " utanför kontorstid"
        if d.get("assigned_to"):
            text += f" och gick till {contact_point_label(profile, d.get('assigned_to'))}"
        return text + "."
    if kind == "booked":
        return f"Tid bokad: {_slot_text(d)}."
    if kind == "rebooked":
        return f"Tiden ändrades till {_slot_text(d)}."
    if kind == "cancelled":
        return "Den anhörige avbokade."
    if kind == "transcript_attached":
        return "Samtalsutskriften bifogades."
    if kind == "taken":
        return f"Ärendet togs ({contact_point_label(profile, d.get('contact_point_id'))})."
    if kind == "escalated":
        return (
            f"Ingen tog ärendet i tid, så det gick vidare från "
            f"{contact_point_label(profile, d.get('from'))} till "
            f"{contact_point_label(profile, d.get('to'))} (steg {d.get('level', '?')})."
        )
    if kind == "call":
        outcome = CALL_OUTCOME_SV.get(str(d.get("outcome")), str(d.get("outcome")))
        text = f"Samtal {d.get('attempt', '')}: {outcome.lower()}."
        if d.get("next_attempt_at"):
            try:
                text += f" Nytt försök {local(datetime.fromisoformat(str(d['next_attempt_at'])))}."
            except ValueError:
                pass
        return text
    if kind == "called":
        return "Markerades som ringd."
    if kind == "closed":
        outcome = CLOSE_OUTCOME_SV.get(str(d.get("outcome") or "unknown"), str(d.get("outcome")))
        return f"Ärendet avslutades. Utfall: {outcome}."
    if kind == "forwarded":
        text = (
            f"Lotsades vidare från {contact_point_label(profile, d.get('from'))} "
            f"till {contact_point_label(profile, d.get('to'))}"
        )
        if d.get("target_kind") == "link" and d.get("to_link") != d.get("from_link"):
            text += f", länk: {link_label(profile, d.get('to_link'))}"
        return text + "."
    if kind == "note_added":
        return "Anteckning:"
    if kind == "personal_data_purged":
        return "Personuppgifterna gallrades."
    return kind
