"""Fuzzing the chat endpoints: any text, form or JSON body gets an answer, never a 5xx.

The chat page's form (POST /) and the widget's JSON API (POST /chat/api/message) are
the two doors the public can knock on. Through Sanic's test client, with the stand-in
for Rasa of :mod:`tests.web.conftest`, arbitrary messages, form fields, JSON values and
raw bytes are sent; every answer is a 2xx, 3xx or 4xx, the widget's answers are JSON,
and a message that is accepted reaches Rasa exactly as typed (trimmed).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.web.chat import MESSAGE_MAX_CHARS
from bot.web.inbound import clean_text, rasa_text
from tests.fuzzing import TEXT, fuzz
from tests.web.conftest import Response, World

OWN = "http://mockserver:1234"  # the test client's host

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
KEY = st.one_of(st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True), TEXT, JSON)
MESSAGE = st.one_of(TEXT, st.text(min_size=MESSAGE_MAX_CHARS - 5, max_size=MESSAGE_MAX_CHARS + 5))
BODY = st.one_of(
    st.fixed_dictionaries({"text": st.one_of(MESSAGE, JSON), "key": KEY},
                          optional={"lang": JSON, "extra": JSON}),
    JSON,
)
# What a client can put in a header (the test client refuses other characters itself).
HEADER_VALUE = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
RAW = st.one_of(st.binary(max_size=300), TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")))


# The fuzzers send hundreds of messages a minute; the rate limits have their own tests.
NO_RATE_LIMITS = {"ANHORIG_CHAT_MESSAGES_PER_MINUTE": "1000000",
                  "ANHORIG_CHAT_ADDRESS_MESSAGES_PER_MINUTE": "1000000"}


def as_sent(text: str) -> str:
    """What reaches Rasa: without control characters, trimmed, never a payload not offered."""
    return rasa_text(clean_text(text), frozenset())


def is_json(response: Response) -> bool:
    return response.headers.get("content-type", "").startswith("application/json")


def no_server_error(response: Response) -> None:
    assert response.status < 500, (response.status, response.text[:300])


@fuzz(100)
@given(message=MESSAGE, extra=st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=20),
                                              max_size=3))
def test_the_chat_form_answers_any_message(world: World, message: str, extra: dict[str, str]) -> None:
    client = world.client(**NO_RATE_LIMITS)
    token = client.get("/").csrf()
    before = len(world.chat.sent)
    fields = {**extra, "csrf_token": token, "message": message}
    response = client.post("/", data=fields)
    no_server_error(response)
    if response.status == 303:
        assert world.chat.sent[before:] and world.chat.sent[-1][1] == as_sent(message)
        no_server_error(client.get("/"))
    else:
        assert response.status == 400 and len(world.chat.sent) == before


@fuzz(60)
@given(raw=RAW, content_type=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data",
                                              "multipart/form-data; boundary=x", "text/plain", ""]))
def test_the_chat_form_answers_any_raw_body(world: World, raw: bytes, content_type: str) -> None:
    client = world.client(**NO_RATE_LIMITS)
    client.get("/")
    headers = {"content-type": content_type} if content_type else {}
    no_server_error(client.post("/", content=raw, headers=headers))


@fuzz(100)
@given(body=BODY)
def test_the_widget_api_answers_any_json_body(world: World, body: Any) -> None:
    client = world.client(**NO_RATE_LIMITS)
    before = len(world.chat.sent)
    raw = json.dumps(body).encode("utf-8", "surrogatepass")
    response = client.post("/chat/api/message", content=raw,
                           headers={"origin": OWN, "content-type": "application/json"})
    no_server_error(response)
    assert is_json(response)
    if response.status == 200:
        assert isinstance(body, dict) and world.chat.sent[-1][1] == as_sent(body["text"])
        assert response.json()["messages"]
    else:
        assert response.status in (400, 409) and "message" in response.json()
        assert len(world.chat.sent) == before


@fuzz(60)
@given(raw=RAW, content_type=st.sampled_from(["application/json", "application/json; charset=latin-1",
                                              "text/plain", ""]),
       origin=st.one_of(st.just(OWN), st.none(), HEADER_VALUE))
def test_the_widget_api_answers_any_raw_body(world: World, raw: bytes, content_type: str,
                                             origin: Any) -> None:
    client = world.client(**NO_RATE_LIMITS)
    headers = {"content-type": content_type} if content_type else {}
    if origin is not None:
        headers["origin"] = origin
    response = client.post("/chat/api/message", content=raw, headers=headers)
    no_server_error(response)
    assert is_json(response)


def test_the_fuzzers_see_accepted_messages(world: World) -> None:
    # The properties above branch on acceptance; make sure both branches exist.
    client = world.client(**NO_RATE_LIMITS)
    body = {"text": "Jag tar hand om min mamma", "key": "fuzz-key-0001"}
    assert client.post("/chat/api/message", json=body, headers={"origin": OWN}).status == 200
    raw = json.dumps(body).encode()
    answer = client.post("/chat/api/message", content=raw,
                         headers={"origin": OWN, "content-type": "application/json"})
    assert answer.status == 200 and answer.json()["key"] == "fuzz-key-0001"
