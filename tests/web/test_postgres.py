"""The dashboard on a real PostgreSQL: sign-in, sessions, casework, API and figures.

Skipped unless ``ANHORIG_TEST_POSTGRES_URL`` is set (``scripts/test.sh`` starts a server).
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from typing import Iterator

import pytest
from argon2 import PasswordHasher

from bot.knowledge.loader import load_profile
from bot.settings import load_settings
from bot.staff import accounts, casework
from bot.staff.accounts import Principal
from bot.staff.audit import Actor
from bot.staff.scope import scope_for
from bot.storage import SessionFactory, make_session_factory
from bot.web.app import create_app
from tests.bot.storage import migrated_postgres, postgres_url, requires_postgres
from tests.web.conftest import NOW, PASSWORD, SECRET, Client, Clock, FakeChat, at, book

pytestmark = [pytest.mark.postgres, requires_postgres]


@pytest.fixture
def pg() -> Iterator[SessionFactory]:
    url = postgres_url()
    assert url is not None
    engine = migrated_postgres(url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def test_the_whole_flow_on_postgres(pg: SessionFactory) -> None:
    accounts.set_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    profile = load_profile("ekero")
    cli = Actor("cli", None, "cli")
    accounts.create_user(pg, username="samordnare", password=PASSWORD, role="coordinator",
                         municipality="ekero", contact_point_id=None,
                         known_contact_points={cp.id for cp in profile.contact_points},
                         actor=cli, now=NOW)
    token, _ = accounts.create_api_token(pg, "samordnare", municipality="ekero", label=None,
                                         actor=cli, now=NOW)
    ref = book(pg, profile, contact_point="kontakt_aldreomsorg", start=at(24, 10),
               link_id="aldreomsorg_demens", target_group="dementia")
    app = create_app(load_settings({"ANHORIG_SECRET_KEY": SECRET}), session_factory=pg,
                     profile=profile, now=Clock(NOW), chat=FakeChat(), name="pg_flow")
    client = Client(app)
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        assert client.login("samordnare", "fel lösenord helt").status == 401
    assert client.login("samordnare").status == 429
    app.ctx.web.now.advance(minutes=16)
    assert client.login("samordnare").status == 303
    page = client.get("/personal/ko")
    assert ref in page.text

    def act(action: str, **fields: str) -> int:
        case = client.get(f"/personal/arenden/{ref}")
        version = re.search(r'name="version" value="(\d+)"', case.text)
        data = {"csrf_token": case.csrf(), **fields}
        if version:
            data.setdefault("version", version.group(1))
        return client.post(f"/personal/arenden/{ref}/{action}", data=data).status

    assert act("ta") == 303
    assert act("samtal", outcome="reached") == 303
    assert act("anteckning", text="Bra samtal") == 303
    assert act("avsluta", outcome="advice_given") == 303
    api = client.get(f"/api/v1/cases/{ref}", headers={"Authorization": f"Bearer {token}"})
    assert api.json()["status"] == "closed"
    assert [e["kind"] for e in api.json()["history"]][-1] == "closed"
    figures = client.get("/api/v1/figures", headers={"Authorization": f"Bearer {token}"}).json()
    assert figures["outcomes"] == {"advice_given": 1}
    accounts.set_password_hasher(None)


def test_parallel_takes_on_postgres(pg: SessionFactory) -> None:
    profile = load_profile("ekero")
    ref = book(pg, profile, contact_point="kontakt_aldreomsorg", start=at(24, 10))
    coordinator = Principal(1, "samordnare", "coordinator", "ekero", None)
    scope = scope_for(coordinator, profile)
    results: list[str] = []
    barrier = threading.Barrier(6)

    def worker() -> None:
        barrier.wait()
        try:
            casework.take_case(pg, scope, ref, coordinator, coordinator.actor("api"),
                               expected_version=1, now=NOW + timedelta(minutes=1))
            results.append("took")
        except (casework.ConcurrentChange, casework.CaseNotChangeable):
            results.append("refused")

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused"] * 5 + ["took"]
