"""A long message that tells a situation and asks something is not "not understood".

A relative often writes everything at once: who they care for, what the person has,
how heavy it is, and a question or a request ("kan någon ringa mig?"). The intent
classifier then spreads its confidence over ``describe_situation``, ``express_burden``,
``ask_support``, ``request_callback`` ..., the top two come within the fallback
classifier's ambiguity margin, and the message becomes ``nlu_fallback``. For a message
like that the honest reading is ``describe_situation``: the dialogue captures every fact,
answers the burden and the loss, and keeps the request for after the questions it still
needs (the ``pending_request`` slot).

:func:`rescued_intent` decides that from the parse data alone: the fallback intent, a
telling or asking intent on top of the ranking, and the facts of a situation in the
entities (who the person is and what they have, or that the person has died).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from bot.nlp import facts

SITUATION_INTENT = "describe_situation"
FALLBACK_INTENT = "nlu_fallback"
CRISIS_INTENT = "crisis"
# Intents whose mix in one message means "my situation, and a question or a request".
TELLING_OR_ASKING = frozenset({
    "describe_situation", "express_burden", "ask_support", "ask_rights", "ask_cost",
    "how_to_apply", "request_callback", "request_human",
})
# Fewer words than this is an answer or a fragment, never a whole situation.
MIN_WORDS = 8
# How many of the ranking's top intents must be telling or asking, and must include the
# situation or the burden.
TOP = 2


def _entity_values(entities: Iterable[Mapping[str, Any]], name: str) -> list[str]:
    return [str(e.get("value")) for e in entities if e.get("entity") == name]


def tells_situation(text: str, entities: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the message names a person cared for and what they have, or their death."""
    if not _entity_values(entities, "relation"):
        return False
    return bool(_entity_values(entities, "condition")) or facts.is_bereaved(facts.detect_phase(text))


def rescued_intent(
    intent: Mapping[str, Any],
    ranking: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
    text: str,
) -> Optional[dict[str, Any]]:
    """``describe_situation`` (with its confidence) for a fallback that tells a situation, else None."""
    if intent.get("name") != FALLBACK_INTENT or len((text or "").split()) < MIN_WORDS:
        return None
    top = [r for r in ranking if r.get("name") != FALLBACK_INTENT][:TOP]
    names = [str(r.get("name")) for r in top]
    # A crisis the classifiers ranked second but that neither the detector nor the net took
    # for acute danger does not stop the rescue; the net still runs after this and wins.
    allowed = TELLING_OR_ASKING | ({CRISIS_INTENT} if names[:1] != [CRISIS_INTENT] else set())
    if not names or any(name not in allowed for name in names):
        return None
    if SITUATION_INTENT not in names and "express_burden" not in names:
        return None
    if not tells_situation(text, entities):
        return None
    confidence = next(
        (float(r.get("confidence", 0.0)) for r in ranking if r.get("name") == SITUATION_INTENT), 0.0
    )
    return {"name": SITUATION_INTENT, "confidence": confidence}
