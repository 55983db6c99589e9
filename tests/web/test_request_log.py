"""The web app's request log: one line per request, with an id and a time, and nothing typed."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from bot.web.chat import ChatLine
from tests.web.conftest import World

OWN = "http://mockserver:1234"
LINE = re.compile(r"^request (?P<id>[A-Za-z0-9._-]{8,64}) (?P<method>[A-Z]+) (?P<route>\S+) "
                  r"(?P<status>\d{3}) \d+ ms$")
# What a relative might write: a message, a phone number, a personnummer, an e-mail address.
PRIVATE = "Min mamma Greta ringer på 070-123 45 67, pnr 19450312-1234, greta@example.se"
PRIVATE_PARTS = ("Greta", "070-123", "1234567", "19450312", "greta@example.se", "mamma")


def request_lines(caplog: pytest.LogCaptureFixture) -> list[re.Match[str]]:
    records = [r for r in caplog.records if r.name == "bot.web.request_log"]
    matches = [LINE.match(r.getMessage()) for r in records]
    assert all(matches), [r.getMessage() for r in records]
    return [m for m in matches if m is not None]


def assert_nothing_private(caplog: pytest.LogCaptureFixture) -> None:
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [part for part in PRIVATE_PARTS if part in logged], logged


def test_a_chat_message_gives_one_line_per_request_without_its_text(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = world.client()
    caplog.set_level(logging.INFO)
    page = client.get("/")
    sent = client.post("/", data={"csrf_token": page.csrf(), "message": PRIVATE})
    assert sent.status == 303 and world.chat.sent[-1][1] == PRIVATE
    lines = request_lines(caplog)
    assert [(m["method"], m["route"], m["status"]) for m in lines] == [("GET", "/", "200"),
                                                                      ("POST", "/", "303")]
    assert lines[0]["id"] != lines[1]["id"]
    assert sent.headers.get("x-request-id") == lines[1]["id"]
    assert_nothing_private(caplog)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_widget_api_logs_its_route_and_no_body(world: World, caplog: pytest.LogCaptureFixture) -> None:
    client = world.client()
    caplog.set_level(logging.INFO)
    answer = client.post("/chat/api/message", json={"text": PRIVATE, "key": "log-test-0001"},
                         headers={"origin": OWN})
    assert answer.status == 200
    (line,) = request_lines(caplog)
    assert (line["method"], line["route"], line["status"]) == ("POST", "/chat/api/message", "200")
    assert_nothing_private(caplog)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("path", ["/0701234567?mamma=Greta", "/?q=19450312-1234&namn=Greta",
                                  "/personal/arenden/19450312?q=1234567"])
def test_a_path_and_query_are_never_logged_as_sent(world: World, caplog: pytest.LogCaptureFixture,
                                                   path: str) -> None:
    caplog.set_level(logging.INFO)
    world.client().get(path)
    (line,) = request_lines(caplog)
    assert line["route"] in ("<no-route>", "/", "/personal/arenden/<reference:str>")
    assert_nothing_private(caplog)


def test_a_proxy_request_id_is_kept_and_anything_else_replaced(world: World,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    client = world.client()
    caplog.set_level(logging.INFO)
    kept = client.get("/health", headers={"x-request-id": "proxy-req-42abc"})
    replaced = client.get("/health", headers={"x-request-id": "Greta 070-123 45 67"})
    ids = [m["id"] for m in request_lines(caplog)]
    assert ids[0] == "proxy-req-42abc" == kept.headers.get("x-request-id")
    assert re.fullmatch(r"[0-9a-f]{16}", ids[1]) and replaced.headers.get("x-request-id") == ids[1]
    assert_nothing_private(caplog)


def test_an_unhandled_error_names_the_request_and_route(world: World, caplog: pytest.LogCaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(sender_id: str, message: str) -> list[ChatLine]:
        raise RuntimeError("the stand-in broke")

    monkeypatch.setattr(world.chat, "send", broken)
    client = world.client()
    caplog.set_level(logging.INFO)
    page = client.get("/")
    failed: Any = client.post("/", data={"csrf_token": page.csrf(), "message": PRIVATE})
    assert failed.status == 500
    request_id = failed.headers.get("x-request-id")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and f"request {request_id} POST /" in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert request_lines(caplog)[-1]["status"] == "500"
    assert_nothing_private(caplog)
