"""The widget's JSON API: idempotent messages, one conversation per browser, origins, errors as JSON."""

from __future__ import annotations

import asyncio
import json as jsonlib
import sqlite3
from pathlib import Path
from typing import Any, Optional

import pytest
from sqlalchemy import func, select

from bot.storage.models import ChatReply
from bot.web import widget_api
from bot.web.chat import ChatLine
from tests.web.conftest import Client, FakeChat, Response, World

OWN = "http://mockserver:1234"  # the test client's host
SITE = "https://www.ekero.se"  # Ekerö's allowed site (widget.allowed_origins)
UNIT_PHONE = "070-174 06 06"  # Ekerö's anhörigkonsulent (an example number)
SOCIALJOUR = "070-174 06 05"


def post(client: Client, path: str, body: Any = None, *, origin: Optional[str] = OWN,
         headers: Optional[dict[str, str]] = None) -> Response:
    sent = {"origin": origin} if origin else {}
    sent.update(headers or {})
    return client.post(path, json={} if body is None else body, headers=sent)


def say(client: Client, text: str, key: str = "key-0001", **kwargs: Any) -> Response:
    return post(client, "/chat/api/message", {"text": text, "key": key}, **kwargs)


def count_replies(world: World) -> int:
    with world.session_factory() as session:
        return int(session.execute(select(func.count()).select_from(ChatReply)).scalar_one())


def is_json(response: Response) -> bool:
    return response.headers.get("content-type", "").startswith("application/json")


# ---------------------------------------------------------------- messages


def test_a_message_is_answered_and_the_page_shows_the_same_conversation(world: World) -> None:
    client = world.client()
    response = say(client, "  Jag tar hand om min mamma  ", key="k-first-1")
    assert response.status == 200
    body = response.json()
    assert body["key"] == "k-first-1"
    assert body["messages"] == [{
        "text": "Hej! Vem hjälper du?",
        "buttons": [{"title": "Min mamma", "payload": '/inform{"relation":"parent"}'}],
        "lang": "",
    }]
    assert body["session"] == {"expires_in": 1800}
    assert [text for _, text in world.chat.sent] == ["Jag tar hand om min mamma"]
    cookie = next(c for c in response.set_cookies if c.startswith("anhorig_besok="))
    assert "max-age=1800" in cookie.lower() and "httponly" in cookie.lower()
    # The page / and the widget share the conversation of the browser.
    assert "Jag tar hand om min mamma" in client.get("/").text
    history = client.get("/chat/api/history").json()
    assert [m["sender"] for m in history["messages"]] == ["user", "bot"]
    assert history["messages"][1]["buttons"][0]["title"] == "Min mamma"


def test_an_offered_button_payload_is_sent_as_it_is(world: World) -> None:
    client = world.client()
    say(client, "hej", key="button-00")  # the bot answers with the button "Min mamma"
    say(client, '/inform{"relation":"parent"}', key="button-01")
    assert world.chat.sent[-1][1] == '/inform{"relation":"parent"}'


def test_a_bot_message_in_another_language_carries_its_lang(world: World) -> None:
    world.chat.reply = ChatLine("bot", "This chat is in Swedish.", lang="en")
    body = say(world.client(), "hello").json()
    assert body["messages"][0]["lang"] == "en"


# ---------------------------------------------------------------- idempotency


def test_the_same_key_twice_is_sent_to_rasa_once_with_the_same_answer(world: World) -> None:
    client = world.client()
    first = say(client, "hej", key="retry-key-1")
    second = say(client, "hej", key="retry-key-1")
    assert first.status == second.status == 200
    assert first.json() == second.json()
    assert len(world.chat.sent) == 1
    third = say(client, "hej", key="retry-key-2")
    assert third.status == 200 and len(world.chat.sent) == 2


def test_a_key_reused_with_another_text_is_refused(world: World) -> None:
    client = world.client()
    say(client, "hej", key="reused-key")
    response = say(client, "något annat", key="reused-key")
    assert response.status == 409
    assert response.json()["error"] == "key_reused"
    assert "Ladda om sidan" in response.json()["message"]
    assert len(world.chat.sent) == 1


def test_keys_belong_to_their_visitor(world: World) -> None:
    first, second = world.client(), world.client()
    say(first, "hej", key="shared-key")
    response = say(second, "annan text", key="shared-key")
    assert response.status == 200
    assert len({sender for sender, _ in world.chat.sent}) == 2


class SlowChat(FakeChat):
    """Answers after a pause, so that a second request comes while the first one waits."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def send(self, sender_id: str, message: str,
                   metadata: Optional[dict[str, str]] = None) -> list[ChatLine]:
        await asyncio.sleep(self.delay)
        return await super().send(sender_id, message, metadata)


def test_two_requests_with_one_key_at_once_are_processed_once(world: World) -> None:
    world.chat = SlowChat(0.5)
    client = world.client()
    say(client, "hej", key="warm-up-1")  # the visitor cookie
    app, cookies = client.app, dict(client.cookies)
    request = {"json": {"text": "samtidigt", "key": "same-time"}, "cookies": cookies,
               "headers": {"origin": OWN}}

    async def both() -> list[Any]:
        return [raw for _, raw in await asyncio.gather(
            app.asgi_client.post("/chat/api/message", **request),
            app.asgi_client.post("/chat/api/message", **request),
        )]

    answers = asyncio.run(both())
    assert sorted(a.status for a in answers) == [200, 409]
    busy = next(a for a in answers if a.status == 409)
    assert jsonlib.loads(busy.text)["error"] == "in_progress"
    assert busy.headers["retry-after"] == "1"
    assert [text for _, text in world.chat.sent].count("samtidigt") == 1
    # The retry gets the stored answer.
    again = say(client, "samtidigt", key="same-time")
    assert again.status == 200 and again.json()["messages"][0]["text"] == "Hej! Vem hjälper du?"
    assert [text for _, text in world.chat.sent].count("samtidigt") == 1


# ---------------------------------------------------------------- when Rasa cannot answer


def assert_fallback(fallback: dict[str, Any]) -> None:
    assert fallback["emergency"] == "112"
    assert fallback["unit"] == {"role": "anhörigkonsulenten", "phone": UNIT_PHONE, "example": True}
    assert fallback["socialjour"]["phone"] == SOCIALJOUR
    phones = {line["phone"] for line in fallback["lines"]}
    assert {"90101", "1177", "116 111"} <= phones
    assert "112" not in phones


def test_rasa_down_gives_503_with_the_numbers_and_a_retry_is_sent_again(world: World) -> None:
    client = world.client()
    world.chat.down = True
    response = say(client, "hej", key="down-key-1")
    assert response.status == 503
    body = response.json()
    assert body["error"] == "unavailable"
    assert "Chatten fungerar inte just nu" in body["message"]
    assert f"{UNIT_PHONE} (exempelnummer)" in body["message"] and "112" in body["message"]
    assert_fallback(body["fallback"])
    world.chat.down = False
    again = say(client, "hej", key="down-key-1")
    assert again.status == 200 and len(world.chat.sent) == 1


def test_rasa_too_slow_counts_as_down(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(widget_api, "SEND_TIMEOUT_SECONDS", 0.05)
    world.chat = SlowChat(1.0)
    response = say(world.client(), "hej")
    assert response.status == 503 and response.json()["error"] == "unavailable"
    assert count_replies(world) == 0


def test_without_the_database_nothing_is_sent_and_the_numbers_are_given(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.storage.unit_of_work import StorageUnavailable
    from bot.web import chat_replies

    def down(*args: Any, **kwargs: Any) -> None:
        raise StorageUnavailable("test")

    monkeypatch.setattr(chat_replies, "claim", down)
    response = say(world.client(), "hej")
    assert response.status == 503 and response.json()["error"] == "unavailable"
    assert_fallback(response.json()["fallback"])
    assert world.chat.sent == []


def test_an_answer_that_cannot_be_stored_is_still_given(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.storage.unit_of_work import StorageUnavailable
    from bot.web import chat_replies

    def down(*args: Any, **kwargs: Any) -> None:
        raise StorageUnavailable("test")

    monkeypatch.setattr(chat_replies, "finish", down)
    response = say(world.client(), "hej")
    assert response.status == 200
    assert response.json()["messages"][0]["text"] == "Hej! Vem hjälper du?"


class SilentChat(FakeChat):
    async def send(self, sender_id: str, message: str,
                   metadata: Optional[dict[str, str]] = None) -> list[ChatLine]:
        self.sent.append((sender_id, message))
        return []


def test_an_empty_reply_is_never_silence_and_is_stored(world: World) -> None:
    world.chat = SilentChat()
    client = world.client()
    response = say(client, "hmm", key="empty-key-1")
    assert response.status == 200
    body = response.json()
    assert body["messages"] == [] and body["error"] == "empty"
    assert "Jag har inget svar" in body["message"] and UNIT_PHONE in body["message"]
    assert_fallback(body["fallback"])
    assert say(client, "hmm", key="empty-key-1").json() == body
    assert len(world.chat.sent) == 1


def test_history_when_rasa_is_down_gives_the_numbers(world: World) -> None:
    client = world.client()
    say(client, "hej")
    world.chat.down = True
    response = client.get("/chat/api/history")
    assert response.status == 503
    assert_fallback(response.json()["fallback"])


# ---------------------------------------------------------------- one conversation per browser


def test_history_without_a_cookie_is_empty_and_sets_none(world: World) -> None:
    response = world.client().get("/chat/api/history")
    assert response.status == 200
    assert response.json() == {"messages": [], "session": {"expires_in": 0}}
    assert response.set_cookies == []


def test_a_visitor_never_sees_another_visitors_conversation(world: World) -> None:
    first, second = world.client(), world.client()
    say(first, "hemligt för A", key="a-key-001")
    say(second, "B skriver", key="b-key-001")
    texts = [m["text"] for m in second.get("/chat/api/history").json()["messages"]]
    assert "hemligt för A" not in texts and "B skriver" in texts
    # A sender id in the body is not taken from the client.
    a_sender = world.chat.sent[0][0]
    post(second, "/chat/api/message", {"text": "intrång", "key": "b-key-002", "sender": a_sender,
                                       "sender_id": a_sender})
    assert ("intrång" not in [m["text"] for m in first.get("/chat/api/history").json()["messages"]])
    assert world.chat.sent[-1][0] != a_sender


# ---------------------------------------------------------------- origins and CORS


def test_another_site_is_refused(world: World) -> None:
    client = world.client()
    response = say(client, "hej", origin="https://evil.example")
    assert response.status == 403 and response.json()["error"] == "origin"
    assert "access-control-allow-origin" not in response.headers
    assert world.chat.sent == []
    assert client.get("/chat/api/history", headers={"origin": "https://evil.example"}).status == 403
    assert say(client, "hej", origin="null").status == 403


def test_a_post_without_origin_is_judged_by_its_referer(world: World) -> None:
    client = world.client()
    assert say(client, "hej", origin=None).status == 403
    refused = say(client, "hej", origin=None, headers={"referer": "https://evil.example/sida"})
    assert refused.status == 403
    allowed = say(client, "hej", origin=None, headers={"referer": f"{SITE}/omsorg/anhoriga"})
    assert allowed.status == 200
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert world.chat.sent and len(world.chat.sent) == 1


def test_a_get_without_origin_is_served(world: World) -> None:
    assert world.client().get("/chat/api/config").status == 200


def test_the_allowed_site_gets_cors_with_credentials(world: World) -> None:
    client = world.client()
    response = say(client, "hej", origin=SITE)
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == SITE
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in response.headers["vary"]
    same = say(client, "hej igen", key="key-0002")
    assert "access-control-allow-origin" not in same.headers
    # Errors carry CORS too, so the widget can read them.
    missing = client.get("/chat/api/nothing-here", headers={"origin": SITE})
    assert missing.status == 404 and missing.headers["access-control-allow-origin"] == SITE


def test_the_preflight(world: World) -> None:
    client = world.client()
    response = client.request("OPTIONS", "/chat/api/message", headers={
        "origin": SITE, "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert response.status == 204
    assert response.headers["access-control-allow-origin"] == SITE
    assert "POST" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-allow-headers"].lower() == "content-type"
    refused = client.request("OPTIONS", "/chat/api/end", headers={"origin": "https://evil.example"})
    assert refused.status == 403 and "access-control-allow-origin" not in refused.headers


# ---------------------------------------------------------------- bad input is answered in JSON


def raw_post(client: Client, content: bytes, content_type: str = "application/json") -> Response:
    return client.post("/chat/api/message", content=content,
                       headers={"origin": OWN, "content-type": content_type})


def test_a_post_must_be_json(world: World) -> None:
    client = world.client()
    form = client.post("/chat/api/message", data={"text": "hej", "key": "key-0001"},
                       headers={"origin": OWN})
    assert form.status == 415 and form.json()["error"] == "content_type"
    plain = raw_post(client, b'{"text": "hej", "key": "key-0001"}', "text/plain")
    assert plain.status == 415
    with_charset = raw_post(client, b'{"text": "hej", "key": "key-0001"}',
                            "application/json; charset=utf-8")
    assert with_charset.status == 200
    assert len(world.chat.sent) == 1


@pytest.mark.parametrize("content", [b"{", b"not json", b"[1, 2]", b'"hej"', b"\xff\xfe", b""])
def test_malformed_json_is_400_in_swedish(world: World, content: bytes) -> None:
    response = raw_post(world.client(), content)
    assert response.status == 400 and is_json(response)
    assert response.json()["error"] == "invalid_json"
    assert "Meddelandet gick inte att läsa" in response.json()["message"]


@pytest.mark.parametrize("body,code,field", [
    ({"key": "key-0001"}, "invalid_input", "text"),
    ({"text": 5, "key": "key-0001"}, "invalid_input", "text"),
    ({"text": ["hej"], "key": "key-0001"}, "invalid_input", "text"),
    ({"text": "hej"}, "invalid_input", "key"),
    ({"text": "hej", "key": 12345678}, "invalid_input", "key"),
    ({"text": "hej", "key": "short"}, "invalid_key", "key"),
    ({"text": "hej", "key": "has spaces in it"}, "invalid_key", "key"),
    ({"text": "hej", "key": "x" * 65}, "invalid_key", "key"),
    ({"text": "   ", "key": "key-0001"}, "text_empty", "text"),
    ({"text": "x" * 1001, "key": "key-0001"}, "text_too_long", "text"),
])
def test_wrong_fields_are_400(world: World, body: dict[str, Any], code: str, field: str) -> None:
    response = post(world.client(), "/chat/api/message", body)
    assert response.status == 400
    assert response.json()["error"] == code and response.json()["field"] == field
    assert response.json()["message"]
    assert world.chat.sent == []


def test_a_message_of_the_longest_length_is_taken(world: World) -> None:
    assert say(world.client(), "x" * 1000).status == 200


def live_post(base: str, path: str, content: bytes) -> tuple[int, Any]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base + path, data=content, method="POST", headers={
        "Content-Type": "application/json", "Origin": base})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, jsonlib.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, jsonlib.loads(error.read())


def test_the_running_app_answers_an_oversized_body_and_a_missing_rasa_in_json(
    web_server: Any,
) -> None:
    """The request size limit holds in the real server only (not under the ASGI test client)."""
    live = web_server()
    status, body = live_post(live.base, "/chat/api/message",
                             b'{"text": "' + b"x" * 300_000 + b'", "key": "key-0001"}')
    assert status == 413 and body["error"] == "too_large"
    status, body = live_post(live.base, "/chat/api/message", b'{"text": "hej", "key": "key-0001"}')
    assert status == 503 and body["error"] == "unavailable"  # no Rasa behind this server
    assert body["fallback"]["emergency"] == "112"


def test_unknown_addresses_and_methods_are_json(world: World) -> None:
    client = world.client()
    missing = client.get("/chat/api/finns-inte")
    assert missing.status == 404 and is_json(missing) and missing.json()["error"] == "not_found"
    wrong = client.get("/chat/api/message")
    assert wrong.status == 405 and is_json(wrong)
    assert wrong.json()["error"] == "method_not_allowed"


# ---------------------------------------------------------------- end and delete


def save_conversation(path: Path, sender: str) -> None:
    """Rows of a conversation as Rasa's own SQLTrackerStore writes them."""
    from tests.bot.storage.test_tracker_store import saved

    saved(path, sender)


def tracker_rows(path: Path, sender: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0])


def tracker_path(world: World) -> Path:
    return Path(world.tracker_store_url.removeprefix("sqlite:///"))


def test_end_deletes_the_conversation_and_forgets_the_visitor(world: World) -> None:
    client, other = world.client(), world.client()
    say(client, "hej", key="end-key-01")
    say(other, "jag stannar", key="end-key-02")
    sender, other_sender = world.chat.sent[0][0], world.chat.sent[1][0]
    path = tracker_path(world)
    save_conversation(path, sender)
    save_conversation(path, other_sender)
    assert tracker_rows(path, sender) > 0 and count_replies(world) == 2

    response = post(client, "/chat/api/end")
    assert response.status == 200
    body = response.json()
    assert body["deleted"] is True
    assert any("återuppringning" in sentence and "ärendenummer" in sentence
               for sentence in body["kept"])
    assert tracker_rows(path, sender) == 0
    assert tracker_rows(path, other_sender) > 0
    assert count_replies(world) == 1  # the other visitor's answer stays
    assert "anhorig_besok" not in client.cookies  # the cookie is cleared
    assert client.get("/chat/api/history").json()["messages"] == []
    say(client, "ny början", key="end-key-01")  # the same key: a new visitor, a new message
    assert world.chat.sent[-1][0] not in (sender, other_sender)
    assert [text for _, text in world.chat.sent].count("hej") == 1


def test_end_without_a_conversation_answers_the_same(world: World) -> None:
    response = post(world.client(), "/chat/api/end")
    assert response.status == 200 and response.json()["deleted"] is True
    assert not tracker_path(world).exists()


def test_end_says_so_when_the_tracker_store_cannot_delete(world: World, tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)
    client = world.client(ANHORIG_TRACKER_STORE_URL=f"sqlite:///{broken}")
    say(client, "hej")
    response = post(client, "/chat/api/end")
    assert response.status == 503
    assert response.json()["deleted"] is False and response.json()["error"] == "unavailable"
    assert "anhorig_besok" in client.cookies  # kept, so the relative can try again
    assert count_replies(world) == 1


# ---------------------------------------------------------------- session and config


def test_extend_sets_the_cookie_again_with_the_idle_timeout(world: World) -> None:
    client = world.client(ANHORIG_CHAT_IDLE_MINUTES="5")
    assert post(client, "/chat/api/extend").json() == {"session": {"expires_in": 0}}
    assert say(client, "hej").json()["session"] == {"expires_in": 300}
    response = post(client, "/chat/api/extend")
    assert response.json() == {"session": {"expires_in": 300}}
    cookie = next(c for c in response.set_cookies if c.startswith("anhorig_besok="))
    assert "max-age=300" in cookie.lower()
    assert post(client, "/chat/api/extend", headers={"content-type": "text/plain"}).status == 415


def test_config_gives_the_theme_and_the_numbers(world: World) -> None:
    body = world.client().get("/chat/api/config").json()
    assert body["name"] == "Ekerö kommun"
    assert body["title"] == "Anhöriglotsen – Ekerö kommun"
    assert body["colors"] == {"primary": "#00508a", "primary_text": "#ffffff",
                              "background": "#ffffff", "text": "#1b1b1b", "accent": "#b15900"}
    assert body["logo"] is None
    assert body["privacy_url"] == "/personuppgifter"  # the web app's notice (test_widget_pages.py)
    assert body["phone"] == {"role": "anhörigkonsulenten", "phone": UNIT_PHONE, "example": True}
    assert body["emergency"] == "112"
    assert "90101" in {line["phone"] for line in body["lines"]}
    assert body["session_minutes"] == 30 and body["max_chars"] == 1000
    assert_fallback(body["fallback"])
    assert body["fallback"]["unit"] == body["phone"]


def test_config_of_a_themed_profile(world: World) -> None:
    from bot.knowledge.widget import WidgetTheme

    theme = WidgetTheme.parse_obj({"logo": "logos/kommun.svg", "colors": {"primary": "#1d5e31"},
                                   "privacy_url": "https://www.ekero.se/personuppgifter"})
    world.profile = world.profile.copy(update={"widget": theme})
    body = world.client().get("/chat/api/config").json()
    assert body["logo"] == "/static/logos/kommun.svg"
    assert body["colors"]["primary"] == "#1d5e31"
    assert body["privacy_url"] == "https://www.ekero.se/personuppgifter"

