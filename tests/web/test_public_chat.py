"""The public chat page: relays to Rasa, one conversation per browser, escaped, no JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

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
    # Ekerö's numbers are invented: the page says so.
    assert "070-174 06 06 (exempelnummer)" in response.text
    assert "socialjouren på 070-174 06 05 (exempelnummer)" in response.text


def test_rasa_down_in_stockholm_names_the_general_entry(world: World) -> None:
    """The page knows no district: the city's general entry, not one district's consultant."""
    from bot.knowledge.loader import load_profile

    world.profile = load_profile("stockholm")
    client = world.client()
    page = client.get("/")
    world.chat.down = True
    response = client.post("/", data={"csrf_token": page.csrf(), "message": "hej"})
    assert response.status == 503
    assert "ringa stadens kontaktcenter på 070-174 06 59 (exempelnummer)" in response.text
    assert "Anhörigkonsulent" not in response.text and "anhörigkonsulent" not in response.text


def test_a_bot_message_in_another_language_is_marked_with_its_lang(world: World) -> None:
    from bot.web.chat import ChatLine

    world.chat.reply = ChatLine("bot", "This chat service is only in Swedish.", lang="en")
    client = world.client()
    send(client, "hello, can someone help me")
    page = client.get("/").text
    assert '<li class="bot" lang="en"' in page
    assert '<li class="user" lang=' not in page


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


def test_conversation_that_cannot_be_read_says_so(world: World) -> None:
    client = world.client()
    send(client, "hej")
    world.chat.down = True
    page = client.get("/")
    assert page.status == 200
    assert "Chatten fungerar inte just nu" in page.text


def test_restart_deletes_the_old_conversation_from_the_tracker_store(world: World) -> None:
    import sqlite3
    from pathlib import Path

    from tests.bot.storage.test_tracker_store import saved

    client, other = world.client(), world.client()
    send(client, "ett")
    send(other, "två")
    old_sender, other_sender = world.chat.sent[0][0], world.chat.sent[1][0]
    path = Path(world.tracker_store_url.removeprefix("sqlite:///"))
    saved(path, old_sender)
    saved(path, other_sender)
    page = client.get("/")
    assert client.post("/ny-chatt", data={"csrf_token": page.csrf()}).status == 303
    with sqlite3.connect(path) as connection:
        count = "SELECT count(*) FROM events WHERE sender_id = ?"
        assert connection.execute(count, (old_sender,)).fetchone()[0] == 0
        assert connection.execute(count, (other_sender,)).fetchone()[0] > 0


def test_chatting_sets_the_visitor_cookie_with_the_idle_timeout(world: World) -> None:
    client = world.client(ANHORIG_CHAT_IDLE_MINUTES="10")
    response = send(client, "hej")
    cookie = next(c for c in response.set_cookies if c.startswith("anhorig_besok="))
    assert "max-age=600" in cookie.lower()
    # A visitor cookie made outside the chat (the staff sign-in form) lives longer.
    sign_in = world.client().get("/personal/logga-in")
    cookie = next(c for c in sign_in.set_cookies if c.startswith("anhorig_besok="))
    assert "max-age=43200" in cookie.lower()
