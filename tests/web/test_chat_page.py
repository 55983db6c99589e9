"""The public chat page: relays to Rasa, one conversation per browser, escaped, no JavaScript."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.web.chat import ChatLine, RasaChat, lines_from_events
from tests.web.conftest import World


def send(client: Any, message: str) -> Any:
    page = client.get("/")
    return client.post("/", data={"csrf_token": page.csrf(), "message": message})


def test_message_is_relayed_and_the_conversation_shown(world: World) -> None:
    client = world.client()
    response = send(client, "Hej, jag tar hand om min mamma")
    assert response.status == 303 and response.location == "/#senaste"
    page = client.get("/")
    assert "Hej, jag tar hand om min mamma" in page.text
    assert "Hej! Vem hjälper du?" in page.text
    # Reply buttons are plain submit buttons carrying the payload.
    assert 'name="message" value="/inform{&#34;relation&#34;:&#34;parent&#34;}"' in page.text
    assert "<script" not in page.text


def test_each_browser_has_its_own_conversation(world: World) -> None:
    first, second = world.client(), world.client()
    send(first, "ett")
    send(second, "två")
    senders = {sender for sender, _ in world.chat.sent}
    assert len(senders) == 2
    assert all(s.startswith("web-") and len(s) == 36 for s in senders)
    assert "två" not in first.get("/").text
    # The sender id is derived, not the cookie itself.
    assert first.cookies["anhorig_besok"] not in senders


def test_restart_starts_a_new_conversation(world: World) -> None:
    client = world.client()
    send(client, "ett")
    page = client.get("/")
    response = client.post("/ny-chatt", data={"csrf_token": page.csrf()})
    assert response.status == 303
    assert "ett" not in client.get("/").text
    send(client, "två")
    assert len({sender for sender, _ in world.chat.sent}) == 2


def test_bot_and_user_text_is_escaped(world: World) -> None:
    client = world.client()
    send(client, "<script>alert(1)</script>")
    page = client.get("/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_rasa_down_gives_a_clear_message_with_phone_numbers(world: World) -> None:
    client = world.client()
    page = client.get("/")
    world.chat.down = True
    response = client.post("/", data={"csrf_token": page.csrf(), "message": "hej"})
    assert response.status == 503
    assert "Chatten fungerar inte just nu" in response.text
    assert "070-174 06 06" in response.text  # the anhörigkonsulent, example number in the profile
    assert "socialjouren på 070-174 06 05" in response.text
    assert "112" in response.text
    assert ">hej</textarea>" in response.text  # the message is kept for another try


def test_chat_post_needs_the_visitor_token(world: World) -> None:
    client = world.client()
    client.get("/")
    assert client.post("/", data={"message": "hej"}).status == 403
    assert world.chat.sent == []


@pytest.mark.parametrize("message,status", [("", 400), ("   ", 400), ("x" * 1001, 400)])
def test_empty_or_long_messages_are_refused(world: World, message: str, status: int) -> None:
    response = send(world.client(), message)
    assert response.status == status
    assert world.chat.sent == []


def test_page_works_without_javascript_and_has_landmarks(world: World) -> None:
    text = world.client().get("/").text
    assert '<html lang="sv">' in text
    assert '<a class="skip" href="#innehall">Hoppa till innehållet</a>' in text
    assert '<main id="innehall"' in text
    assert '<label for="message">Ditt meddelande</label>' in text
    assert "<script" not in text


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
    assert seen[0] == ("POST", "/webhooks/rest/webhook", {"sender": "web-1", "message": "hej"})
    assert seen[1][:2] == ("GET", "/conversations/web-1/tracker")


def test_rasa_client_reports_an_unreachable_server() -> None:
    from bot.web.chat import ChatUnavailable

    chat = RasaChat("http://127.0.0.1:9", timeout=2)  # the discard port: nothing listens
    with pytest.raises(ChatUnavailable):
        asyncio.run(chat.send("web-1", "hej"))
    with pytest.raises(ChatUnavailable):
        asyncio.run(chat.history("web-1"))


def test_conversation_that_cannot_be_read_says_so(world: World) -> None:
    client = world.client()
    send(client, "hej")
    world.chat.down = True
    page = client.get("/")
    assert page.status == 200
    assert "Chatten fungerar inte just nu" in page.text
