"""A seeded staff database, shared by the staff tests and the web tests (fixtures and helpers).

The database is migrated and seeded once per session (accounts of every
role, cases in two units and in another municipality, API tokens, signed-in
sessions) and copied for each test, so tests may change it freely. A conftest
registers the fixtures by naming them (``seed = seeded.seed``); the web tests
override ``world_type`` to get a world with an app and a client.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from argon2 import PasswordHasher

from bot.callbacks.booking import create_case_and_booking
from bot.callbacks.calendar import Slot
from bot.clock import STOCKHOLM
from bot.knowledge.loader import load_profile
from bot.knowledge.schema import Profile
from bot.staff import accounts
from bot.staff.audit import Actor
from bot.storage import SessionFactory, create_engine_for, make_session_factory, upgrade_database

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=STOCKHOLM)  # a Monday, office open
PASSWORD = "ett långt lösenord"
CLI = Actor("cli", None, "cli")
USERS = {
    # username: (role, contact point)
    "kontakt.aldre": ("contact", "kontakt_aldreomsorg"),  # unit aldreomsorg: owns case A
    "kontakt.ifo": ("contact", "kontakt_ifo"),  # unit ifo: owns case B
    "samordnare": ("coordinator", None),
    "admin": ("admin", None),
}
SCRIPT_MESSAGE = '<script>alert("x")</script> Ring efter <b>lunch</b>'
SCRIPT_TRANSCRIPT = (
    'Anhörig: <img src=x onerror="alert(1)"> min mamma har demens\nAnhöriglotsen: Jag förstår.'
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=STOCKHOLM)


@dataclass
class Seed:
    """What the template database holds (references, tokens, session cookies)."""

    path: Path
    refs: dict[str, str]
    tokens: dict[str, str]
    sessions: dict[str, str]
    revoked_token: str


@dataclass
class World:
    """One test's copy of the seeded database."""

    url: str
    session_factory: SessionFactory
    profile: Profile
    refs: dict[str, str]
    tokens: dict[str, str]
    sessions: dict[str, str]
    revoked_token: str
    engines: list[Any] = field(default_factory=list)


def book(session_factory: SessionFactory, profile: Profile, *, municipality: str = "ekero",
         contact_point: str, start: datetime, hours: int = 2, now: datetime = NOW,
         **fields: Any) -> str:
    slot = Slot(contact_point, start, start + timedelta(hours=hours), 3)
    confirmation = create_case_and_booking(
        session_factory, municipality=municipality, slot=slot, consent=True,
        name=fields.pop("name", "Anna"), phone=fields.pop("phone", "070-174 06 50"),
        office_hours=profile.office_hours, now=now, **fields,
    )
    return confirmation.reference


@pytest.fixture(autouse=True)
def cheap_hasher() -> Iterator[None]:
    accounts.set_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    accounts.set_password_hasher(None)


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    accounts.set_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    url = f"sqlite:///{path}"
    upgrade_database(url)
    engine = create_engine_for(url)
    sf = make_session_factory(engine)
    profile = load_profile("ekero")
    known = {cp.id for cp in profile.contact_points}
    tokens, sessions = {}, {}
    for username, (role, point) in USERS.items():
        accounts.create_user(sf, username=username, password=PASSWORD, role=role,
                             municipality="ekero", contact_point_id=point,
                             known_contact_points=known, actor=CLI, now=NOW - timedelta(days=1))
        tokens[username], _ = accounts.create_api_token(
            sf, username, municipality="ekero", label="test", actor=CLI, now=NOW)
        sessions[username], _ = accounts.sign_in(
            sf, username, PASSWORD, ip="192.0.2.1", municipality="ekero", now=NOW,
            max_age=timedelta(hours=10))
    revoked, info = accounts.create_api_token(sf, "samordnare", municipality="ekero",
                                              label="old", actor=CLI, now=NOW)
    accounts.revoke_api_token(sf, info.id, municipality="ekero", actor=CLI, now=NOW)
    refs = {
        "A": book(sf, profile, contact_point="kontakt_aldreomsorg", start=at(24, 10),
                  link_id="aldreomsorg_demens", target_group="dementia",
                  situation_summary="Anhörig till en förälder med demenssjukdom.",
                  message=SCRIPT_MESSAGE, transcript=SCRIPT_TRANSCRIPT, transcript_consent=True),
        "B": book(sf, profile, contact_point="kontakt_ifo", start=at(24, 13),
                  target_group="addiction", name="Bo", phone="070-174 06 51"),
        "X": book(sf, profile, municipality="lidingo", contact_point="anhorigkonsulent",
                  start=at(24, 10), target_group="elderly", name="Cia", phone="070-174 06 52"),
    }
    engine.dispose()
    accounts.set_password_hasher(None)
    return Seed(path, refs, tokens, sessions, revoked)


@pytest.fixture
def world_type() -> type[World]:
    """The kind of world ``world`` makes (the web tests' adds an app and a client)."""
    return World


@pytest.fixture
def world(seed: Seed, tmp_path: Path, world_type: type[World]) -> Iterator[World]:
    path = tmp_path / "web.db"
    shutil.copyfile(seed.path, path)
    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    w = world_type(url, make_session_factory(engine), load_profile("ekero"), dict(seed.refs),
                   dict(seed.tokens), dict(seed.sessions), seed.revoked_token)
    yield w
    engine.dispose()
