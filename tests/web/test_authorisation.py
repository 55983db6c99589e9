"""The whole authorisation matrix: every route × every role × own/other case, signed out, bad tokens.

``ROUTES`` names every route of the app with an access class; the first
test fails when the app has a route that is not listed here (or the other
way round), so a new route cannot escape the matrix. The expectations are
written out per access class below, independent of how the app implements
them.
"""

from __future__ import annotations

from typing import Any, Optional

import pytest

from tests.web.conftest import Client, World

UNKNOWN_REF = "ZZZZ22"

# route name -> (method, path with {ref}/{user}, access class)
ROUTES: dict[str, tuple[str, str, str]] = {
    "chat_page": ("GET", "/", "public"),
    "chat_send": ("POST", "/", "visitor_form"),
    "chat_restart": ("POST", "/ny-chatt", "visitor_form"),
    "health": ("GET", "/health", "public"),
    "static": ("GET", "/static/app.css", "public"),
    "login_page": ("GET", "/personal/logga-in", "public"),
    "login_submit": ("POST", "/personal/logga-in", "visitor_form"),
    "staff_home": ("GET", "/personal/", "staff"),
    "logout": ("POST", "/personal/logga-ut", "staff"),
    "queue_page": ("GET", "/personal/ko", "casework"),
    "morning_page": ("GET", "/personal/morgon", "casework"),
    "case_page": ("GET", "/personal/arenden/{ref}", "case"),
    "case_reveal_phone": ("POST", "/personal/arenden/{ref}/telefon", "case"),
    "case_take": ("POST", "/personal/arenden/{ref}/ta", "case"),
    "case_call": ("POST", "/personal/arenden/{ref}/samtal", "case"),
    "case_forward": ("POST", "/personal/arenden/{ref}/lotsa-vidare", "case"),
    "case_close": ("POST", "/personal/arenden/{ref}/avsluta", "case"),
    "case_note": ("POST", "/personal/arenden/{ref}/anteckning", "case"),
    "figures_page": ("GET", "/personal/uppfoljning", "coordinator"),
    "figures_export": ("GET", "/personal/uppfoljning.csv", "coordinator"),
    "audit_page": ("GET", "/personal/logg", "coordinator"),
    "accounts_page": ("GET", "/personal/konton", "admin"),
    "accounts_create": ("POST", "/personal/konton", "admin"),
    "account_disable": ("POST", "/personal/konton/{user}/stang-av", "admin"),
    "account_enable": ("POST", "/personal/konton/{user}/aktivera", "admin"),
    "account_password": ("POST", "/personal/konton/{user}/losenord", "admin"),
    "example_page": ("GET", "/exempel", "public"),
    "example_privacy": ("GET", "/exempel/personuppgifter", "public"),
    "embed_script": ("GET", "/chat/widget.js", "public"),
    "embed_style": ("GET", "/chat/widget.css", "public"),
    "privacy_page": ("GET", "/personuppgifter", "public"),
    "api_openapi": ("GET", "/api/v1/openapi.json", "public"),
    "api_list_cases": ("GET", "/api/v1/cases", "api_casework"),
    "api_get_case": ("GET", "/api/v1/cases/{ref}", "api_case"),
    "api_take": ("POST", "/api/v1/cases/{ref}/take", "api_case"),
    "api_call": ("POST", "/api/v1/cases/{ref}/call", "api_case"),
    "api_forward": ("POST", "/api/v1/cases/{ref}/forward", "api_case"),
    "api_close": ("POST", "/api/v1/cases/{ref}/close", "api_case"),
    "api_note": ("POST", "/api/v1/cases/{ref}/notes", "api_case"),
    "api_phone": ("POST", "/api/v1/cases/{ref}/phone", "api_case"),
    "api_figures": ("GET", "/api/v1/figures", "api_coordinator"),
    # The widget's API is public: the visitor cookie picks the conversation (test_widget_api.py).
    "widget_message": ("POST", "/chat/api/message", "widget"),
    "widget_history": ("GET", "/chat/api/history", "widget"),
    "widget_end": ("POST", "/chat/api/end", "widget"),
    "widget_extend": ("POST", "/chat/api/extend", "widget"),
    "widget_config": ("GET", "/chat/api/config", "widget"),
    **{f"widget_preflight_{path}": ("OPTIONS", f"/chat/api/{path}", "widget")
       for path in ("message", "history", "end", "extend", "config")},
}

# Valid input per route, so that "allowed" means the action really happens.
FORM: dict[str, dict[str, Any]] = {
    "chat_send": {"message": "hej"},
    "login_submit": {"username": "samordnare", "password": "fel lösenord igen"},
    "case_take": {"version": "1"},
    "case_call": {"version": "1", "outcome": "reached"},
    "case_forward": {"version": "1", "target": "unit:socialkontoret", "reason": "Vill söka bistånd"},
    "case_close": {"version": "1", "outcome": "advice_given"},
    "case_note": {"text": "Ringer i morgon."},
    "accounts_create": {"username": "ny.kollega", "role": "coordinator",
                        "contact_point": "", "password": "ett annat långt lösenord"},
    "account_password": {"password": "ett helt nytt lösenord"},
}
JSON: dict[str, dict[str, Any]] = {
    "api_take": {"version": 1},
    "api_call": {"version": 1, "outcome": "not_reached"},
    "api_forward": {"version": 1, "unit_id": "socialkontoret", "reason": "Vill söka bistånd"},
    "api_close": {"version": 1, "outcome": "declined"},
    "api_note": {"text": "Ringer i morgon."},
    "widget_message": {"text": "hej", "key": "matrix-key-1"},
}
# What an allowed request answers.
ALLOWED_STATUS = {
    "chat_send": 303, "chat_restart": 303, "login_submit": 401,
    "staff_home": 303, "logout": 303,
    "case_reveal_phone": 200, "case_take": 303, "case_call": 303, "case_forward": 303,
    "case_close": 303, "case_note": 303,
    "accounts_create": 303, "account_disable": 303, "account_enable": 303,
    "account_password": 303,
    "api_note": 201,
    **{f"widget_preflight_{path}": 204 for path in ("message", "history", "end", "extend", "config")},
}

PAGE_IDENTITIES = ("signed_out", "forged_session", "kontakt.aldre", "samordnare", "admin")
API_IDENTITIES = ("no_token", "wrong_token", "revoked_token", "session_cookie_only",
                  "kontakt.aldre", "samordnare", "admin")
CASES = ("A", "B", "X", "unknown")  # A: kontakt.aldre's unit; B: another unit; X: lidingo


def expected(access: str, who: str, case: Optional[str]) -> str:
    """'allowed', 'login' (redirect to sign-in), or an HTTP status as text."""
    if access == "public":
        return "allowed"
    if access in ("visitor_form", "widget"):
        return "allowed"
    if access.startswith("api"):
        if who in ("no_token", "wrong_token", "revoked_token", "session_cookie_only"):
            return "401"
        roles = {"api_casework": ("kontakt.aldre", "samordnare"),
                 "api_case": ("kontakt.aldre", "samordnare"),
                 "api_coordinator": ("samordnare",)}[access]
        if who not in roles:
            return "403"
        if access == "api_case":
            return _case_visibility(who, case)
        return "allowed"
    if who in ("signed_out", "forged_session"):
        return "login"
    roles = {"staff": ("kontakt.aldre", "samordnare", "admin"),
             "casework": ("kontakt.aldre", "samordnare"),
             "case": ("kontakt.aldre", "samordnare"),
             "coordinator": ("samordnare",),
             "admin": ("admin",)}[access]
    if who not in roles:
        return "403"
    if access == "case":
        return _case_visibility(who, case)
    return "allowed"


def _case_visibility(who: str, case: Optional[str]) -> str:
    visible = {"kontakt.aldre": ("A",), "samordnare": ("A", "B")}[who]
    return "allowed" if case in visible else "404"


def _matrix() -> list[Any]:
    params = []
    for name, (_, path, access) in ROUTES.items():
        identities = API_IDENTITIES if access.startswith("api") else PAGE_IDENTITIES
        for who in identities:
            cases: tuple[Optional[str], ...] = (None,)
            if "{ref}" in path:
                # Who is refused whatever the case is tried with an own and an unknown one.
                cases = CASES if who in ("kontakt.aldre", "samordnare") else ("A", "unknown")
            for case in cases:
                params.append(pytest.param(name, who, case, id=f"{name}-{who}-{case or ''}"))
    return params


def route_name(route: Any) -> str:
    """The route's own name, without the app's and the Blueprint's (``app.bp.name``)."""
    return str(route.name).rsplit(".", 1)[-1]


def test_every_route_is_in_the_matrix(world: World) -> None:
    app = world.app()
    names = [route_name(route) for route in app.router.routes]
    registered = set(names)
    assert len(names) == len(registered), f"route names used twice: {sorted(names)}"
    assert registered == set(ROUTES), (
        "routes without an entry in the authorisation matrix (or entries without a route): "
        f"{sorted(registered ^ set(ROUTES))}"
    )
    for route in app.router.routes:
        name = route_name(route)
        method, _, _ = ROUTES[name]
        assert method in route.methods, name


def _client_for(world: World, who: str, api: bool) -> tuple[Client, dict[str, str]]:
    headers: dict[str, str] = {}
    if who in USERNAMES:
        if api:
            client = world.client()
            headers["Authorization"] = f"Bearer {world.tokens[who]}"
        else:
            client = world.signed_in(who)
    else:
        client = world.client()
        if who == "wrong_token":
            headers["Authorization"] = "Bearer alt_" + "A" * 43
        elif who == "revoked_token":
            headers["Authorization"] = f"Bearer {world.revoked_token}"
        elif who == "session_cookie_only":
            client = world.signed_in("samordnare")
        elif who == "forged_session":
            client.cookies["anhorig_session"] = "forged-" + "A" * 40
    return client, headers


USERNAMES = ("kontakt.aldre", "samordnare", "admin")


@pytest.mark.parametrize("name,who,case", _matrix())
def test_authorisation_matrix(world: World, name: str, who: str, case: Optional[str]) -> None:
    method, template, access = ROUTES[name]
    api = access.startswith("api")
    ref = world.refs.get(case or "", UNKNOWN_REF)
    path = template.format(ref=ref, user="kontakt.ifo")
    client, headers = _client_for(world, who, api)
    if access == "widget":
        # A script of the web app's own origin (the test client's host), sending JSON.
        response = client.request(method, path, json=JSON.get(name, {}) if method == "POST" else None,
                                  headers={**headers, "origin": "http://mockserver:1234"})
    elif method == "POST" and not api:
        # A real form: the CSRF token of this browser (its session's, or the visitor's).
        visitor = who in ("signed_out", "forged_session") or access == "visitor_form"
        token = client.get("/").csrf() if visitor else _session_csrf(client)
        response = client.post(path, data={"csrf_token": token, **FORM.get(name, {})})
    elif method == "POST":
        response = client.post(path, json=JSON.get(name, {}), headers=headers)
    else:
        response = client.get(path, headers=headers)

    want = expected(access, who, case)
    if want == "allowed":
        status = ALLOWED_STATUS.get(name, 200)
        if name == "login_page" and who in USERNAMES:
            status = 303  # already signed in: on to the start page
        assert response.status == status, response.text[:500]
    elif want == "login":
        assert response.status == 303
        assert (response.location or "").startswith("/personal/logga-in")
    else:
        assert response.status == int(want), response.text[:500]
        if api:
            body = response.json()
            assert body["error"]["code"] in ("unauthorized", "forbidden", "not_found")
            if want == "401":
                assert response.headers.get("www-authenticate", "").startswith("Bearer")


def _session_csrf(client: Client) -> str:
    # Any signed-in page carries the session's token in the sign-out form.
    response = client.get("/personal/")
    target = response.location or "/personal/ko"
    return client.get(target).csrf()


@pytest.mark.parametrize("case", ["B", "X", "unknown"])
def test_forbidden_and_unknown_cases_look_the_same(world: World, case: str) -> None:
    client = world.signed_in("kontakt.aldre")
    ref = world.refs.get(case, UNKNOWN_REF)
    page = client.get(f"/personal/arenden/{ref}")
    unknown = client.get(f"/personal/arenden/{UNKNOWN_REF}")
    assert page.status == unknown.status == 404
    assert page.text.replace(ref, "") == unknown.text.replace(UNKNOWN_REF, "")
    api = world.client()
    headers = {"Authorization": f"Bearer {world.tokens['kontakt.aldre']}"}
    one = api.get(f"/api/v1/cases/{ref}", headers=headers)
    two = api.get(f"/api/v1/cases/{UNKNOWN_REF}", headers=headers)
    assert one.status == two.status == 404
    assert one.json() == two.json()


def test_contact_queue_holds_only_its_units_cases(world: World) -> None:
    client = world.signed_in("kontakt.aldre")
    text = client.get("/personal/ko").text
    assert world.refs["A"] in text
    assert world.refs["B"] not in text and world.refs["X"] not in text
    headers = {"Authorization": f"Bearer {world.tokens['kontakt.ifo']}"}
    cases = world.client().get("/api/v1/cases", headers=headers).json()["cases"]
    assert [c["reference"] for c in cases] == [world.refs["B"]]


def test_coordinator_sees_the_municipality_but_not_another(world: World) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['samordnare']}"}
    cases = world.client().get("/api/v1/cases", headers=headers).json()["cases"]
    assert {c["reference"] for c in cases} == {world.refs["A"], world.refs["B"]}


def test_admin_cannot_change_an_account_of_another_municipality_or_unknown(world: World) -> None:
    client = world.signed_in("admin")
    token = client.get("/personal/konton").csrf()
    response = client.post("/personal/konton/nobody/stang-av", data={"csrf_token": token})
    assert response.status == 404
