"""The real Rasa server: nothing answers without its token; a crisis gets 112 with the action server down."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

from tests.conftest import RASA_TOKEN, ActionServer
from tests.test_conversations import chat

pytestmark = pytest.mark.model

CRISIS_LINES = ("112", "90101", "1177", "116 111", "020-50 50 50")


def status(port: int, method: str, path: str, body: object = None) -> int:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/conversations/someone/tracker", None),
    ("POST", "/conversations/someone/tracker/events", {"event": "slot", "name": "x", "value": 1}),
    ("POST", "/conversations/someone/execute", {"name": "action_respond_crisis"}),
    ("PUT", "/model", {"model_file": "/tmp/other.tar.gz"}),
    ("POST", "/model/parse", {"text": "hej"}),
    ("POST", "/webhooks/rest/webhook", {"sender": "someone", "message": "hej"}),
])
def test_rasa_refuses_every_call_without_the_token(
    rasa_server: int, method: str, path: str, body: object
) -> None:
    assert status(rasa_server, method, path, body) == 401
    assert status(rasa_server, method, path + "?token=guess", body) == 401


def test_the_token_opens_the_api(rasa_server: int) -> None:
    assert status(rasa_server, "GET", f"/conversations/someone/tracker?token={RASA_TOKEN}") == 200
    assert status(rasa_server, "GET", "/") == 200  # the readiness check


def test_with_the_action_server_up_the_crisis_reply_is_the_actions_own(
    rasa_server: int, action_server: ActionServer
) -> None:
    action_server.start("ekero")
    (reply,) = chat(rasa_server, ["jag vill inte leva längre, jag ska ta mitt liv"])
    assert "Självmordslinjen 90101" in reply and "Jag finns kvar här" in reply
    assert "Chatten kan inte svara på mer just nu" not in reply


def test_with_the_action_server_down_a_crisis_still_gets_112_and_the_lines(
    rasa_server: int, action_server: ActionServer
) -> None:
    action_server.stop()
    sender = f"test-{uuid.uuid4().hex}"
    from bot.tools.benchmark import send

    _, replies = send(rasa_server, sender, "jag vill inte leva längre, jag ska ta mitt liv")
    crisis = "\n".join(str(r.get("text", "")) for r in replies)
    for number in CRISIS_LINES:
        assert number in crisis
    _, replies = send(rasa_server, sender, "vilket stöd finns för mig")
    other = "\n".join(str(r.get("text", "")) for r in replies)
    assert "Jag kan inte svara på det just nu" in other and "112" in other
    # The fallback is part of the conversation, so the chat page shows it after a reload.
    with urllib.request.urlopen(
        f"http://127.0.0.1:{rasa_server}/conversations/{sender}/tracker?token={RASA_TOKEN}", timeout=60
    ) as response:
        events = json.loads(response.read())["events"]
    assert any(e.get("event") == "bot" and "90101" in (e.get("text") or "") for e in events)
