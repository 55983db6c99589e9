"""The action server answers only Rasa (the shared secret) and listens on loopback only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.settings import ACTION_SECRET_HEADER, reset_settings_cache
from bot.tools import action_server
from tests.conftest import ACTION_SECRET, ActionServer, free_port

CALL = {"next_action": "action_respond_crisis", "sender_id": "forged", "tracker": {
    "sender_id": "forged", "slots": {}, "latest_message": {"text": "x", "intent": {}}, "events": []},
    "domain": {}, "version": "3.6.21"}


@pytest.fixture(scope="module")
def app() -> Any:
    return action_server.create_app("actions", "s3cret")


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({ACTION_SECRET_HEADER: "guess"}, 403)])
def test_a_forged_call_is_refused(app: Any, headers: dict[str, str], status: int) -> None:
    _, answer = app.test_client.post("/webhook", json=CALL, headers=headers)
    assert answer.status == status
    _, listing = app.test_client.get("/actions", headers=headers)
    assert listing.status == status


def test_rasa_with_the_secret_is_answered(app: Any) -> None:
    _, answer = app.test_client.post("/webhook", json=CALL, headers={ACTION_SECRET_HEADER: "s3cret"})
    assert answer.status == 200
    assert "112" in json.dumps(answer.json["responses"], ensure_ascii=False)


def test_health_stays_open(app: Any) -> None:
    _, answer = app.test_client.get("/health")
    assert answer.status == 200


@pytest.mark.parametrize(("host", "secret", "development", "refused"), [
    ("127.0.0.1", "s", True, False),
    ("localhost", "s", True, False),
    ("::1", "s", True, False),
    ("0.0.0.0", "s", True, True),
    ("10.0.0.5", "s", True, True),
    ("0.0.0.0", "s", False, False),  # production may choose
    ("127.0.0.1", "", False, True),  # never without a secret
])
def test_bind_rules(host: str, secret: str, development: bool, refused: bool) -> None:
    assert (action_server.bind_problem(host, secret, development) is not None) is refused


def test_main_refuses_without_a_secret_or_on_a_public_interface(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: list[Any] = []
    monkeypatch.setattr(action_server, "serve", lambda *args: served.append(args))
    monkeypatch.setenv("ANHORIG_ACTION_SECRET", "")
    reset_settings_cache()
    assert action_server.main(["--actions", "actions", "--port", "1"]) == 1
    monkeypatch.setenv("ANHORIG_ACTION_SECRET", "s3cret")
    monkeypatch.setenv("ANHORIG_ACTION_HOST", "0.0.0.0")
    monkeypatch.setenv("ANHORIG_ENV", "development")
    reset_settings_cache()
    assert action_server.main(["--actions", "actions", "--port", "1"]) == 1
    assert served == []
    assert "ANHORIG_ACTION_SECRET" in capsys.readouterr().err
    reset_settings_cache()


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_real_action_server_refuses_a_forged_call_and_listens_on_loopback_only(tmp_path: Path) -> None:
    server = ActionServer(free_port(), f"sqlite:///{tmp_path}/cases.db")
    server.start("ekero")
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/webhook", data=json.dumps(CALL).encode(),
            headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 401
        request.add_header(ACTION_SECRET_HEADER, ACTION_SECRET)
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
        assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        server.stop()
