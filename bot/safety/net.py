"""Rule-based safety net for acute danger.

The NLU classifier learns the ``crisis`` intent, but recall must not depend on
it alone: these patterns catch high-risk phrases in any spelling the folding
allows (with or without å/ä/ö). A false alarm costs a relative one extra
message with emergency numbers; a miss can cost a life, so the patterns lean
towards flagging. Mentions clearly placed in the past ("för tre år sedan")
are not flagged unless a present-tense danger phrase is also there.

The patterns live by kind of danger: :mod:`bot.safety.suicide`, :mod:`~bot.safety.violence`,
:mod:`~bot.safety.medical`, :mod:`~bot.safety.missing`, :mod:`~bot.safety.carer_harm`,
:mod:`~bot.safety.child` and :mod:`~bot.safety.urgent`; the word lists they share are in
:mod:`bot.safety.vocabulary`, and the rules for when a phrase does not mean danger now are
in :mod:`bot.safety.context`. This module runs them all over one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from bot.nlp.text import squash
from bot.safety import carer_harm, child, medical, missing, suicide, urgent, violence
from bot.safety.categories import CATEGORIES, CHILD_AT_RISK, MISSING, Pattern
from bot.safety.child import CHILD_DANGER, user_is_child
from bot.safety.context import DENIED, HYPERBOLE, LONG_PAST, PAST_VERB, SUPPORT_QUESTION
from bot.safety.missing import GONE, GONE_CONTEXT, NOT_GONE_NOW
from bot.safety.possible import OTHER, SELF, PossibleAssessment

# Every pattern of the net, kind by kind.
PATTERNS: tuple[Pattern, ...] = (
    *suicide.PATTERNS,
    *violence.PATTERNS,
    *medical.PATTERNS,
    *missing.PATTERNS,
    *carer_harm.PATTERNS,
    *child.PATTERNS,
    *urgent.PATTERNS,
)
_COMPILED = [(cat, re.compile(pat), present) for cat, pat, present in PATTERNS]

# Parse-data key under which the NLU (bot.nlu.components.CrisisGuard) hands the net's
# result of a user message to the action server, so the net runs once per message.
CRISIS_NET_KEY = "crisis_net"


@dataclass(frozen=True)
class CrisisAssessment:
    """What the safety net found in one message."""

    categories: frozenset[str] = field(default_factory=frozenset)
    matched: tuple[str, ...] = ()

    @property
    def is_crisis(self) -> bool:
        """Whether the message signals acute danger."""
        return bool(self.categories)


def assess(text: str) -> CrisisAssessment:
    """Find acute-danger phrases in a message."""
    folded = squash(text)
    hyperbole = [m.span() for m in HYPERBOLE.finditer(folded)]
    # A long-past marker or a question about support: mention-only patterns and
    # past-tense matches do not count.
    settled = bool(LONG_PAST.search(folded)) or bool(SUPPORT_QUESTION.search(folded))
    categories: set[str] = set()
    matched: list[str] = []
    for category, pattern, present in _COMPILED:
        found = pattern.search(folded)
        if found and any(start <= found.start() < end for start, end in hyperbole):
            continue  # "blanketten tar livet av mig"
        if found and settled and PAST_VERB.search(found.group(0)):
            continue  # "hon tog alla tabletter i fjol": the danger itself is in the past
        if found and DENIED.search(folded[max(0, found.start() - 40) : found.start()]):
            continue  # "jag har inga tankar på att skada mig"
        if found and (present or not settled):
            categories.add(category)
            matched.append(found.group(0))
    if GONE.search(folded) and GONE_CONTEXT.search(folded) and not settled and not NOT_GONE_NOW.search(folded):
        categories.add(MISSING)
        matched.append("gone+dementia")
    if user_is_child(text) and (categories or CHILD_DANGER.search(folded)):
        categories.add(CHILD_AT_RISK)
    return CrisisAssessment(frozenset(categories), tuple(matched))


def reply_categories(assessment: CrisisAssessment, detector_category: Optional[str]) -> frozenset[str]:
    """The kinds of danger the crisis reply should answer.

    The rule net's own categories come first; when it found none (the learned
    detector or the classifier caught the message), the detector's guess is used.
    """
    if assessment.categories:
        return assessment.categories
    if detector_category in CATEGORIES:
        return frozenset({str(detector_category)})
    return frozenset()


def as_parse_data(
    assessment: CrisisAssessment, possible: Optional[PossibleAssessment] = None
) -> dict[str, Union[list[str], bool, str]]:
    """The assessment as JSON for the parse data: categories sorted, matches in order.

    ``possible`` is the possible-danger tier's finding (:mod:`bot.safety.possible`); it is
    recorded (``"possible": true``, who it is about, the matches) only when the tier found
    something and the acute net found nothing, so an acute message never carries it and a
    message without either keeps the old two keys.
    """
    data: dict[str, Union[list[str], bool, str]] = {
        "categories": sorted(assessment.categories),
        "matched": list(assessment.matched),
    }
    if possible is not None and possible.is_possible and not assessment.is_crisis:
        data["possible"] = True
        data["possible_about"] = possible.about
        data["possible_matched"] = list(possible.matched)
    return data


def from_parse_data(found: Any) -> CrisisAssessment:
    """The assessment the NLU stored under :data:`CRISIS_NET_KEY`; nothing found if absent or malformed."""
    if not isinstance(found, dict):
        return CrisisAssessment()
    categories = found.get("categories")
    matched = found.get("matched")
    if not isinstance(categories, list):
        return CrisisAssessment()
    return CrisisAssessment(
        frozenset(c for c in categories if isinstance(c, str)),
        tuple(m for m in matched if isinstance(m, str)) if isinstance(matched, list) else (),
    )


def possible_from_parse_data(found: Any) -> PossibleAssessment:
    """The possible-danger finding the NLU stored under :data:`CRISIS_NET_KEY`.

    Nothing found if absent or malformed, or when the acute net found danger in the same
    message (the acute tier wins).
    """
    if not isinstance(found, dict) or found.get("possible") is not True or from_parse_data(found).is_crisis:
        return PossibleAssessment()
    matched = found.get("possible_matched")
    texts = tuple(m for m in matched if isinstance(m, str)) if isinstance(matched, list) else ()
    about = OTHER if found.get("possible_about") == OTHER else SELF
    return PossibleAssessment(texts or ("possible",), about)
