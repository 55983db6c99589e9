"""Sign-in, sessions, cookies, CSRF and lockout."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.staff import accounts
from bot.storage import LoginAttempt, StaffSession
from tests.web.conftest import PASSWORD, World


def cookie_line(response, name: str) -> str:  # type: ignore[no-untyped-def]
    lines = [c for c in response.set_cookies if c.startswith(name + "=")]
    assert lines, f"no {name} cookie in {response.set_cookies}"
    return lines[0]


def test_sign_in_sets_a_strict_session_cookie_in_development(world: World) -> None:
    client = world.client()
    response = client.login("samordnare")
    assert response.status == 303 and response.location == "/personal/ko"
    line = cookie_line(response, "anhorig_session").lower()
    assert "httponly" in line and "samesite=lax" in line and "path=/" in line
    assert "secure" not in line  # plain http://localhost in development
    assert client.get("/personal/ko").status == 200


def test_production_cookies_are_secure_with_host_prefix(world: World) -> None:
    client = world.client(ANHORIG_ENV="production")
    page = client.get("/personal/logga-in")
    visitor = cookie_line(page, "__Host-anhorig_besok").lower()
    assert "secure" in visitor and "httponly" in visitor and "samesite=lax" in visitor
    response = client.post("/personal/logga-in", data={
        "csrf_token": page.csrf(), "username": "samordnare", "password": PASSWORD})
    assert response.status == 303
    line = cookie_line(response, "__Host-anhorig_session").lower()
    assert "secure" in line and "httponly" in line and "samesite=lax" in line
    assert "path=/" in line and "domain" not in line
    assert "strict-transport-security" in {k.lower() for k in response.headers.keys()}


def test_session_token_is_stored_only_as_a_hash(world: World) -> None:
    client = world.client()
    client.login("samordnare")
    token = client.cookies["anhorig_session"]
    with world.session_factory() as session:
        ids = set(session.execute(select(StaffSession.id)).scalars())
    assert token not in ids
    assert accounts.sha256_hex(token) in ids


def test_each_sign_in_gets_a_new_session_token(world: World) -> None:
    client = world.client()
    client.cookies["anhorig_session"] = "attacker-chosen-token-aaaaaaaaaaaa"
    client.login("samordnare")
    assert client.cookies["anhorig_session"] != "attacker-chosen-token-aaaaaaaaaaaa"


@pytest.mark.parametrize("username,password", [
    ("samordnare", "fel lösenord helt"),
    ("finns.inte", PASSWORD),
    ("SAMORDNARE", "fel lösenord helt"),
])
def test_wrong_sign_in_gets_one_generic_answer(world: World, username: str, password: str) -> None:
    response = world.client().login(username, password)
    assert response.status == 401
    assert "Fel användarnamn eller lösenord." in response.text
    assert "anhorig_session" not in " ".join(response.set_cookies)


def test_usernames_are_case_insensitive(world: World) -> None:
    assert world.client().login("Samordnare").status == 303


def test_disabled_account_cannot_sign_in_and_its_sessions_end(world: World) -> None:
    client = world.signed_in("kontakt.aldre")
    assert client.get("/personal/ko").status == 200
    accounts.set_user_active(world.session_factory, "kontakt.aldre", False, municipality="ekero",
                             actor=accounts.Principal(0, "admin", "admin", "ekero", None).actor("web"),
                             now=world.clock())
    assert client.get("/personal/ko").status == 303
    assert world.client().login("kontakt.aldre").status == 401


def test_account_is_locked_after_five_failures(world: World) -> None:
    client = world.client()
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        assert client.login("samordnare", "fel lösenord helt").status == 401
    locked = client.login("samordnare", PASSWORD)
    assert locked.status == 429
    assert "Vänta 15 minuter" in locked.text
    # Another account from the same address is not affected by this account's lock.
    assert world.client().login("kontakt.aldre").status == 303
    world.clock.advance(minutes=16)
    assert client.login("samordnare", PASSWORD).status == 303


def test_unknown_usernames_lock_too_so_locks_reveal_nothing(world: World) -> None:
    client = world.client()
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        client.login("finns.inte", "fel lösenord helt")
    assert client.login("finns.inte", "fel lösenord helt").status == 429


def test_address_is_throttled_across_accounts(world: World) -> None:
    client = world.client()
    # Spread failures over many usernames, so that no single account and address pair locks.
    for index in range(accounts.IP_MAX_FAILURES):
        assert client.login(f"gissning{index}", "fel lösenord helt").status == 401
    assert world.client().login("samordnare").status == 429


def test_success_resets_the_account_counter(world: World) -> None:
    client = world.client()
    for _ in range(accounts.ACCOUNT_MAX_FAILURES - 1):
        client.login("samordnare", "fel lösenord helt")
    assert client.login("samordnare").status == 303
    other = world.client()
    for _ in range(accounts.ACCOUNT_MAX_FAILURES - 1):
        assert other.login("samordnare", "fel lösenord helt").status == 401


def test_attempts_older_than_a_day_are_pruned(world: World) -> None:
    client = world.client()
    client.login("samordnare", "fel lösenord helt")
    world.clock.advance(days=2)
    client.login("samordnare", "fel lösenord helt")
    with world.session_factory() as session:
        assert session.execute(select(func.count(LoginAttempt.id))).scalar_one() == 1


def test_idle_session_expires(world: World) -> None:
    client = world.client()
    client.login("samordnare")
    world.clock.advance(minutes=29)
    assert client.get("/personal/ko").status == 200  # activity refreshes the idle timer
    world.clock.advance(minutes=29)
    assert client.get("/personal/ko").status == 200
    world.clock.advance(minutes=31)
    expired = client.get("/personal/ko")
    assert expired.status == 303 and expired.location.startswith("/personal/logga-in")
    assert "anhorig_session" not in client.cookies  # the stale cookie is cleared


def test_session_expires_after_the_absolute_lifetime_however_active(world: World) -> None:
    client = world.client()
    client.login("samordnare")
    for _ in range(10 * 4 - 1):  # every 15 minutes for almost 10 hours
        world.clock.advance(minutes=15)
        assert client.get("/personal/ko").status == 200
    world.clock.advance(minutes=15)
    assert client.get("/personal/ko").status == 303


def test_settings_change_the_lifetimes(world: World) -> None:
    client = world.client(ANHORIG_SESSION_IDLE_MINUTES="5")
    client.login("samordnare")
    world.clock.advance(minutes=6)
    assert client.get("/personal/ko").status == 303


def test_sign_out_ends_the_session_on_the_server(world: World) -> None:
    client = world.client()
    client.login("samordnare")
    stolen = client.cookies["anhorig_session"]
    token = client.get("/personal/ko").csrf()
    response = client.post("/personal/logga-ut", data={"csrf_token": token})
    assert response.status == 303 and response.location == "/personal/logga-in?utloggad=1"
    assert "max-age=0" in cookie_line(response, "anhorig_session").lower()
    replay = world.client()
    replay.cookies["anhorig_session"] = stolen
    assert replay.get("/personal/ko").status == 303


def test_password_change_ends_sessions(world: World) -> None:
    client = world.signed_in("kontakt.aldre")
    admin = world.signed_in("admin")
    token = admin.get("/personal/konton").csrf()
    response = admin.post("/personal/konton/kontakt.aldre/losenord",
                          data={"csrf_token": token, "password": "ett nytt långt lösenord"})
    assert response.status == 303
    assert client.get("/personal/ko").status == 303
    assert world.client().login("kontakt.aldre", "ett nytt långt lösenord").status == 303


@pytest.mark.parametrize("token", [None, "", "fel", "x" * 64])
def test_post_without_a_valid_csrf_token_is_refused(world: World, token: str | None) -> None:
    client = world.signed_in("samordnare")
    ref = world.refs["A"]
    data = {"version": "1"}
    if token is not None:
        data["csrf_token"] = token
    response = client.post(f"/personal/arenden/{ref}/ta", data=data)
    assert response.status == 403
    assert "Ladda om sidan" in response.text
    detail = client.get(f"/personal/arenden/{ref}").text
    assert "Ingen ännu" in detail  # not taken


def test_csrf_token_of_another_session_is_refused(world: World) -> None:
    mine = world.signed_in("samordnare")
    other = world.client()
    other.login("samordnare")
    foreign = other.get("/personal/ko").csrf()
    response = mine.post("/personal/logga-ut", data={"csrf_token": foreign})
    assert response.status == 403


def test_sign_in_form_needs_its_csrf_token(world: World) -> None:
    client = world.client()
    client.get("/personal/logga-in")
    response = client.post("/personal/logga-in", data={"username": "samordnare",
                                                        "password": PASSWORD})
    assert response.status == 403
    # A token for another visitor cookie does not fit this one.
    other = world.client()
    foreign = other.get("/personal/logga-in").csrf()
    response = client.post("/personal/logga-in", data={"csrf_token": foreign,
                                                        "username": "samordnare",
                                                        "password": PASSWORD})
    assert response.status == 403


def test_next_parameter_cannot_redirect_off_site(world: World) -> None:
    client = world.client()
    page = client.get("/personal/logga-in?next=//evil.example/x")
    response = client.post("/personal/logga-in", data={
        "csrf_token": page.csrf(), "username": "samordnare", "password": PASSWORD,
        "next": "//evil.example/x"})
    assert response.location == "/personal/ko"
    client2 = world.client()
    redirect = client2.get(f"/personal/arenden/{world.refs['A']}")
    assert redirect.location == f"/personal/logga-in?next=%2Fpersonal%2Farenden%2F{world.refs['A']}"
    page = client2.get(redirect.location)
    response = client2.post("/personal/logga-in", data={
        "csrf_token": page.csrf(), "username": "samordnare", "password": PASSWORD,
        "next": f"/personal/arenden/{world.refs['A']}"})
    assert response.location == f"/personal/arenden/{world.refs['A']}"


def test_sessions_are_shared_through_the_database(world: World) -> None:
    """Two app instances on one database accept each other's sessions."""
    first, second = world.client(), world.client()
    first.login("samordnare")
    second.cookies = dict(first.cookies)
    assert second.get("/personal/ko").status == 200


def test_behind_a_proxy_throttling_sees_the_forwarded_address(world: World) -> None:
    client = world.client(ANHORIG_WEB_PROXIES_COUNT="1")
    page = client.get("/personal/logga-in")
    client.post("/personal/logga-in", headers={"X-Forwarded-For": "198.51.100.7"}, data={
        "csrf_token": page.csrf(), "username": "samordnare", "password": "fel lösenord helt"})
    direct = world.client()
    direct.login("samordnare", "fel lösenord helt")
    with world.session_factory() as session:
        ips = list(session.execute(select(LoginAttempt.ip).where(~LoginAttempt.success)).scalars())
    assert ips[0] == "198.51.100.7" and ips[1] != "198.51.100.7"
