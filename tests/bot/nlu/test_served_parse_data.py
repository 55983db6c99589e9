"""The served model's parse data carries the rule net's result, as the action server reads it."""

from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any

import pytest

from bot.tools.benchmark import send
from tests.conftest import RASA_TOKEN, ActionServer

pytestmark = pytest.mark.model


def post(port: int, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"http://localhost:{port}{path}?token={RASA_TOKEN}", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def get(port: int, path: str) -> Any:
    joiner = "&" if "?" in path else "?"
    url = f"http://localhost:{port}{path}{joiner}token={RASA_TOKEN}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def test_model_parse_carries_the_net_result(rasa_server: int) -> None:
    acute = post(rasa_server, "/model/parse", {"text": "jag är 13 och pappa slår mig"})
    assert acute["intent"]["name"] == "crisis"
    assert acute["crisis_net"]["categories"] == ["child_at_risk", "violence"]
    calm = post(rasa_server, "/model/parse", {"text": "hej"})
    assert calm["crisis_net"] == {"categories": [], "matched": []}
    assert "crisis_net" not in post(rasa_server, "/model/parse", {"text": "/greet"})


def test_the_tracker_keeps_the_net_result_for_the_action_server(
    rasa_server: int, action_server: ActionServer
) -> None:
    action_server.start("ekero")
    sender = f"test-{uuid.uuid4().hex}"
    _, replies = send(rasa_server, sender, "mamma andas inte")
    assert any("112" in str(reply.get("text", "")) for reply in replies)
    tracker = get(rasa_server, f"/conversations/{sender}/tracker")
    assert tracker["latest_message"]["crisis_net"]["categories"] == ["medical"]
    assert tracker["slots"]["crisis_categories"] == ["medical"]
