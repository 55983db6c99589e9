"""Swedish replies (klarspråk, du-form) built from the knowledge model.

Each reply is chat-sized (a few short paragraphs, bullets), names its source
("Källa: ...") and marks invented example values, so a relative is never
given a made-up phone number or time as if it were real. Law references
always cite the current act; an old reference is shown in square brackets.
"""

from __future__ import annotations

import logging
from datetime import time
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.knowledge.advice import Route, SupportAdvice, SupportTypeAnswer, entry_contact
from bot.knowledge.loader import load_national
from bot.knowledge.schema import (
    WEEKDAYS,
    ContactPoint,
    NationalFile,
    NationalLine,
    Profile,
    RightStatement,
    SourceRef,
    Support,
)
from bot.texts import dates

logger = logging.getLogger(__name__)

# Profile weekday keys (monday ... sunday) to their Swedish names.
WEEKDAYS_SV: Dict[str, str] = dict(zip(WEEKDAYS, dates.WEEKDAYS_SV, strict=True))

SUPPORT_TYPE_LABELS: Dict[str, str] = {
    "respite": "avlösning",
    "short_term_stay": "korttidsvistelse",
    "day_activity": "dagverksamhet",
    "support_group": "anhöriggrupper",
    "counselling": "stödsamtal",
    "education": "utbildning",
    "financial": "ekonomisk ersättning",
    "home_care": "hemtjänst",
    "escort": "ledsagning",
    "contact_person": "kontaktperson",
    "housing_support": "boendestöd",
    "safety_alarm": "trygghetslarm",
    "nursing_home": "särskilt boende",
    "coordinator": "koordinatorstöd",
}

# Who the relative is, per target group: "<phrase> ingår i målgruppen ...".
TARGET_GROUP_PHRASES: Dict[str, str] = {
    "extremism": "Anhöriga till personer med koppling till våldsbejakande extremism",
    "criminality": "Anhöriga till personer med en kriminell livsstil",
    "violence_affected": "Anhöriga till personer som har drabbats av skjutningar och dödligt våld",
    "child_relative": "Barn som är anhöriga",
    "dementia": "Anhöriga till personer med demenssjukdom",
    "mental_illness": "Anhöriga till personer med psykisk ohälsa",
    "addiction": "Anhöriga till personer med missbruk eller beroende",
    "lss_disability": "Anhöriga till personer med funktionsnedsättning",
    "disability": "Anhöriga till personer med funktionsnedsättning",
    "chronic_illness": "Anhöriga till personer med långvarig sjukdom",
    "children_young": "Föräldrar och andra anhöriga till barn och unga",
    "elderly": "Anhöriga till äldre",
    "grief": "Anhöriga i sorg",
    "domestic_violence": "Anhöriga till personer med våld i nära relation",
}
# The order above is the order of preference when one phrase is chosen.
_PHRASE_ORDER: Tuple[str, ...] = tuple(TARGET_GROUP_PHRASES)

FOCUS_OVERVIEW = "overview"
FOCUS_APPLY = "apply"
FOCUS_COST = "cost"

EXAMPLE_PHONE = "exempelnummer"
# Said after an item the data marks needs_review: the relative hears it is not confirmed.
UNDER_REVIEW = "Uppgiften håller på att ses över, kontrollera med kommunen."
_MAX_PER_GROUP = (3, 2, 1)
_MAX_LINES = 1
_MAX_MORE_TOPICS = 4


# -- small helpers ---------------------------------------------------------------------


def _clock(value: time) -> str:
    return f"{value.hour}.{value.minute:02d}"


def _phone(contact_phone: str, example: bool) -> str:
    return f"{contact_phone} ({EXAMPLE_PHONE})" if example else contact_phone


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # an acronym such as "LSS-handläggare"
    return text[:1].lower() + text[1:]


def _short(description: str, limit: int = 170) -> str:
    """The description, or its first sentence when it is long (chat-sized replies)."""
    text = " ".join(description.split())
    if len(text) <= limit:
        return text
    end = text.find(". ")
    return text[: end + 1] if 0 < end < limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def source_line(profile: Profile, refs: Iterable[SourceRef], extra: Sequence[str] = ()) -> str:
    """``Källa: <kommun>, <dokument>, avsnitt <a>, <b>.`` for refs in the profile's document."""
    sections: List[str] = []
    for ref in refs:
        if ref.file == profile.source.file and ref.section not in sections:
            sections.append(ref.section)
    parts: List[str] = []
    if sections:
        parts.append(f"{profile.name}, {profile.source.title}, avsnitt {', '.join(sections)}")
    parts.extend(extra)
    if not parts:
        parts.append(f"{profile.name}, {profile.source.title}")
    return "Källa: " + "; ".join(parts) + "."


def _national_source(lines: Sequence[NationalLine]) -> List[str]:
    if not lines:
        return []
    latest = max(line.last_reviewed for line in lines)
    return [f"nationella nummer granskade {latest.isoformat()}"]


def _line_bullet(line: NationalLine) -> str:
    where = line.phone or line.url or ""
    text = f"• {line.name}: {where}."
    if line.note:
        text += f" {_sentence(line.note)}"
    if not line.confirmed:
        text += " Uppgifterna är inte bekräftade."
    return text


def _support_bullet(support: Support, focus: str) -> str:
    if focus == FOCUS_COST:
        text = f"• {support.name}: {_sentence(support.cost or 'Kostnaden står inte i underlaget')}"
        return f"{text} {UNDER_REVIEW}" if support.needs_review else text
    text = f"• {support.name}: {_short(support.description)}"
    if focus == "apply" or support.how_to_get.application:
        text += f" {_sentence(support.how_to_get.apply_to)}"
    if support.cost and focus != "apply":
        text += f" Kostnad: {_sentence(support.cost)}"
    if support.needs_review:
        text += f" {UNDER_REVIEW}"
    return text


def _unit_name(profile: Profile, contact: ContactPoint) -> str:
    return profile.unit(contact.unit).name


def definite_role(role: str) -> str:
    """A role in the definite form, first letter lower case: "Anhörigkonsulent, äldre 65+" ->
    "anhörigkonsulenten, äldre 65+", "Handläggare för LSS" -> "handläggaren för LSS"."""
    role = _lower_first(role.strip())
    end = len(role)
    for stop in (" ", ","):
        at = role.find(stop)
        if 0 < at < end:
            end = at
    head, rest = role[:end], role[end:]
    if head.endswith("s") or head.endswith(("en", "et")) or not head.isalpha():
        return role  # a genitive ("stadens kontaktcenter") or already definite
    if head.endswith(("e", "a")):
        head += "n"
    elif head.endswith("or"):
        head += "n"
    else:
        head += "en"
    return head + rest


# -- supports --------------------------------------------------------------------------

def render_supports(advice: SupportAdvice, profile: Profile, focus: str = FOCUS_OVERVIEW) -> str:
    """The supports that fit, in three groups, with how to apply and the sources.

    ``focus`` is ``overview`` (ask_support), ``apply`` (how_to_apply) or
    ``cost`` (ask_cost).
    """
    if focus not in (FOCUS_OVERVIEW, FOCUS_APPLY, FOCUS_COST):
        raise ValueError(f"unknown focus {focus!r}")
    if focus == FOCUS_COST:
        return _render_costs(advice, profile)
    paragraphs: List[str] = []
    if advice.needs_situation:
        paragraphs.append(
            f"Här är stöd som finns för alla anhöriga i {profile.name}. Berätta gärna vem du "
            "hjälper och vad hen har för sjukdom eller funktionsnedsättning. Då kan jag ge "
            "bättre förslag."
        )
    elif focus == FOCUS_APPLY:
        paragraphs.append(
            "Mycket av stödet får du utan att ansöka. Det som du eller din närstående ansöker "
            "om utreds av en handläggare, och sedan får ni ett beslut."
        )
    else:
        paragraphs.append(f"Det här kan passa dig i {profile.name}:")

    groups = (
        ("Utan ansökan:", advice.without_application),
        ("Det här ansöker du om:", advice.applied_for),
        ("Föreningar och nationellt stöd:", advice.civil_society),
    )
    shown: List[Support] = []
    omitted = 0
    for (title, supports), limit in zip(groups, _MAX_PER_GROUP, strict=True):
        if focus == FOCUS_APPLY and title.startswith("Utan"):
            limit = 1
        elif focus == FOCUS_APPLY and title.startswith("Det här"):
            limit = 3
        bullets = [_support_bullet(s, focus) for s in supports[:limit]]
        omitted += max(0, len(supports) - limit)
        shown.extend(supports[:limit])
        lines = list(advice.national_lines[:_MAX_LINES]) if title.startswith("Föreningar") else []
        bullets.extend(_line_bullet(line) for line in lines)
        if bullets:
            paragraphs.append("\n".join([title, *bullets]))

    if omitted:
        paragraphs.append(
            "Det finns mer. Fråga gärna om något särskilt, till exempel avlösning eller "
            "anhöriggrupper."
        )
    if "grief" in advice.target_groups and not any(
        "grief" in s.target_groups or "new_start" in s.phases for s in advice.supports
    ):
        paragraphs.append(
            f"Om sorg: i {profile.name}s dokument står inget särskilt stöd för tiden efter ett "
            "dödsfall. Du kan ändå fråga om stödsamtal. Den som har hjälpt någon länge kan "
            "behöva prata, också när vårdandet är över."
        )
    if advice.needs_district:
        paragraphs.append(
            "Stödet ges av förvaltningen i den stadsdel där du bor. Vilken stadsdel bor du i?"
        )
    paragraphs.append(source_line(
        profile, (s.source for s in shown),
        extra=_national_source(advice.national_lines[:_MAX_LINES]),
    ))
    return "\n\n".join(paragraphs)


def _render_costs(advice: SupportAdvice, profile: Profile) -> str:
    priced = [s for s in advice.supports if s.cost][:5]
    paragraphs: List[str] = []
    if priced:
        paragraphs.append(f"Det här står om kostnader i underlaget från {profile.name}:")
        paragraphs.append("\n".join(_support_bullet(s, FOCUS_COST) for s in priced))
        paragraphs.append("För annat stöd står ingen kostnad i underlaget.")
    else:
        paragraphs.append(f"Underlaget från {profile.name} säger inget om vad stödet kostar.")
    coordinator = None if profile.requires_district else next(iter(profile.coordinators()), None)
    paragraphs.append(
        "Stöd utan ansökan, som samtal och anhöriggrupper, kräver inget beslut. Fråga "
        f"{_ask_phrase(profile, coordinator)} om det kostar något. Insatser som du eller din "
        "närstående ansöker om kan kosta en avgift. Fråga handläggaren vad det blir för er."
    )
    paragraphs.append(source_line(profile, (s.source for s in priced)))
    return "\n\n".join(paragraphs)


def render_support_type(answer: SupportTypeAnswer, profile: Profile) -> str:
    """Answer "finns det X?": what exists, or honestly that it does not and what instead."""
    label = SUPPORT_TYPE_LABELS.get(answer.support_type, answer.support_type)
    paragraphs: List[str] = []
    refs: List[SourceRef] = []
    if answer.offered:
        if answer.fits_situation:
            paragraphs.append(f"Ja, i {profile.name} finns {label}:")
        else:
            paragraphs.append(
                f"I {profile.name} finns {label}, men det riktar sig kanske inte till din "
                "situation:"
            )
        shown = answer.supports[:3]
        paragraphs.append("\n".join(_support_bullet(s, FOCUS_APPLY) for s in shown))
        refs.extend(s.source for s in shown)
    else:
        if answer.status == "not_offered" and answer.note:
            paragraphs.append(_sentence(answer.note))
            if answer.note_source:
                refs.append(SourceRef(file=answer.note_source[0], section=answer.note_source[1]))
        else:
            paragraphs.append(
                f"Jag hittar inget om {label} i underlaget från {profile.name}. "
                f"Fråga {_ask_phrase(profile, answer.ask)}, som vet vad som finns."
            )
        if answer.instead:
            paragraphs.append(
                "\n".join(["Det här finns i stället:"]
                          + [_support_bullet(s, FOCUS_APPLY) for s in answer.instead])
            )
            refs.extend(s.source for s in answer.instead)
    paragraphs.append(source_line(profile, refs))
    return "\n\n".join(paragraphs)


def contact_phrase(profile: Profile, contact: ContactPoint) -> str:
    """Who a contact point is, by role and unit: ``anhörigkonsulenten på Produktionsområde Omsorg``.

    When the unit is the role itself ("Stadens kontaktcenter" at "Stockholms stads
    kontaktcenter"), the unit's name alone.
    """
    unit = _unit_name(profile, contact)
    words = contact.role.split()
    if len(words) <= 2 and words[-1].lower() == unit.split()[-1].lower():
        return unit  # a short role that names the unit itself
    return f"{definite_role(contact.role)} på {unit}"


def phone_text(phone: str, example: bool) -> str:
    """A phone number as shown to the relative, marked when it is an invented example value."""
    return _phone(phone, example)


def _ask_phrase(profile: Profile, contact: Optional[ContactPoint]) -> str:
    if contact is None:
        return "anhörigstödet i den stadsdel där du bor"
    return contact_phrase(profile, contact)


# -- rights ------------------------------------------------------------------------------


def render_rights(
    statements: Sequence[RightStatement], profile: Profile, max_items: int = 3,
    district: Optional[str] = None,
) -> str:
    """What the law says for this situation, each with its reference in the current act.

    With nothing to say, it names whom to ask: the coordinator of ``district`` (the
    relative's answer, as written) when known, else the profile's general entry.
    """
    if not statements:
        return (
            "Jag har ingen uppgift om lagen för just den frågan. Fråga gärna "
            f"{contact_phrase(profile, entry_contact(profile, district))}."
        )
    shown = list(statements[:max_items])
    bullets = []
    for statement in shown:
        law = f"Lag: {statement.reference}"
        if statement.old_reference:
            law += f" [{statement.old_reference}]"
        review = f" {UNDER_REVIEW}" if statement.needs_review else ""
        bullets.append(
            f"• {statement.title}. {' '.join(statement.text.split())}{review}\n  {law}."
        )
    paragraphs = ["Det här säger lagen:", "\n".join(bullets)]
    rest = statements[max_items:max_items + _MAX_MORE_TOPICS]
    if rest:
        topics = "; ".join(_lower_first(statement.title) for statement in rest)
        paragraphs.append(f"Jag kan också berätta om: {topics}.")
    refs = [ref for statement in shown for ref in statement.sources]
    paragraphs.append(source_line(profile, refs, extra=["lagtexten enligt hänvisningarna"]))
    return "\n\n".join(paragraphs)


# -- routing -----------------------------------------------------------------------------


def _group_phrase(groups: Iterable[str]) -> Optional[str]:
    present = set(groups)
    for group in _PHRASE_ORDER:
        if group in present:
            return TARGET_GROUP_PHRASES[group]
    return None


# Groups a relative may not expect to count: say explicitly that they do.
_SURPRISING_GROUPS = ("extremism", "criminality", "violence_affected", "child_relative")


def render_target_group_recognition(profile: Profile, groups: Iterable[str]) -> Optional[str]:
    """"Anhöriga till personer med en kriminell livsstil ingår i målgruppen ..." or None.

    Only for the broadened groups a relative may not know are included, and only
    where the profile covers them.
    """
    covered = profile.covered_target_groups()
    present = [g for g in _SURPRISING_GROUPS if g in set(groups) and g in covered]
    if not present:
        return None
    return f"{TARGET_GROUP_PHRASES[present[0]]} ingår i målgruppen för anhörigstödet i {profile.name}."


def render_route(route: Route, profile: Profile) -> str:
    """Who will call the relative back ("Det är <roll> på <enhet> som ringer upp dig")."""
    paragraphs: List[str] = []
    if route.needs_district or route.contact_point is None:
        phrase = _group_phrase(route.matched_groups)
        if phrase:
            paragraphs.append(f"{phrase} ingår i målgruppen för anhörigstödet i {profile.name}.")
        examples = ", ".join(d.name for d in profile.districts[:3])
        question = "Vilken stadsdel bor du i?"
        if examples:
            question += f" Skriv till exempel {examples}."
        paragraphs.append(
            "Stödet ges av förvaltningen i den stadsdel där du bor. " + question
        )
        matched = set(route.matched_groups)
        group_refs = [s.source for s in profile.supports if matched.intersection(s.target_groups)]
        group_refs += [
            link.source for link in profile.links if matched.intersection(link.target_groups)
        ]
        paragraphs.append(source_line(profile, group_refs[:2]))
        return "\n\n".join(paragraphs)

    contact = route.contact_point
    paragraphs.append(
        f"Det är {contact_phrase(profile, contact)} som ringer upp dig."
    )
    refs: List[SourceRef] = []
    if route.link is not None:
        refs.append(route.link.source)
        text = f"Det sker genom {_lower_first(route.link.name)}."
        if len(route.link.chain) > 1 and not route.link.example:
            after = profile.contact_point(route.link.chain[1])
            hours = f"{route.link.escalation_hours:g}"
            text += (
                f" Om ingen har hört av sig inom {hours} arbetstimmar går ärendet vidare till "
                f"{definite_role(after.role)}."
            )
        paragraphs.append(text)
    paragraphs.append(f"Du kan också ringa själv: {_phone(contact.phone, contact.example)}.")
    if "person_age" in route.missing:
        paragraphs.append(
            "Hur gammal är personen du hjälper? Då kan jag se till att rätt person ringer."
        )
    paragraphs.append(source_line(profile, refs))
    return "\n\n".join(paragraphs)


# -- opening hours -----------------------------------------------------------------------


def _day_ranges(profile: Profile) -> List[Tuple[str, str, Optional[Tuple[time, time]]]]:
    ranges: List[Tuple[str, str, Optional[Tuple[time, time]]]] = []
    for day in WEEKDAYS:
        hours = profile.office_hours.get(day)
        value = (hours.start, hours.end) if hours else None
        if ranges and ranges[-1][2] == value:
            ranges[-1] = (ranges[-1][0], day, value)
        else:
            ranges.append((day, day, value))
    return ranges


def render_opening_hours(profile: Profile, national: Optional[NationalFile] = None) -> str:
    """Office hours, the after-hours socialjour and 112, with a note on example values."""
    bullets = []
    for first, last, value in _day_ranges(profile):
        days = WEEKDAYS_SV[first] if first == last else f"{WEEKDAYS_SV[first]}–{WEEKDAYS_SV[last]}"
        hours = f"kl. {_clock(value[0])}–{_clock(value[1])}" if value else "stängt"
        bullets.append(f"• {days} {hours}")
    paragraphs = [f"Öppettider för {profile.name}:\n" + "\n".join(bullets)]
    if profile.office_hours_example:
        paragraphs.append("Tiderna är exempeluppgifter som inte är kontrollerade.")
    jour = profile.socialjour
    paragraphs.append(
        f"Efter kontorstid kan du ringa {jour.name}: {_phone(jour.phone, jour.example)}."
    )
    lines = (national or load_national()).lines
    emergency = next((line for line in lines if line.id == "emergency_112"), None)
    if emergency is not None and emergency.phone:
        paragraphs.append(f"Vid akut fara, ring {emergency.phone}.")
    source = (
        f"Källa: exempeluppgifter, inte från {profile.name}s dokument. "
        f"Kontrollera på {profile.website}."
        if profile.office_hours_example or jour.example
        else f"Källa: {profile.name}, {profile.website}."
    )
    paragraphs.append(source)
    return "\n\n".join(paragraphs)


__all__: Sequence[str] = (
    "SUPPORT_TYPE_LABELS", "TARGET_GROUP_PHRASES", "WEEKDAYS_SV", "contact_phrase", "definite_role",
    "phone_text",
    "FOCUS_APPLY", "FOCUS_COST", "FOCUS_OVERVIEW",
    "render_opening_hours", "render_rights", "render_route", "render_support_type",
    "render_supports", "source_line",
)
