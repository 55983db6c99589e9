"""``anhoriglots converse-eval``: play whole conversations against the assistant and score their goals.

The contract is ``docs/conversation_eval.md``; the format and the checks are
:mod:`bot.tools.converse_checks`. This module starts the stack, plays each
conversation through Rasa's REST channel and prints the report.

The stack runs on a temporary directory: its own SQLite database for the
cases, its own SQLite tracker store, free localhost ports. Rasa loads the
model once; the action server and the web app run with the
``ANHORIG_MUNICIPALITY`` and ``ANHORIG_NOW`` of the conversations and are
restarted for each (municipality, now) group. Each municipality gets a
coordinator account and an API token, so the player reads the staff API
(``GET /api/v1/cases?status=all``) before and after every conversation: the
difference is the conversation's bookings.

After a conversation its bookings are cancelled (``bot.callbacks.booking``),
so that every conversation meets the calendar with all seats free and the
result does not depend on the order of the conversations.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Protocol, Sequence

from bot.callbacks.cases import REFERENCE_ALPHABET, REFERENCE_LENGTH
from bot.settings import PROJECT_ROOT, Settings, child_environment
from bot.tools.converse_checks import (
    PHONE_PLACEHOLDER,
    REFERENCE_PLACEHOLDER,
    CheckResult,
    Conversation,
    Exchange,
    FormatError,
    Played,
    Reply,
    load_sets,
    reached_goal,
    run_checks,
)
from bot.tools.runner import (
    Service,
    ensure_model,
    internal_environment,
    newest_model,
    service_commands,
    stop_all,
    wait_healthy,
    with_internal_secrets,
)

logger = logging.getLogger(__name__)

DEFAULT_SET_DIR = PROJECT_ROOT / "tests" / "conversations"
MAX_MESSAGES = 25
EXIT_OK, EXIT_STACK, EXIT_INPUT = 0, 1, 2
_REFERENCE = re.compile(
    rf"(?<![0-9A-Za-zÅÄÖåäö])[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}(?![0-9A-Za-zÅÄÖåäö])"
)
_LOG_TAIL_LINES = 25


class TransportError(RuntimeError):
    """A request to Rasa or the web app failed."""


class StackError(RuntimeError):
    """The stack could not start, or a process of it stopped."""


class Transport(Protocol):
    """How the player reaches the assistant (HTTP in use, a fake in the tests)."""

    def send(self, sender: str, message: str) -> list[Reply]:
        """Send one message as ``sender``; the bot's replies."""
        ...

    def open_question(self, sender: str) -> Optional[str]:
        """The slot the open form question asks for, or None."""
        ...

    def cases(self) -> list[dict[str, Any]]:
        """Every case of the municipality, as the staff API lists them."""
        ...


# ---------------------------------------------------------------- selection and grouping


def select_files(sets: Sequence[Path], only: Optional[str] = None) -> list[Path]:
    """The ``.yml`` files of the given files and folders, whose name starts with ``only``."""
    files: list[Path] = []
    missing = [str(path) for path in sets if not path.exists()]
    if missing:
        raise FormatError([f"{path}: no such file or folder" for path in missing])
    for path in sets:
        found = sorted(path.glob("*.yml")) if path.is_dir() else [path]
        files.extend(file for file in found if file not in files)
    chosen = [file for file in files if only is None or file.name.startswith(only)]
    if not chosen:
        where = ", ".join(map(str, sets))
        starting = f" starting with {only!r}" if only else ""
        raise FormatError([f"no conversation files in {where}{starting}"])
    return chosen


Clock = tuple[str, datetime]  # (municipality, now): what the action server and the web app run with


def group_by_clock(conversations: Iterable[Conversation]) -> list[tuple[Clock, list[Conversation]]]:
    """Conversations grouped by (municipality, now), groups in order of first appearance."""
    groups: dict[Clock, list[Conversation]] = {}
    for conversation in conversations:
        groups.setdefault((conversation.municipality, conversation.now), []).append(conversation)
    return list(groups.items())


# ---------------------------------------------------------------- the player


def last_four_digits(phone: Optional[str]) -> str:
    """The last four digits of a phone number as written ('' without one)."""
    return re.sub(r"\D", "", phone or "")[-4:]


def confirmed_reference(replies: Iterable[Reply], known: Callable[[], Iterable[str]]) -> Optional[str]:
    """The last reference in the replies that belongs to a case (``known``: the staff API's), or None.

    The check against the cases keeps out a reference that only looks like one
    (the example in "six characters, e.g. K7MXQ4").
    """
    found = [match for reply in replies for match in _REFERENCE.findall(reply.text)]
    if not found:
        return None
    cases = set(known())
    confirmed = [reference for reference in found if reference in cases]
    return confirmed[-1] if confirmed else None


def describe_end(ended: str) -> str:
    """How a conversation ended, for people."""
    if ended.startswith("no_answer:"):
        return f"no answer given for {ended.split(':', 1)[1]}"
    if ended == "cap":
        return f"stopped at {MAX_MESSAGES} messages"
    return ended.replace("error:", "error: ", 1)


def play(
    conversation: Conversation,
    transport: Transport,
    sender: Optional[str] = None,
    max_messages: int = MAX_MESSAGES,
) -> Played:
    """Send the turns, answer the form questions from ``answers``, read the cases before and after."""
    sender = sender or f"converse-{uuid.uuid4().hex[:16]}"
    played = Played(conversation, cases_before=transport.cases())
    try:
        played.ended = _converse(conversation, transport, sender, max_messages, played)
    except TransportError as exc:
        played.ended = f"error:{exc}"
    played.cases_after = transport.cases()
    return played


def _converse(
    conversation: Conversation, transport: Transport, sender: str, max_messages: int, played: Played
) -> str:
    phone_last4 = last_four_digits(conversation.answers.get("callback_phone"))
    reference: Optional[str] = None

    def known_references() -> list[str]:
        return [str(case.get("reference")) for case in transport.cases()]

    def send(text: str, turn: Optional[int], slot: Optional[str]) -> Exchange:
        nonlocal reference
        if reference is not None:
            text = text.replace(REFERENCE_PLACEHOLDER, reference)
        message = text.replace(PHONE_PLACEHOLDER, phone_last4)
        exchange = Exchange(message, turn, transport.send(sender, message), answered_slot=slot)
        exchange.requested_slot = transport.open_question(sender)
        reference = confirmed_reference(exchange.replies, known_references) or reference
        played.exchanges.append(exchange)
        return exchange

    for number, turn in enumerate(conversation.turns, start=1):
        if len(played.exchanges) >= max_messages:
            return "cap"
        exchange = send(turn, number, None)
        while exchange.requested_slot is not None:
            slot = exchange.requested_slot
            if slot not in conversation.answers:
                return f"no_answer:{slot}"
            if len(played.exchanges) >= max_messages:
                return "cap"
            exchange = send(conversation.answers[slot], None, slot)
    return "done"


class HttpTransport:
    """Rasa's REST channel and tracker, and the staff API of the web app."""

    def __init__(self, rasa_url: str, web_url: str, token: str, timeout: float = 120.0,
                 rasa_token: str = "") -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.web_url = web_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.rasa_token = rasa_token  # Rasa's ANHORIG_RASA_TOKEN, sent as ?token=

    def _rasa(self, path: str) -> str:
        joiner = "&" if "?" in path else "?"
        return f"{self.rasa_url}{path}{joiner}token={urllib.parse.quote(self.rasa_token, safe='')}"

    def _json(self, url: str, body: Optional[dict[str, Any]] = None,
              headers: Optional[dict[str, str]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, headers={
            "Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
            raise TransportError(f"{url.split('?')[0]}: {exc}") from exc

    def send(self, sender: str, message: str) -> list[Reply]:
        """POST /webhooks/rest/webhook."""
        payload = self._json(self._rasa("/webhooks/rest/webhook"), {"sender": sender, "message": message})
        replies = []
        for item in payload if isinstance(payload, list) else []:
            buttons = tuple(str(b.get("title", "")) for b in item.get("buttons") or [] if isinstance(b, dict))
            if item.get("text") or buttons:
                replies.append(Reply(str(item.get("text") or ""), buttons))
        return replies

    def open_question(self, sender: str) -> Optional[str]:
        """``requested_slot`` from the tracker while a form is active."""
        quoted = urllib.parse.quote(sender, safe="")
        tracker = self._json(self._rasa(f"/conversations/{quoted}/tracker?include_events=NONE"))
        loop = tracker.get("active_loop") or {}
        slot = (tracker.get("slots") or {}).get("requested_slot")
        return str(slot) if slot and loop.get("name") else None

    def cases(self) -> list[dict[str, Any]]:
        """GET /api/v1/cases?status=all with the municipality's token."""
        payload = self._json(f"{self.web_url}/api/v1/cases?status=all",
                             headers={"Authorization": f"Bearer {self.token}"})
        return list(payload.get("cases", []))


# ---------------------------------------------------------------- the stack


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Stack:
    """Rasa, the action server and the web app on a temporary directory."""

    def __init__(self, model: Path, workdir: Path, *, root: Path = PROJECT_ROOT,
                 python: str = sys.executable, ready_timeout: float = 300.0) -> None:
        self.model, self.workdir, self.root, self.python = model, workdir, root, python
        self.ready_timeout = ready_timeout
        ports: set[int] = set()
        while len(ports) < 3:
            ports.add(free_port())
        self.rasa_port, self.action_port, self.web_port = sorted(ports)
        self.database_url = f"sqlite:///{workdir / 'cases.db'}"
        self.tokens: dict[str, str] = {}
        self.rasa: Optional[Service] = None
        self.served: list[Service] = []
        self.serving: Optional[tuple[str, str]] = None
        self._rasa_ready = False
        self._engine: Any = None
        self._session_factory: Any = None
        # One token and one secret for every process of this stack.
        self.secrets = with_internal_secrets(Settings())

    @property
    def rasa_url(self) -> str:
        """Where Rasa listens."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        """Where the web app listens."""
        return f"http://127.0.0.1:{self.web_port}"

    def prepare(self, municipalities: Iterable[str]) -> None:
        """Create the database and a coordinator with an API token for each municipality."""
        from bot.clock import STOCKHOLM
        from bot.staff.accounts import create_api_token, create_user
        from bot.staff.audit import VIA_CLI, Actor
        from bot.storage.engine import create_engine_for, make_session_factory, upgrade_database
        from bot.storage.models import StaffRole

        try:
            upgrade_database(self.database_url)
            self._engine = create_engine_for(self.database_url)
            self._session_factory = make_session_factory(self._engine)
            actor, now = Actor("cli", None, VIA_CLI), datetime.now(STOCKHOLM)
            for municipality in sorted(set(municipalities)):
                username = f"converse-eval-{municipality}"
                create_user(self._session_factory, username=username, password=secrets.token_urlsafe(24),
                            role=StaffRole.COORDINATOR.value, municipality=municipality,
                            contact_point_id=None, known_contact_points=set(), actor=actor, now=now)
                self.tokens[municipality], _ = create_api_token(
                    self._session_factory, username, municipality=municipality,
                    label="converse-eval", actor=actor, now=now)
        except Exception as exc:  # any failure here means the stack cannot run: say why
            reason = f"{type(exc).__name__}: {exc}"
            raise StackError(f"the temporary database could not be prepared: {reason}") from exc

    def _services(self) -> dict[str, Service]:
        settings = Settings(action_port=self.action_port, web_host="127.0.0.1", web_port=self.web_port)
        endpoints = self.workdir / "endpoints.yml"
        commands = service_commands(settings, self.model, self.python, str(endpoints), self.rasa_port)
        return {service.name: service for service in commands}

    def _environment(self, extra: Optional[dict[str, str]] = None) -> dict[str, str]:
        return child_environment({
            "PYTHONPATH": str(self.root), **internal_environment(self.secrets),
            "ANHORIG_DATABASE_URL": self.database_url, "ANHORIG_VAR_DIR": str(self.workdir / "var"),
            "ANHORIG_ACTION_PORT": str(self.action_port), "ANHORIG_WEB_HOST": "127.0.0.1",
            "ANHORIG_WEB_PORT": str(self.web_port), "ANHORIG_RASA_URL": self.rasa_url,
            "ANHORIG_SECRET_KEY": secrets.token_urlsafe(48),
            # Every conversation books with the same invented numbers: no daily limit here.
            "ANHORIG_BOOKINGS_PER_PHONE_PER_DAY": "100000",
            "ANHORIG_BOOKINGS_PER_ADDRESS_PER_DAY": "100000", **(extra or {}),
        })

    def _launch(self, service: Service, env: dict[str, str]) -> None:
        with open(self.workdir / f"{service.name}.log", "ab") as log:
            service.process = subprocess.Popen(service.command, cwd=self.root, env=env,
                                               stdout=log, stderr=subprocess.STDOUT)

    def start_rasa(self) -> None:
        """Start Rasa (once) with the temporary tracker store; it is waited for with the first group."""
        (self.workdir / "endpoints.yml").write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.workdir / "tracker.db"}"\n',
            encoding="utf-8")
        self.rasa = self._services()["rasa"]
        self._launch(self.rasa, self._environment())

    def serve(self, municipality: str, now: str) -> None:
        """Run the action server and the web app for this municipality and clock (restart on change)."""
        if self.serving == (municipality, now):
            return
        stop_all(self.served)
        services = self._services()
        self.served = [services["actions"], services["web"]]
        env = self._environment({"ANHORIG_MUNICIPALITY": municipality, "ANHORIG_NOW": now})
        for service in self.served:
            self._launch(service, env)
        waiting = self.served + ([self.rasa] if self.rasa is not None and not self._rasa_ready else [])
        try:
            wait_healthy(waiting, self.ready_timeout)
        except RuntimeError as exc:
            raise StackError(f"{exc}\n{self._log_tails(waiting)}") from exc
        self._rasa_ready = True
        self.serving = (municipality, now)

    def transport(self, municipality: str) -> HttpTransport:
        """The player's way into the stack for this municipality."""
        return HttpTransport(self.rasa_url, self.web_url, self.tokens[municipality],
                             rasa_token=self.secrets.rasa_token)

    def check_alive(self) -> None:
        """Raise :class:`StackError` if a process of the stack has stopped."""
        for service in [*([self.rasa] if self.rasa else []), *self.served]:
            if service.process is not None and service.process.poll() is not None:
                raise StackError(f"{service.name} stopped (exit {service.process.returncode})\n"
                                 + self._log_tails([service]))

    def release(self, cases: Iterable[dict[str, Any]], now: datetime) -> None:
        """Cancel the conversation's bookings, so that the next conversation finds every seat free."""
        from bot.callbacks.booking import cancel_booking
        from bot.callbacks.cases import BookingError, get_case

        for case in cases:
            reference = str(case.get("reference"))
            info = get_case(self._session_factory, reference)
            if info is None or not info.phone_e164 or info.status == "cancelled":
                continue
            try:
                cancel_booking(self._session_factory, reference, info.phone_e164[-4:], now=now,
                               actor="system")
            except BookingError as exc:
                logger.info("case %s left as it is: %s", reference, exc)

    def _log_tails(self, services: Iterable[Service]) -> str:
        parts = []
        for service in services:
            path = self.workdir / f"{service.name}.log"
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []
            tail = "\n".join(lines[-_LOG_TAIL_LINES:])
            parts.append(f"--- last lines of {service.name}'s log ---\n{tail}")
        return "\n".join(parts)

    def stop(self) -> None:
        """Stop every process and close the database."""
        stop_all([*self.served, *([self.rasa] if self.rasa else [])])
        self.served, self.rasa, self.serving = [], None, None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


# ---------------------------------------------------------------- running and reporting


@dataclass(frozen=True)
class Outcome:
    """A played conversation and its check results."""

    played: Played
    results: list[CheckResult]

    @property
    def reached(self) -> bool:
        """All checks held."""
        return reached_goal(self.results)


def run_on_stack(
    conversations: Sequence[Conversation], model: Path, progress: Callable[[str], None] = print
) -> list[Outcome]:
    """Start the stack, play every conversation group by group, stop the stack; outcomes in input order."""
    order = {id(conversation): n for n, conversation in enumerate(conversations)}
    outcomes: list[Outcome] = []

    def on_signal(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_signal)
    with tempfile.TemporaryDirectory(prefix="converse-eval-") as tmp:
        stack = Stack(model, Path(tmp))
        try:
            stack.prepare(c.municipality for c in conversations)
            stack.start_rasa()
            for (municipality, now), members in group_by_clock(conversations):
                progress(f"-- {municipality}, {now.isoformat()}: {len(members)} conversation(s)")
                stack.serve(municipality, members[0].clock)
                transport = stack.transport(municipality)
                for conversation in members:
                    try:
                        played = play(conversation, transport)
                    except TransportError as exc:
                        raise StackError(f"the staff API did not answer: {exc}") from exc
                    stack.check_alive()
                    stack.release(played.new_cases, now)
                    outcome = Outcome(played, run_checks(played))
                    outcomes.append(outcome)
                    progress(f"   {'ok  ' if outcome.reached else 'FAIL'} {conversation.id}")
        finally:
            stack.stop()
            signal.signal(signal.SIGTERM, previous)
    return sorted(outcomes, key=lambda outcome: order[id(outcome.played.conversation)])


def _share(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    reached = [o for o in outcomes if o.reached]
    turns = [o.played.messages_sent for o in reached]
    return {
        "conversations": len(outcomes),
        "reached": len(reached),
        "share": len(reached) / len(outcomes) if outcomes else 0.0,
        "mean_turns_to_goal": sum(turns) / len(turns) if turns else None,
    }


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Share reaching the goal and mean turns to goal: overall, per category and per file."""
    def by(key: Callable[[Outcome], str]) -> dict[str, Any]:
        names = sorted({key(o) for o in outcomes})
        return {name: _share([o for o in outcomes if key(o) == name]) for name in names}

    return {
        "overall": _share(outcomes),
        "categories": by(lambda o: o.played.conversation.category),
        "files": by(lambda o: o.played.conversation.file.name),
    }


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """One conversation's result, for ``--json``."""
    played = outcome.played
    conversation = played.conversation
    return {
        "id": conversation.id, "file": str(conversation.file), "category": conversation.category,
        "municipality": conversation.municipality, "now": conversation.clock,
        "reached": outcome.reached, "messages_sent": played.messages_sent, "ended": played.ended,
        "checks": [{"check": r.check.label(), "held": r.held, "why": r.why} for r in outcome.results],
        "asked_slots": played.asked_slots,
        "bookings": played.new_cases,
        "transcript": [
            {"relative": e.message, "turn": e.turn, "answered_slot": e.answered_slot,
             "bot": [{"text": r.text, "buttons": list(r.buttons)} for r in e.replies],
             "requested_slot": e.requested_slot}
            for e in played.exchanges
        ],
    }


def report_json(outcomes: Sequence[Outcome], model: str) -> dict[str, Any]:
    """The whole report as JSON: the summary, the failures' ids, every conversation."""
    return {
        "model": model,
        "summary": summary(outcomes),
        "failures": [o.played.conversation.id for o in outcomes if not o.reached],
        "conversations": [outcome_json(o) for o in outcomes],
    }


def _table(title: str, rows: dict[str, Any], overall: Optional[dict[str, Any]] = None) -> list[str]:
    width = max([len(title), 7, *map(len, rows)]) + 2
    lines = [f"{title:<{width}}{'reached':>9}{'share':>8}{'mean turns':>12}"]
    for name, row in [*rows.items(), *([("overall", overall)] if overall else [])]:
        mean = row["mean_turns_to_goal"]
        lines.append(f"{name:<{width}}{row['reached']:>5}/{row['conversations']:<3}{row['share']:>8.0%}"
                     f"{'-' if mean is None else f'{mean:.1f}':>12}")
    return lines


def _indented(prefix: str, text: str) -> list[str]:
    lines = text.splitlines() or [""]
    pad = " " * len(prefix)
    return [prefix + lines[0], *(pad + line for line in lines[1:])]


def transcript_lines(played: Played) -> list[str]:
    """The conversation as read: the relative's lines, the bot's lines and the form questions."""
    lines: list[str] = []
    for exchange in played.exchanges:
        lines.extend(_indented("    relative: ", exchange.message))
        for reply in exchange.replies:
            text = reply.text + ("".join(f" [{title}]" for title in reply.buttons))
            lines.extend(_indented("    bot:      ", text))
        if exchange.requested_slot:
            lines.append(f"              (asks {exchange.requested_slot})")
    return lines


def format_report(outcomes: Sequence[Outcome], model: str) -> str:
    """The printed report: tables per category and file, then every failure with its transcript."""
    totals = summary(outcomes)
    files = Counter(o.played.conversation.file.name for o in outcomes)
    lines = [f"Conversation evaluation: {len(outcomes)} conversation(s) in {len(files)} file(s), "
             f"model {model}", ""]
    lines += _table("category", totals["categories"], totals["overall"]) + [""]
    lines += _table("file", totals["files"]) + [""]
    failures = [o for o in outcomes if not o.reached]
    lines.append(f"Failures: {len(failures)}")
    for outcome in failures:
        played, conversation = outcome.played, outcome.played.conversation
        lines += ["", f"FAIL {conversation.id} ({conversation.file.name}, {conversation.category}, "
                      f"{conversation.municipality}, {conversation.clock}): {played.messages_sent} "
                      f"message(s), ended: {describe_end(played.ended)}"]
        lines += [f"  - {r.check.label()}: {r.why}" for r in outcome.results if not r.held]
        lines += ["  transcript:", *transcript_lines(played)]
    return "\n".join(lines)


def main(sets: Optional[Sequence[str]], only: Optional[str], train: bool, json_path: Optional[str]) -> int:
    """``anhoriglots converse-eval``: 0 measured, 1 the stack did not start, 2 bad input."""
    from bot.knowledge.loader import available_profile_ids

    try:
        paths = select_files([Path(p) for p in sets] if sets else [DEFAULT_SET_DIR], only)
        conversations = load_sets(paths, available_profile_ids())
    except FormatError as exc:
        for error in exc.errors:
            print(f"anhoriglots converse-eval: {error}", file=sys.stderr)
        return EXIT_INPUT
    try:
        model = ensure_model() if train else newest_model(PROJECT_ROOT / "models")
        if model is None:
            raise StackError("no model in models/ (train one with: anhoriglots train)")
        print(f"{len(conversations)} conversation(s) from {len(paths)} file(s); model {model.name}",
              file=sys.stderr)
        outcomes = run_on_stack(conversations, model, lambda line: print(line, file=sys.stderr, flush=True))
    except (StackError, subprocess.CalledProcessError) as exc:
        print(f"anhoriglots converse-eval: the stack could not run: {exc}", file=sys.stderr)
        return EXIT_STACK
    except KeyboardInterrupt:
        print("\nanhoriglots converse-eval: stopped", file=sys.stderr)
        return 130
    print(format_report(outcomes, model.name))
    if json_path:
        Path(json_path).write_text(json.dumps(report_json(outcomes, model.name), ensure_ascii=False, indent=2)
                                   + "\n", encoding="utf-8")
        print(f"\nJSON: {json_path}")
    return EXIT_OK
