"""A normal conversation through the actions logs no warning (the operator reads WARNING as trouble)."""

from __future__ import annotations

import logging
from typing import Any, Dict

import pytest

from bot.knowledge.loader import load_active_profile, load_national, load_rights
from tests.actions.dialogue import Dialogue, Env, book, reference_in, start


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING]


def test_telling_the_situation_and_booking_a_callback_logs_no_warning(
    env: Env, domain: Dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    # The action server reads the knowledge files at start-up (their example-value warnings
    # belong there); the conversation comes after.
    load_active_profile(), load_national(), load_rights()
    caplog.clear()
    caplog.set_level(logging.INFO)
    situation = Dialogue(domain)
    situation.user("Min mamma är 82 år och har demens, jag är så trött", "describe_situation")
    situation.user("82")
    dialogue = start(domain)
    reference_in("\n".join(book(dialogue)))
    manage = Dialogue(domain)
    manage.user("jag vill avboka", "cancel_callback")
    assert warnings_in(caplog) == []
