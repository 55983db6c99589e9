"""Bad input gets a clear Swedish answer, never a crash; payloads only from offered buttons;
rate limits on the chat; staff sign-in limits, common passwords and expiring API tokens."""

from __future__ import annotations

import html
import threading
from datetime import timedelta
from typing import Any, Callable, Optional

import pytest
from argon2 import PasswordHasher

from bot.staff import accounts
from bot.staff.accounts import AccountError, SignInFailed
from bot.texts import limits as limit_texts
from bot.texts import web as web_texts
from bot.texts import widget as widget_texts
from bot.web.bodies import REQUEST_MAX_SIZE
from tests.web.conftest import NOW, PASSWORD, Client, Response, World

OWN = "http://mockserver:1234"  # the test client's host
BIG = b"x" * (REQUEST_MAX_SIZE + 1)
FORM = "application/x-www-form-urlencoded"


def page_send(client: Client, message: str) -> Response:
    token = client.get("/").csrf()
    return client.post("/", data={"csrf_token": token, "message": message})


def widget_send(client: Client, text: Any, key: str = "key-0001") -> Response:
    return client.post("/chat/api/message", json={"text": text, "key": key},
                       headers={"origin": OWN})


def raw(client: Client, path: str, content: bytes, content_type: str,
        headers: Optional[dict[str, str]] = None) -> Response:
    return client.post(path, content=content,
                       headers={"content-type": content_type, "origin": OWN, **(headers or {})})


# ---------------------------------------------------------------- bad input, every public endpoint


def csrf_form(client: Client, message: str) -> bytes:
    from urllib.parse import urlencode

    token = client.get("/").csrf()
    return urlencode({"csrf_token": token, "message": message}).encode()


PAGE_CASES: dict[str, tuple[Callable[[Client], Response], int, str]] = {
    "empty": (lambda c: page_send(c, ""), 400, web_texts.CHAT_EMPTY),
    "blank": (lambda c: page_send(c, "  \n\t "), 400, web_texts.CHAT_EMPTY),
    "only control characters": (lambda c: page_send(c, "\x00\x01\x1b\x7f\x85"), 400,
                                web_texts.CHAT_EMPTY),
    "only a slash": (lambda c: page_send(c, "/"), 400, web_texts.CHAT_EMPTY),
    "over-long": (lambda c: page_send(c, "å" * 1001), 400, web_texts.chat_too_long(1000)),
    "json instead of a form": (lambda c: raw(c, "/", b'{"message": "hej"}', "application/json"),
                               415, limit_texts.FORM_CONTENT_TYPE.message),
    "plain text instead of a form": (lambda c: raw(c, "/", csrf_form(c, "hej"), "text/plain"),
                                     415, limit_texts.FORM_CONTENT_TYPE.message),
    "oversized body": (lambda c: raw(c, "/", BIG, FORM), 413, web_texts.TOO_LARGE.message),
}

WIDGET_CASES: dict[str, tuple[Callable[[Client], Response], int, str]] = {
    "empty": (lambda c: widget_send(c, ""), 400, widget_texts.TEXT_EMPTY),
    "only control characters": (lambda c: widget_send(c, "\x00\x08\x9f"), 400,
                                widget_texts.TEXT_EMPTY),
    "only slashes": (lambda c: widget_send(c, "//"), 400, widget_texts.TEXT_EMPTY),
    "over-long": (lambda c: widget_send(c, "😀" * 1001), 400, widget_texts.text_too_long(1000)),
    "not a string": (lambda c: widget_send(c, {"$ne": ""}), 400, widget_texts.INVALID_INPUT),
    "malformed json": (lambda c: raw(c, "/chat/api/message", b'{"text": "hej",', "application/json"),
                       400, widget_texts.INVALID_JSON),
    "json that is not an object": (lambda c: raw(c, "/chat/api/message", b'["hej"]',
                                                 "application/json"), 400, widget_texts.INVALID_JSON),
    "a form instead of json": (lambda c: raw(c, "/chat/api/message", b"text=hej", FORM), 415,
                               widget_texts.CONTENT_TYPE),
    "oversized body": (lambda c: raw(c, "/chat/api/message", BIG, "application/json"), 413,
                       widget_texts.TOO_LARGE),
}


def api_cases(world: World) -> dict[str, tuple[Callable[[Client], Response], int, str]]:
    auth = {"Authorization": f"Bearer {world.tokens['samordnare']}"}
    path = f"/api/v1/cases/{world.refs['A']}/take"
    return {
        "malformed json": (lambda c: raw(c, path, b'{"version": ', "application/json", auth),
                           400, limit_texts.API_INVALID_JSON),
        "json that is not an object": (lambda c: raw(c, path, b"[1]", "application/json", auth),
                                       400, limit_texts.API_INVALID_JSON),
        "a form instead of json": (lambda c: raw(c, path, b"version=1", FORM, auth), 415,
                                   limit_texts.API_CONTENT_TYPE),
        "no content type": (lambda c: c.post(path, content=b'{"version": 1}', headers=auth), 415,
                            limit_texts.API_CONTENT_TYPE),
        "oversized body": (lambda c: raw(c, path, BIG, "application/json", auth), 413,
                           limit_texts.API_TOO_LARGE),
    }


@pytest.mark.parametrize("case", sorted(PAGE_CASES))
def test_bad_input_on_the_chat_page_is_a_swedish_4xx(world: World, case: str) -> None:
    send, status, message = PAGE_CASES[case]
    response = send(world.client())
    assert response.status == status
    assert html.escape(message, quote=True) in response.text or message in response.text
    assert world.chat.sent == []


@pytest.mark.parametrize("case", sorted(WIDGET_CASES))
def test_bad_input_on_the_widget_api_is_a_swedish_4xx(world: World, case: str) -> None:
    send, status, message = WIDGET_CASES[case]
    response = send(world.client())
    assert response.status == status
    assert response.json()["message"] == message
    assert world.chat.sent == []


@pytest.mark.parametrize("case", ["malformed json", "json that is not an object",
                                  "a form instead of json", "no content type", "oversized body"])
def test_bad_input_on_the_json_api_is_a_swedish_4xx(world: World, case: str) -> None:
    send, status, message = api_cases(world)[case]
    response = send(world.client())
    assert response.status == status
    assert response.json()["error"]["message"] == message


@pytest.mark.parametrize("content_type, body, status", [
    ("application/json", b'{"username": "samordnare"}', 415),
    ("text/plain", b"username=samordnare", 415),
    (FORM, BIG, 413),
])
def test_bad_input_on_the_staff_forms_is_a_swedish_4xx(
    world: World, content_type: str, body: bytes, status: int,
) -> None:
    response = raw(world.client(), "/personal/logga-in", body, content_type)
    assert response.status == status
    expected = limit_texts.FORM_CONTENT_TYPE if status == 415 else web_texts.TOO_LARGE
    assert expected.title in response.text


@pytest.mark.parametrize("text", [
    "Hej 😀👍🏽 jag är trött 💔",
    "<script>alert('x')</script><b>fet</b>",
    "'; DROP TABLE cases; -- OR 1=1",
    "Rad ett\nrad två\ttabb",
])
def test_odd_but_harmless_text_is_relayed_as_it_is_and_shown_escaped(world: World, text: str) -> None:
    client = world.client()
    assert page_send(client, text).status == 303
    assert world.chat.sent[-1][1] == text
    page = client.get("/").text
    assert "<script>alert" not in page
    assert widget_send(client, text).status == 200
    assert world.chat.sent[-1][1] == text


def test_control_characters_are_removed_before_rasa(world: World) -> None:
    client = world.client()
    page_send(client, "hej\x00 då\x1b[31m\r\nny rad\x9b")
    assert world.chat.sent[-1][1] == "hej då[31m\nny rad"
    widget_send(client, "\x00mamma\x07")
    assert world.chat.sent[-1][1] == "mamma"


# ---------------------------------------------------------------- payloads only from offered buttons


@pytest.mark.parametrize("typed, sent", [
    ("/request_callback", "request_callback"),
    ('/inform{"relation":"parent"}', 'inform{"relation":"parent"}'),
    ("//crisis", "crisis"),
])
def test_free_text_that_looks_like_a_payload_is_not_sent_as_one(
    world: World, typed: str, sent: str,
) -> None:
    client = world.client()
    page_send(client, typed)  # nothing offered yet
    assert world.chat.sent[-1][1] == sent
    widget_send(client, typed, key="key-0002")
    # The bot's last reply offers only "/inform{...}": other payloads stay text.
    expected = typed if typed == '/inform{"relation":"parent"}' else sent
    assert world.chat.sent[-1][1] == expected


def test_a_payload_of_an_offered_button_passes_on_the_page(world: World) -> None:
    client = world.client()
    page_send(client, "hej")
    page_send(client, '/inform{"relation":"parent"}')
    assert world.chat.sent[-1][1] == '/inform{"relation":"parent"}'
    page_send(client, "/request_callback")  # the reply offers only the "Min mamma" button
    assert world.chat.sent[-1][1] == "request_callback"


def test_the_address_travels_only_as_a_keyed_hash(world: World) -> None:
    client = world.client()
    page_send(client, "hej")
    widget_send(client, "hej igen")
    keys = [meta["address_key"] for meta in world.chat.metadata]
    assert len(keys) == 2 and keys[0] == keys[1] and len(keys[0]) == 64
    assert "127.0.0.1" not in keys[0]


# ---------------------------------------------------------------- chat rate limits


def test_chat_messages_are_limited_per_conversation(world: World) -> None:
    client = world.client(ANHORIG_CHAT_MESSAGES_PER_MINUTE="3")
    for index in range(3):
        assert page_send(client, f"meddelande {index}").status == 303
    refused = page_send(client, "ett till")
    assert refused.status == 429
    assert html.escape(limit_texts.CHAT_RATE_LIMITED) in refused.text
    assert int(refused.headers["retry-after"]) == 60
    assert "ett till" in refused.text  # the draft is kept
    widget = widget_send(client, "och i widgeten")
    assert widget.status == 429 and widget.json()["error"] == "rate_limited"
    assert widget.json()["message"] == limit_texts.CHAT_RATE_LIMITED
    assert len(world.chat.sent) == 3
    # Another conversation is not affected; after the window this one goes on.
    assert page_send(world.client(ANHORIG_CHAT_MESSAGES_PER_MINUTE="3"), "hej").status == 303
    world.clock.advance(seconds=61)
    assert page_send(client, "nu går det").status == 303


def test_chat_messages_are_limited_per_address(world: World) -> None:
    env = {"ANHORIG_CHAT_ADDRESS_MESSAGES_PER_MINUTE": "4"}
    app = world.app(**env)
    clients = [Client(app) for _ in range(5)]
    for client in clients[:4]:
        assert page_send(client, "hej").status == 303
    assert page_send(clients[4], "hej").status == 429
    assert widget_send(clients[4], "hej").status == 429
    world.clock.advance(minutes=1, seconds=1)
    assert widget_send(clients[4], "hej").status == 200


def test_the_widget_key_of_a_refused_message_can_be_sent_again(world: World) -> None:
    client = world.client(ANHORIG_CHAT_MESSAGES_PER_MINUTE="1")
    assert widget_send(client, "ett", key="key-aaaa").status == 200
    assert widget_send(client, "två", key="key-bbbb").status == 429
    world.clock.advance(seconds=61)
    assert widget_send(client, "två", key="key-bbbb").status == 200
    assert [text for _, text in world.chat.sent] == ["ett", "två"]


# ---------------------------------------------------------------- the idle timeout on page /


def test_the_page_says_when_an_idle_conversation_is_forgotten(world: World) -> None:
    client = world.client()
    assert "glömmer webbläsaren samtalet" not in client.get("/").text  # no conversation yet
    page_send(client, "hej")
    page = client.get("/")
    clears = (NOW + timedelta(minutes=30)).strftime("%H.%M")
    assert f"på 30 minuter glömmer webbläsaren samtalet, runt kl. {clears}" in page.text
    cookie = next(c for c in page.set_cookies if c.startswith("anhorig_besok="))
    assert "max-age=1800" in cookie.lower()
    short = world.client(ANHORIG_CHAT_IDLE_MINUTES="10")
    page_send(short, "hej")
    assert "på 10 minuter" in short.get("/").text


# ---------------------------------------------------------------- API tokens


def test_an_expired_token_is_401_with_its_own_message(world: World) -> None:
    client = world.client()
    auth = {"Authorization": f"Bearer {world.tokens['samordnare']}"}
    assert client.get("/api/v1/cases", headers=auth).status == 200
    world.clock.advance(days=accounts.TOKEN_LIFETIME.days, seconds=1)
    expired = client.get("/api/v1/cases", headers=auth)
    assert expired.status == 401
    assert expired.json()["error"] == {"code": "token_expired",
                                       "message": limit_texts.API_TOKEN_EXPIRED}
    assert "Bearer" in expired.headers["www-authenticate"]


def test_a_new_password_revokes_the_accounts_tokens(world: World) -> None:
    client = world.client()
    auth = {"Authorization": f"Bearer {world.tokens['samordnare']}"}
    other = {"Authorization": f"Bearer {world.tokens['kontakt.aldre']}"}
    assert client.get("/api/v1/cases", headers=auth).status == 200
    accounts.set_password(world.session_factory, "samordnare", "ett annat långt lösenord",
                          municipality="ekero", actor=accounts.Principal(
                              0, "admin", "admin", "ekero", None).actor("web"),
                          now=world.clock())
    refused = client.get("/api/v1/cases", headers=auth)
    assert refused.status == 401 and refused.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/cases", headers=other).status == 200
    listed = {t.username: t for t in accounts.list_api_tokens(world.session_factory, "ekero")
              if t.username == "samordnare" and t.revoked_at is None}
    assert listed == {}


# ---------------------------------------------------------------- sign-in limits


def login_from(world: World, address: str, username: str, password: str) -> Response:
    client = world.client(ANHORIG_WEB_PROXIES_COUNT="1")
    token = client.get("/personal/logga-in").csrf()
    return client.post("/personal/logga-in", headers={"X-Forwarded-For": address}, data={
        "csrf_token": token, "username": username, "password": password})


def test_a_lock_holds_for_the_account_and_address_pair_only(world: World) -> None:
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        assert login_from(world, "203.0.113.9", "samordnare", "fel lösenord helt").status == 401
    locked = login_from(world, "203.0.113.9", "samordnare", PASSWORD)
    assert locked.status == 429 and html.escape(web_texts.LOGIN_LOCKED) in locked.text
    # The staff member at another address is not locked out by the guesser.
    assert login_from(world, "198.51.100.20", "samordnare", PASSWORD).status == 303


def test_an_address_is_limited_across_accounts(world: World) -> None:
    for index in range(accounts.IP_MAX_FAILURES):
        login_from(world, "203.0.113.50", f"gissning{index}", "fel lösenord helt")
    assert login_from(world, "203.0.113.50", "samordnare", PASSWORD).status == 429
    assert login_from(world, "203.0.113.51", "samordnare", PASSWORD).status == 303


class CountingHasher(PasswordHasher):
    """A cheap hasher that counts password checks (and is slow enough to overlap)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.checks = 0
        self.lock = threading.Lock()

    def verify(self, hash: Any, password: Any) -> bool:  # noqa: A002 - argon2's name
        with self.lock:
            self.checks += 1
        return super().verify(hash, password)


def test_parallel_guesses_are_counted_before_any_password_is_checked(world: World) -> None:
    hasher = CountingHasher()
    accounts.set_password_hasher(hasher)
    outcomes: list[str] = []
    start = threading.Barrier(16)

    def guess() -> None:
        start.wait()
        try:
            accounts.sign_in(world.session_factory, "samordnare", "fel lösenord helt",
                             ip="203.0.113.77", municipality="ekero", now=world.clock(),
                             max_age=timedelta(hours=1))
        except SignInFailed as exc:
            outcomes.append(exc.reason)

    try:
        threads = [threading.Thread(target=guess) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        accounts.set_password_hasher(None)
    assert len(outcomes) == 16
    assert outcomes.count("invalid") == accounts.ACCOUNT_MAX_FAILURES
    assert hasher.checks == accounts.ACCOUNT_MAX_FAILURES


# ---------------------------------------------------------------- common passwords


@pytest.mark.parametrize("password", [
    "sommar2024!!", "Lösenord1234", "l0senord2025", "password1234", "qwertyuiop123",
    "123456789012", "Stockholm2024", "aik123456789", "hejhejhejhej", "P@ssw0rd2024",
])
def test_common_passwords_are_refused(world: World, password: str) -> None:
    with pytest.raises(AccountError) as refused:
        accounts.check_password_strength(password, "samordnare")
    assert refused.value.reason == "password_common"
    assert "för vanligt" in refused.value.message_sv
    with pytest.raises(AccountError):
        accounts.set_password(world.session_factory, "samordnare", password, municipality="ekero",
                              actor=accounts.Principal(0, "admin", "admin", "ekero", None)
                              .actor("web"), now=world.clock())


@pytest.mark.parametrize("password", [PASSWORD, "Tq8#mZ2pL9w4", "kanelbullar på tisdag kväll"])
def test_uncommon_passwords_pass(password: str) -> None:
    accounts.check_password_strength(password, "samordnare")


def test_a_staff_note_is_stored_without_control_characters(world: World) -> None:
    from bot.storage import CaseNote

    auth = {"Authorization": f"Bearer {world.tokens['samordnare']}"}
    response = world.client().post(f"/api/v1/cases/{world.refs['A']}/notes",
                                   json={"text": "Ringde\x00 två gånger\x07"}, headers=auth)
    assert response.status == 201
    with world.session_factory() as session:
        texts = [note.text for note in session.query(CaseNote)]
    assert "Ringde två gånger" in texts
