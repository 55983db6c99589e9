"""The conversation sets of ``anhoriglots converse-eval``: their format, and the checks of a conversation.

Pure logic without servers: :func:`load_sets` reads and validates
``tests/conversations/*.yml`` (the format is ``docs/conversation_eval.md``),
:func:`run_checks` decides each check on a :class:`Played` conversation.

Text comparison (:func:`normalise`, :func:`contains`) ignores case, å/ä/ö
(:func:`bot.nlp.text.fold`) and runs of white space; spaces and hyphens between
two digits are dropped too, so "116 111" matches "116111" and "070-174 06 42"
matches "0701740642". A string that starts or ends with a digit does not match
inside a longer number ("112" is not found in "081123").

``sympathy`` holds when a reply contains one of :data:`SYMPATHY_EXPRESSIONS`
and comes no later than the replies to the first message after which the
assistant asks about the person (a form question for one of
:data:`PERSON_SLOTS`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

import yaml

from bot.nlp.text import squash

logger = logging.getLogger(__name__)

CATEGORIES = (
    "request_in_situation", "burden", "bereavement", "child", "target_group", "other_language",
    "crisis_acute", "crisis_possible", "rights", "supports", "callback", "cancel",
)
# The form slots a conversation may answer (docs/conversation_eval.md), plus manage_slot:
# the new time the rebooking form asks for.
ANSWER_SLOTS = (
    "relation", "condition", "person_age", "callback_consent", "district", "callback_name",
    "callback_phone", "callback_slot", "callback_message", "manage_reference", "manage_digits",
    "manage_mode", "manage_slot",
)
# Form questions about the person cared for: sympathy must come no later than the first of them.
PERSON_SLOTS = frozenset({"relation", "condition", "person_age"})
# Answers whose leading zeros matter: a YAML number there would lose them.
DIGIT_SLOTS = frozenset({"callback_phone", "manage_digits", "manage_reference"})
CONVERSATION_KEYS = frozenset({"id", "municipality", "now", "category", "turns", "answers", "checks"})
REFERENCE_PLACEHOLDER = "{reference}"
PHONE_PLACEHOLDER = "{phone_last4}"
# Condolence expressions (matched like `mentions`: case, å/ä/ö and spacing ignored).
SYMPATHY_EXPRESSIONS = (
    "beklagar",                # "jag beklagar sorgen", "jag beklagar verkligen"
    "ledsen för din förlust",
    "ledsen att höra",
    "ledsen över att",
    "så ledsen för",
    "kondoleans",              # kondoleanser
    "kondolerar",
    "tänker på dig",
    "varma tankar",
    "i din sorg",
    "mitt i sorgen",
    "tungt att förlora",
    "ont att förlora",
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER_GAP = re.compile(r"(?<=\d)[\s\-\u2010\u2011\u2012\u2013]+(?=\d)")
_TEXT_LIST_KINDS = ("mentions", "mentions_any", "first_reply_mentions", "never_mentions")
_SLOT_LIST_KINDS = ("never_asks", "asks")
_BOOKING_FIELDS = {"link": "link_id", "contact_point": "contact_point_id", "after_hours": "after_hours"}
CHECK_KINDS = (
    "booking", "no_booking", *_TEXT_LIST_KINDS, "reply_to_turn", *_SLOT_LIST_KINDS, "sympathy",
)


class FormatError(ValueError):
    """One or more conversation files do not follow the format; ``errors`` says where and why."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Check:
    """One check of a conversation: its kind and its (validated) value."""

    kind: str
    value: Any

    def label(self) -> str:
        """The check as written, for the report."""
        return f"{self.kind}: {_compact(self.value)}"


@dataclass(frozen=True)
class Conversation:
    """One conversation of a set, validated."""

    id: str
    file: Path
    municipality: str
    now: datetime
    category: str
    turns: tuple[str, ...]
    answers: Mapping[str, str]
    checks: tuple[Check, ...]

    @property
    def clock(self) -> str:
        """``now`` as ``ANHORIG_NOW`` takes it."""
        return self.now.isoformat()


@dataclass(frozen=True)
class Reply:
    """One bot message: its text and the titles of its buttons."""

    text: str
    buttons: tuple[str, ...] = ()

    @property
    def searchable(self) -> str:
        """What the text checks search: the text and the button titles."""
        return " ".join([self.text, *self.buttons])


@dataclass
class Exchange:
    """One message the relative sent, the replies to it, and the form question open after it."""

    message: str
    turn: Optional[int]  # 1-based number of the turn; None for an answer to a form question
    replies: list[Reply] = field(default_factory=list)
    requested_slot: Optional[str] = None
    answered_slot: Optional[str] = None


@dataclass
class Played:
    """A conversation as played: every exchange, how it ended, and the cases before and after."""

    conversation: Conversation
    exchanges: list[Exchange] = field(default_factory=list)
    ended: str = "done"  # done | cap | no_answer:<slot> | error:<what>
    cases_before: list[dict[str, Any]] = field(default_factory=list)
    cases_after: list[dict[str, Any]] = field(default_factory=list)

    @property
    def messages_sent(self) -> int:
        """How many messages the relative sent (turns and answers)."""
        return len(self.exchanges)

    @property
    def asked_slots(self) -> list[str]:
        """Every form question the assistant asked, in order (repeats included)."""
        return [e.requested_slot for e in self.exchanges if e.requested_slot]

    @property
    def new_cases(self) -> list[dict[str, Any]]:
        """The cases the staff API lists after the conversation and not before it."""
        known = {case.get("reference") for case in self.cases_before}
        return [case for case in self.cases_after if case.get("reference") not in known]


@dataclass(frozen=True)
class CheckResult:
    """Whether one check held, and why not."""

    check: Check
    held: bool
    why: str = ""


# ---------------------------------------------------------------- text


def normalise(text: str) -> str:
    """Fold case and å/ä/ö, collapse white space, and join digits split by spaces or hyphens."""
    return _NUMBER_GAP.sub("", squash(text))


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` appears in ``haystack`` as the checks compare text."""
    wanted = normalise(needle)
    if not wanted:
        return False
    pattern = re.escape(wanted)
    if wanted[0].isdigit():
        pattern = r"(?<!\d)" + pattern
    if wanted[-1].isdigit():
        pattern += r"(?!\d)"
    return re.search(pattern, normalise(haystack)) is not None


def expresses_sympathy(text: str) -> bool:
    """Whether a reply holds one of the condolence expressions."""
    return any(contains(text, expression) for expression in SYMPATHY_EXPRESSIONS)


# ---------------------------------------------------------------- loading


def load_sets(paths: Iterable[Path], municipalities: Iterable[str]) -> list[Conversation]:
    """Every conversation of the files, in order; :class:`FormatError` lists every fault found."""
    known = frozenset(municipalities)
    conversations: list[Conversation] = []
    errors: list[str] = []
    for path in paths:
        found, faults = _load_file(path, known)
        conversations.extend(found)
        errors.extend(faults)
    if errors:
        raise FormatError(errors)
    return conversations


def _load_file(path: Path, municipalities: frozenset[str]) -> tuple[list[Conversation], list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [], [f"{path}: cannot be read as YAML: {exc}"]
    if not isinstance(data, dict) or not isinstance(data.get("conversations"), list):
        return [], [f"{path}: needs a top-level 'conversations:' list"]
    extra = sorted(set(data) - {"conversations"})
    errors = [f"{path}: unknown top-level key(s): {', '.join(map(str, extra))}"] if extra else []
    conversations: list[Conversation] = []
    seen: set[str] = set()
    for number, raw in enumerate(data["conversations"], start=1):
        where = f"{path}: conversation #{number}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            where = f"{path}: conversation {raw['id']!r}"
            if raw["id"] in seen:
                errors.append(f"{where}: field 'id': duplicate id in this file")
            seen.add(raw["id"])
        faults: list[str] = []
        conversation = _conversation(raw, path, municipalities, faults)
        errors.extend(f"{where}: {fault}" for fault in faults)
        if conversation is not None and not faults:
            conversations.append(conversation)
    return conversations, errors


def _conversation(
    raw: Any, path: Path, municipalities: frozenset[str], faults: list[str]
) -> Optional[Conversation]:
    if not isinstance(raw, dict):
        faults.append("must be a mapping with id, municipality, now, category, turns, checks")
        return None
    for key in sorted(set(map(str, raw)) - CONVERSATION_KEYS):
        faults.append(f"field {key!r}: unknown field")
    for key in ("id", "municipality", "now", "category", "turns", "checks"):
        if key not in raw:
            faults.append(f"field {key!r}: missing")
    ident = raw.get("id")
    if "id" in raw and not (isinstance(ident, str) and _ID.match(ident)):
        faults.append(f"field 'id': {ident!r} is not made of a-z, 0-9 and single hyphens")
    municipality = raw.get("municipality")
    if "municipality" in raw and municipality not in municipalities:
        faults.append(f"field 'municipality': unknown municipality {municipality!r} "
                      f"(known: {', '.join(sorted(municipalities))})")
    now = _now(raw.get("now"), faults) if "now" in raw else None
    category = raw.get("category")
    if "category" in raw and category not in CATEGORIES:
        faults.append(f"field 'category': unknown category {category!r}")
    turns = _turns(raw.get("turns"), faults) if "turns" in raw else ()
    answers = _answers(raw.get("answers", {}), faults)
    checks = _checks(raw.get("checks"), len(turns), faults) if "checks" in raw else ()
    uses_phone = any(PHONE_PLACEHOLDER in text for text in (*turns, *answers.values()))
    if uses_phone and len(re.sub(r"\D", "", answers.get("callback_phone", ""))) < 4:
        faults.append(f"field 'answers.callback_phone': {PHONE_PLACEHOLDER} is used, so it "
                      "needs a phone number with at least four digits")
    if faults or now is None:
        return None
    return Conversation(str(ident), path, str(municipality), now, str(category), turns, answers, checks)


def _now(value: Any, faults: list[str]) -> Optional[datetime]:
    # Unquoted, YAML reads the timestamp as a datetime already.
    moment = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            faults.append(f"field 'now': {value!r} is not an ISO 8601 timestamp "
                          "(example: \"2026-12-07T10:15:00+01:00\")")
            return None
    if moment is None:
        faults.append(f"field 'now': {value!r} is not an ISO 8601 timestamp")
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        faults.append(f"field 'now': {value!r} needs a UTC offset, e.g. +01:00")
        return None
    return moment


def _turns(value: Any, faults: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        faults.append("field 'turns': must be a non-empty list of strings")
        return ()
    bad = [n for n, text in enumerate(value, start=1) if not isinstance(text, str) or not text.strip()]
    if bad:
        faults.append(f"field 'turns': item(s) {', '.join(map(str, bad))} must be non-empty strings")
        return ()
    return tuple(value)


def _answers(value: Any, faults: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        faults.append("field 'answers': must be a mapping from slot to answer")
        return {}
    answers: dict[str, str] = {}
    for slot, answer in value.items():
        if slot not in ANSWER_SLOTS:
            faults.append(f"field 'answers.{slot}': unknown slot (known: {', '.join(ANSWER_SLOTS)})")
        elif isinstance(answer, int) and not isinstance(answer, bool) and slot not in DIGIT_SLOTS:
            answers[slot] = str(answer)
        elif not isinstance(answer, str) or not answer.strip():
            faults.append(f"field 'answers.{slot}': must be a non-empty string (put it in quotes)")
        else:
            answers[slot] = answer
    return answers


def _checks(value: Any, turn_count: int, faults: list[str]) -> tuple[Check, ...]:
    if not isinstance(value, list) or not value:
        faults.append("field 'checks': must be a non-empty list")
        return ()
    checks: list[Check] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or len(item) != 1:
            faults.append(f"field 'checks[{number}]': must be one 'kind: value' pair")
            continue
        ((kind, raw),) = item.items()
        where = f"field 'checks[{number}].{kind}'"
        if kind not in CHECK_KINDS:
            faults.append(f"{where}: unknown check (known: {', '.join(CHECK_KINDS)})")
            continue
        problem = _check_value(kind, raw, turn_count)
        if problem:
            faults.append(f"{where}: {problem}")
        else:
            checks.append(Check(kind, raw))
    return tuple(checks)


def _strings_problem(value: Any) -> str:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of strings"
    if not all(isinstance(text, str) and normalise(text) for text in value):
        return "every item must be a non-empty string"
    return ""


def _check_value(kind: str, value: Any, turn_count: int) -> str:
    """What is wrong with the value of a check, or ''."""
    if kind in ("no_booking", "sympathy"):
        return "" if value is True else "must be true"
    if kind in _TEXT_LIST_KINDS:
        return _strings_problem(value)
    if kind in _SLOT_LIST_KINDS:
        if not isinstance(value, list) or not value:
            return "must be a non-empty list of slot names"
        unknown = [str(slot) for slot in value if slot not in ANSWER_SLOTS]
        return f"unknown slot(s): {', '.join(unknown)}" if unknown else ""
    if kind == "booking":
        if not isinstance(value, dict):
            return "must be a mapping with any of link, contact_point, after_hours"
        unknown = sorted(set(map(str, value)) - set(_BOOKING_FIELDS))
        if unknown:
            return f"unknown field(s): {', '.join(unknown)} (known: link, contact_point, after_hours)"
        if "link" in value and value["link"] is not None and not isinstance(value["link"], str):
            return "'link' must be a link id or null"
        if "contact_point" in value and not isinstance(value["contact_point"], str):
            return "'contact_point' must be a contact point id"
        if "after_hours" in value and not isinstance(value["after_hours"], bool):
            return "'after_hours' must be true or false"
        return ""
    # reply_to_turn
    if not isinstance(value, dict) or set(value) != {"turn", "mentions"}:
        return "must be {turn: N, mentions: [...]}"
    turn = value["turn"]
    if isinstance(turn, bool) or not isinstance(turn, int) or not 1 <= turn <= max(turn_count, 1):
        return f"'turn' must be a turn number from 1 to {turn_count}"
    problem = _strings_problem(value["mentions"])
    return f"'mentions' {problem}" if problem else ""


# ---------------------------------------------------------------- checks


def run_checks(played: Played) -> list[CheckResult]:
    """Every check of the conversation, decided on how it was played."""
    return [_CHECKS[check.kind](played, check) for check in played.conversation.checks]


def reached_goal(results: Iterable[CheckResult]) -> bool:
    """A conversation reaches its goal when every check holds."""
    return all(result.held for result in results)


def _all_replies(played: Played) -> list[Reply]:
    return [reply for exchange in played.exchanges for reply in exchange.replies]


def _replies_to_turn(played: Played, turn: int) -> Optional[list[Reply]]:
    for exchange in played.exchanges:
        if exchange.turn == turn:
            return exchange.replies
    return None


def _missing(replies: Sequence[Reply], wanted: Sequence[str]) -> list[str]:
    return [text for text in wanted if not any(contains(r.searchable, text) for r in replies)]


def _quoted(texts: Iterable[str]) -> str:
    return ", ".join(f'"{text}"' for text in texts)


def _booking(played: Played, check: Check) -> CheckResult:
    created = played.new_cases
    if len(created) != 1:
        refs = ", ".join(str(case.get("reference")) for case in created)
        return CheckResult(check, False, f"{len(created)} cases were created" + (f": {refs}" if refs else ""))
    case = created[0]
    wrong = [
        f"{api} is {case.get(api)!r}, expected {check.value[name]!r}"
        for name, api in _BOOKING_FIELDS.items()
        if name in check.value and case.get(api) != check.value[name]
    ]
    why = f"case {case.get('reference')}: " + "; ".join(wrong) if wrong else ""
    return CheckResult(check, not wrong, why)


def _no_booking(played: Played, check: Check) -> CheckResult:
    created = played.new_cases
    detail = "; ".join(
        f"{case.get('reference')} (link {case.get('link_id')}, contact point {case.get('contact_point_id')})"
        for case in created
    )
    return CheckResult(check, not created, f"a case was created: {detail}" if created else "")


def _mentions(played: Played, check: Check) -> CheckResult:
    missing = _missing(_all_replies(played), check.value)
    return CheckResult(check, not missing, f"not in any reply: {_quoted(missing)}" if missing else "")


def _mentions_any(played: Played, check: Check) -> CheckResult:
    replies = _all_replies(played)
    held = any(contains(r.searchable, text) for r in replies for text in check.value)
    return CheckResult(check, held, "" if held else "none of them is in any reply")


def _in_turn(played: Played, check: Check, turn: int, wanted: Sequence[str]) -> CheckResult:
    replies = _replies_to_turn(played, turn)
    if replies is None:
        return CheckResult(check, False, f"turn {turn} was never sent")
    missing = _missing(replies, wanted)
    return CheckResult(check, not missing,
                       f"not in the replies to turn {turn}: {_quoted(missing)}" if missing else "")


def _first_reply_mentions(played: Played, check: Check) -> CheckResult:
    return _in_turn(played, check, 1, check.value)


def _reply_to_turn(played: Played, check: Check) -> CheckResult:
    return _in_turn(played, check, check.value["turn"], check.value["mentions"])


def _never_mentions(played: Played, check: Check) -> CheckResult:
    found = [
        f'"{text}" in the reply to message {number}'
        for number, exchange in enumerate(played.exchanges, start=1)
        for text in check.value
        if any(contains(r.searchable, text) for r in exchange.replies)
    ]
    return CheckResult(check, not found, "; ".join(found))


def _never_asks(played: Played, check: Check) -> CheckResult:
    asked = [slot for slot in check.value if slot in played.asked_slots]
    return CheckResult(check, not asked, f"asked for {', '.join(asked)}" if asked else "")


def _asks(played: Played, check: Check) -> CheckResult:
    missing = [slot for slot in check.value if slot not in played.asked_slots]
    return CheckResult(check, not missing, f"never asked for {', '.join(missing)}" if missing else "")


def _sympathy(played: Played, check: Check) -> CheckResult:
    question: Optional[int] = None
    for number, exchange in enumerate(played.exchanges, start=1):
        if exchange.requested_slot in PERSON_SLOTS:
            question = number
            break
    for number, exchange in enumerate(played.exchanges, start=1):
        if any(expresses_sympathy(r.text) for r in exchange.replies):
            if question is None or number <= question:
                return CheckResult(check, True)
            slot = played.exchanges[question - 1].requested_slot
            return CheckResult(check, False, f"sympathy only after message {number}; the question "
                                             f"for {slot} came after message {question}")
    return CheckResult(check, False, "no reply expresses sympathy")


_CHECKS: dict[str, Callable[[Played, Check], CheckResult]] = {
    "booking": _booking,
    "no_booking": _no_booking,
    "mentions": _mentions,
    "mentions_any": _mentions_any,
    "first_reply_mentions": _first_reply_mentions,
    "reply_to_turn": _reply_to_turn,
    "never_mentions": _never_mentions,
    "never_asks": _never_asks,
    "asks": _asks,
    "sympathy": _sympathy,
}


def _compact(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_compact(item)}" for key, item in value.items()) + "}"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
