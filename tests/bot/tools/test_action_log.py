"""The action server's log: one INFO line per action, no warning on a normal conversation.

A real action server (``python -m bot.tools.action_server``) gets the calls Rasa
would send for a short conversation: a greeting, a situation with entities (relation,
condition, ``support_type``) and an age, the situation form, the summary and the
supports. Its log, from the moment it serves, has no WARNING or ERROR, one line per
action with a hash of the sender, and none of the relative's words.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import yaml

from bot.settings import ACTION_SECRET_HEADER as SECRET_HEADER
from bot.tools.action_log import log_line, sender_hash
from tests.conftest import ROOT, free_port, wait_for

SENDER = "web-0123456789abcdef0123456789abcdef"
SITUATION = "Min mamma Greta är 82 år och har demens, jag vill ha avlösning"
READY = "action server on http://127.0.0.1"
ACTION_LINE = re.compile(r"INFO\s+bot\.tools\.action_log\s+- "
                         r"action (\w+) sender ([0-9a-f]{12}) (\d{3}) \d+ ms$")

ACTION_SECRET = "test-action-secret-" + "y" * 20


class Server:
    """An action server on a free port, with its whole output in ``log``."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.log = tmp_path / "action_server.log"
        env = {**os.environ, "ANHORIG_MUNICIPALITY": "ekero", "SANIC_HOST": "127.0.0.1",
               "PYTHONPATH": str(ROOT), "ANHORIG_DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
               "ANHORIG_ACTION_SECRET": ACTION_SECRET}
        env.pop("ANHORIG_NOW", None)
        self.out = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.tools.action_server", "--actions", "actions",
             "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=self.out, stderr=subprocess.STDOUT,
        )
        wait_for(f"http://127.0.0.1:{self.port}/health", self.proc, timeout=120)
        self.domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
        self.slots: dict[str, Any] = {name: spec.get("initial_value")
                                      for name, spec in self.domain["slots"].items()}
        self.events: list[dict[str, Any]] = []
        self.latest: dict[str, Any] = {}

    def user(self, text: str, intent: str, entities: Optional[list[dict[str, Any]]] = None) -> None:
        self.latest = {"text": text, "intent": {"name": intent, "confidence": 0.95},
                       "entities": entities or []}
        self.events += [{"event": "action", "name": "action_listen"},
                        {"event": "user", "text": text, "parse_data": self.latest}]

    def run(self, action: str, *, candidates: Optional[dict[str, Any]] = None,
            active_loop: Optional[str] = None) -> dict[str, Any]:
        """Call ``action`` as Rasa does; slots in ``candidates`` were just set in this turn."""
        extra = [{"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items()]
        self.slots.update(candidates or {})
        body = {
            "next_action": action, "sender_id": SENDER, "version": "3.6.21", "domain": self.domain,
            "tracker": {
                "sender_id": SENDER, "slots": dict(self.slots), "latest_message": self.latest,
                "events": self.events + extra, "paused": False, "followup_action": None,
                "active_loop": {"name": active_loop} if active_loop else {},
                "latest_action_name": "action_listen", "latest_event_time": 0,
                "latest_input_channel": "rest",
            },
        }
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/webhook",
                                         data=json.dumps(body).encode("utf-8"),
                                         headers={"Content-Type": "application/json",
                                                  SECRET_HEADER: ACTION_SECRET})
        with urllib.request.urlopen(request, timeout=60) as answer:
            result: dict[str, Any] = json.loads(answer.read())
        self.events += extra + [{"event": "action", "name": action}] + result["events"]
        for event in result["events"]:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        return result

    def lines_after_start(self) -> list[str]:
        self.out.flush()
        text = self.log.read_text(encoding="utf-8", errors="replace")
        assert READY in text, text[-2000:]
        return text.split(READY, 1)[1].splitlines()[1:]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.out.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    started = Server(tmp_path)
    try:
        yield started
    finally:
        started.stop()


def test_a_short_conversation_logs_one_line_per_action_and_no_warning(server: Server) -> None:
    server.user("hej", "greet")
    greeting = server.run("action_greet")
    assert greeting["responses"]

    entities = [{"entity": "relation", "value": "parent", "start": 4, "end": 9},
                {"entity": "condition", "value": "dementia", "start": 32, "end": 38},
                {"entity": "support_type", "value": "respite", "start": 54, "end": 62}]
    server.user(SITUATION, "describe_situation", entities)
    checked = server.run("action_validate_slot_mappings",
                         candidates={"relation": "parent", "condition": "dementia",
                                     "support_type": "respite"})
    slots = {e["name"]: e["value"] for e in checked["events"] if e["event"] == "slot"}
    assert slots["support_type"] == "respite" and slots["person_age"] == "82"
    server.run("validate_situation_form", active_loop="situation_form",
               candidates={"relation": "parent", "condition": "dementia", "person_age": "82"})
    server.run("action_summarize_situation")
    server.user("vilket stöd finns", "ask_support")
    server.run("action_explain_supports")

    lines = server.lines_after_start()
    complaints = [line for line in lines if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)]
    assert complaints == []
    logged = [match.groups() for line in lines if (match := ACTION_LINE.search(line))]
    assert [name for name, _, _ in logged] == [
        "action_greet", "action_validate_slot_mappings", "validate_situation_form",
        "action_summarize_situation", "action_explain_supports",
    ]
    assert {(sender, status) for _, sender, status in logged} == {(sender_hash(SENDER), "200")}
    whole = "\n".join(lines)
    assert SENDER not in whole and "Greta" not in whole and "avlösning" not in whole


def test_the_log_line_names_the_action_and_hides_the_sender() -> None:
    call = {"next_action": "action_greet", "sender_id": SENDER, "tracker": {"latest_message": {"text": "x"}}}
    line = log_line(call, 200, 0.0123)
    assert line == f"action action_greet sender {sender_hash(SENDER)} 200 12 ms"
    assert SENDER not in line and len(sender_hash(SENDER)) == 12
    # A body that is not an action call still gives a line, with nothing taken from it.
    assert log_line({"next_action": "Greta 070-123 45 67"}, 400, 0.0) == "action - sender - 400 0 ms"
