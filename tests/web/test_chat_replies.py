"""The widget's stored answers: one holder per key, kept a day, taken over when stale."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.storage.models import ChatReply
from bot.web import chat_replies
from bot.web.chat_replies import ClaimState
from tests.web.conftest import NOW, World

ANSWER = {"messages": [{"text": "Hej!", "buttons": [], "lang": ""}], "key": "k"}


def claim(world: World, key: str = "key-a", text: str = "text-a", visitor: str = "visitor-a",
          **delta: Any) -> chat_replies.Claim:
    return chat_replies.claim(world.session_factory, key_hash=key, visitor_hash=visitor,
                              text_hash=text, now=NOW + timedelta(**delta))


def rows(world: World) -> int:
    with world.session_factory() as session:
        return int(session.execute(select(func.count()).select_from(ChatReply)).scalar_one())


def test_a_key_is_new_then_pending_then_done(world: World) -> None:
    assert claim(world).state is ClaimState.NEW
    assert claim(world, seconds=5).state is ClaimState.PENDING
    chat_replies.finish(world.session_factory, "key-a", ANSWER)
    done = claim(world, seconds=6)
    assert done.state is ClaimState.DONE and done.response == ANSWER
    assert claim(world, text="text-b", seconds=7).state is ClaimState.KEY_REUSED


def test_a_stale_pending_key_is_taken_over(world: World) -> None:
    assert claim(world).state is ClaimState.NEW
    assert claim(world, seconds=59).state is ClaimState.PENDING
    assert claim(world, seconds=61).state is ClaimState.NEW
    assert claim(world, seconds=62).state is ClaimState.PENDING


def test_a_released_key_can_be_claimed_again_but_an_answer_is_not_released(world: World) -> None:
    claim(world)
    chat_replies.release(world.session_factory, "key-a")
    assert claim(world, seconds=1).state is ClaimState.NEW
    chat_replies.finish(world.session_factory, "key-a", ANSWER)
    chat_replies.release(world.session_factory, "key-a")
    assert claim(world, seconds=2).state is ClaimState.DONE


def test_answers_are_purged_after_a_quarter_of_an_hour(world: World) -> None:
    claim(world, key="old")
    chat_replies.finish(world.session_factory, "old", ANSWER)
    claim(world, key="recent", minutes=10)
    assert rows(world) == 2
    claim(world, key="new", minutes=15, seconds=1)
    assert rows(world) == 2  # "old" went
    assert claim(world, key="old", minutes=15, seconds=2).state is ClaimState.NEW


def test_forgetting_a_visitor_deletes_only_its_answers(world: World) -> None:
    claim(world, key="a1")
    claim(world, key="a2")
    claim(world, key="b1", visitor="visitor-b")
    assert chat_replies.forget_visitor(world.session_factory, "visitor-a") == 2
    assert rows(world) == 1
