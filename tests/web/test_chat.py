"""The link to Rasa: tracker events as chat lines, the REST channel and tracker API, Rasa down."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.web.chat import ChatLine, RasaChat, lines_from_events, lines_from_replies


def test_tracker_events_become_lines_with_button_titles() -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hej"},
        {"event": "bot", "text": "Vem hjälper du?",
         "data": {"buttons": [{"title": "Min mamma", "payload": "/inform"}]}},
        {"event": "user", "text": "/inform"},
        {"event": "bot", "text": None, "data": {}},
    ]
    lines = lines_from_events(events)
    assert [(line.sender, line.text) for line in lines] == [
        ("user", "hej"), ("bot", "Vem hjälper du?"), ("user", "Min mamma")]
    assert lines[1].buttons[0].payload == "/inform"


def test_rasa_client_talks_to_the_rest_channel_and_tracker(monkeypatch: pytest.MonkeyPatch) -> None:
    """RasaChat against a stub transport: the URLs and JSON it uses."""
    import httpx

    seen: list[tuple[str, str, Any]] = []

    class Transport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, method, url, headers, stream, extensions):  # type: ignore[no-untyped-def]
            body = b"".join([part async for part in stream])
            path = url[3].decode()
            seen.append((method.decode(), path, json.loads(body) if body else None))
            if path.endswith("/webhook"):
                payload = [{"recipient_id": "x", "text": "Hej!"}]
            else:
                payload = {"events": [{"event": "user", "text": "hej"},
                                      {"event": "bot", "text": "Hej!"}]}
            data = json.dumps(payload).encode()
            return 200, [(b"content-type", b"application/json")], httpx.ByteStream(data), {}

    real = httpx.AsyncClient
    monkeypatch.setattr(httpx, "AsyncClient",
                        lambda **kw: real(transport=Transport(), **kw))
    chat = RasaChat("http://127.0.0.1:5005")
    assert asyncio.run(chat.send("web-1", "hej")) == [ChatLine("bot", "Hej!")]
    assert [line.text for line in asyncio.run(chat.history("web-1"))] == ["hej", "Hej!"]
    assert seen[0] == ("POST", "/webhooks/rest/webhook", {"sender": "web-1", "message": "hej",
                                                         "metadata": {}})
    assert seen[1][:2] == ("GET", "/conversations/web-1/tracker")


def test_rasa_client_reports_an_unreachable_server() -> None:
    from bot.web.chat import ChatUnavailable

    chat = RasaChat("http://127.0.0.1:9", timeout=2)  # the discard port: nothing listens
    with pytest.raises(ChatUnavailable):
        asyncio.run(chat.send("web-1", "hej"))
    with pytest.raises(ChatUnavailable):
        asyncio.run(chat.history("web-1"))


def test_a_custom_lang_payload_marks_the_text_before_it() -> None:
    """The REST channel sends ``json_message`` as its own entry right after the text."""
    replies = [
        {"recipient_id": "x", "text": "This chat service is only in Swedish."},
        {"recipient_id": "x", "custom": {"lang": "en"}},
        {"recipient_id": "x", "text": "Hej!"},
    ]
    assert lines_from_replies(replies) == [
        ChatLine("bot", "This chat service is only in Swedish.", lang="en"),
        ChatLine("bot", "Hej!"),
    ]


@pytest.mark.parametrize("custom", [{"lang": "en\" onload=\"x"}, {"lang": 3}, {}, "en", None])
def test_only_a_plain_language_tag_is_taken(custom: Any) -> None:
    replies = [{"text": "Hello"}, {"custom": custom}]
    assert lines_from_replies(replies) == [ChatLine("bot", "Hello")]


def test_a_lang_payload_with_nothing_before_it_is_dropped() -> None:
    assert lines_from_replies([{"custom": {"lang": "en"}}]) == []


def test_tracker_bot_events_keep_their_lang() -> None:
    events = [
        {"event": "user", "text": "hello"},
        {"event": "bot", "text": "This chat service is only in Swedish.",
         "data": {"custom": {"lang": "en"}}},
    ]
    assert lines_from_events(events)[1].lang == "en"
