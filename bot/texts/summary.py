"""The one-sentence summary of a relative's situation, for the relative and for staff.

One set of phrases serves both readers: each fact has the form the relative
hears (du-form, "Du hjälper din förälder, 82 år, som har demens.") and the form
staff read with the case (third person, "Anhörig till en förälder (82 år) med
demenssjukdom, mitt i vårdandet."). The summary is built only from the
structured :class:`~bot.knowledge.situation.Situation`, never from free text,
so it holds no identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping, Optional

from bot.knowledge.situation import Situation

Audience = Literal["relative", "staff"]
RELATIVE: Audience = "relative"
STAFF: Audience = "staff"
AUDIENCES: tuple[Audience, ...] = (RELATIVE, STAFF)


@dataclass(frozen=True)
class Phrase:
    """One fact as each reader sees it: said to the relative, and written for staff."""

    relative: str
    staff: str

    def said_to(self, audience: Audience) -> str:
        """The form for ``audience``."""
        return self.relative if audience == RELATIVE else self.staff


# Whom the relative helps: the relative hears "din partner", staff read "sin partner".
RELATION_PHRASES: Mapping[str, Phrase] = {
    "partner": Phrase("din partner", "sin partner"),
    "parent": Phrase("din förälder", "en förälder"),
    "child": Phrase("ditt barn", "sitt barn"),
    "sibling": Phrase("ditt syskon", "ett syskon"),
    "grandparent": Phrase("din mor- eller farförälder", "en mor- eller farförälder"),
    "other_relative": Phrase("en släkting", "en släkting"),
    "friend": Phrase("en vän", "en vän"),
    "neighbour": Phrase("en granne", "en granne"),
}
UNKNOWN_RELATION = Phrase("någon du står nära", "en närstående")
# The relative's own word for the condition (bot.nlp.references.CONDITION_WORDS), said to the
# relative after "som".
CONDITION_WORD_PHRASES: Mapping[str, str] = {
    "stroke": "har haft en stroke",
    "depression": "har depression",
    "psykos": "har psykos",
}

# What the cared-for person needs help with: a predicate after "som" for the
# relative ("som har demens"), a modifier of the person for staff ("med demenssjukdom").
CONDITION_PHRASES: Mapping[str, Phrase] = {
    "dementia": Phrase("har demens", "med demenssjukdom"),
    "old_age": Phrase(
        "behöver hjälp på grund av hög ålder", "som behöver stöd på grund av hög ålder"
    ),
    "mental_illness": Phrase("har psykisk ohälsa", "med psykisk ohälsa"),
    "disability": Phrase("har en funktionsnedsättning", "med funktionsnedsättning"),
    "addiction": Phrase("har ett beroende", "med ett beroende"),
    "chronic_illness": Phrase("har en långvarig sjukdom", "med långvarig sjukdom"),
    "extremism": Phrase(
        "har kopplingar till våldsbejakande extremism", "som berörs av våldsbejakande extremism"
    ),
    "criminality": Phrase("lever ett kriminellt liv", "som berörs av kriminalitet"),
    "violence_affected": Phrase("har drabbats av grovt våld", "som har drabbats av grovt våld"),
}

# Only staff read the caring phase and the burden; the relative is told them in other replies.
PHASE_PHRASES: Mapping[str, str] = {
    "start": "i ett tidigt skede av vårdandet",
    "caring": "mitt i vårdandet",
    "ending": "när vårdandet håller på att avslutas",
    "new_start": "efter att vårdandet har avslutats",
}
BURDEN_PHRASES: Mapping[str, str] = {"low": "låg", "medium": "måttlig", "high": "hög"}

NO_DESCRIPTION = "Ingen beskrivning av situationen lämnades."
NOTHING_DESCRIBED = "Anhörig som inte har beskrivit situationen närmare."


def summarize_situation(situation: Optional[Situation], audience: Audience) -> str:
    """The situation in one Swedish sentence, framed for ``audience`` (``relative`` or ``staff``).

    The relative hears whom they help and what the person needs help with (or
    whom they have lost); staff also read the age, caring phase, district and
    how heavy the relative finds it.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == STAFF:
        if situation is None:
            return NO_DESCRIPTION
        if _nothing_known(situation):
            return NOTHING_DESCRIBED
    situation = situation or Situation()
    whom = RELATION_PHRASES.get(situation.relation or "", UNKNOWN_RELATION).said_to(audience)
    condition = CONDITION_PHRASES.get(situation.condition or "")
    what = condition.said_to(audience) if condition else None
    if audience == RELATIVE:
        if situation.relation and situation.relation_word:
            whom = own_word_for_person(situation.relation_word)
        if condition and situation.condition_word:
            what = own_word_for_condition(situation.condition_word)
        return _to_relative(situation, whom, what)
    return _for_staff(situation, whom, what)


def own_word_for_person(word: str) -> str:
    """The person as the relative named them: "din mamma", "din man" (every word of
    bot.nlp.references.RELATION_WORDS takes "din"). Only the relative hears it; staff read
    the canonical relation."""
    return f"din {word}"


def own_word_for_condition(word: str) -> str:
    """The condition in the relative's word, after "som": "har parkinson"."""
    return CONDITION_WORD_PHRASES.get(word, f"har {word}")


def relative_summary(situation: Situation) -> str:
    """The situation reflected back to the relative: ``Du hjälper din förälder som har demens.``."""
    return summarize_situation(situation, RELATIVE)


def staff_summary(situation: Optional[Situation]) -> str:
    """The situation for staff, stored with the case: ``Anhörig till en förälder med demenssjukdom.``."""
    return summarize_situation(situation, STAFF)


def _nothing_known(situation: Situation) -> bool:
    return (
        situation.relation is None
        and situation.condition is None
        and situation.person_age is None
        and situation.phase is None
        and situation.burden is None
        and not situation.district
        and not situation.user_is_child
    )


def _to_relative(situation: Situation, whom: str, what: Optional[str]) -> str:
    if situation.person_age is not None:
        whom = f"{whom}, {situation.person_age} år"
    if situation.phase == "new_start":
        helped = ", som du har hjälpt" if situation.person_age is not None else " som du har hjälpt"
        if what:
            past = "hade " + what[len("har "):] if what.startswith("har ") else what
            return f"Du har förlorat {whom}{helped} och som {past}."
        return f"Du har förlorat {whom}{helped}."
    if what:
        joiner = ", som" if situation.person_age is not None else " som"
        return f"Du hjälper {whom}{joiner} {what}."
    return f"Du hjälper {whom}."


def _for_staff(situation: Situation, whom: str, what: Optional[str]) -> str:
    subject = "Barn eller ung person som är anhörig" if situation.user_is_child else "Anhörig"
    first = f"{subject} till {whom}"
    if situation.person_age is not None:
        first += f" ({situation.person_age} år)"
    if what:
        first += f" {what}"
    parts = [first]
    if situation.phase in PHASE_PHRASES:
        parts.append(PHASE_PHRASES[situation.phase or ""])
    if situation.district:
        parts.append(f"område {situation.district}")
    sentence = ", ".join(parts)
    if situation.burden in BURDEN_PHRASES:
        sentence += f"; upplever belastningen som {BURDEN_PHRASES[situation.burden or '']}"
    return sentence + "."
