"""JSON API v1: fields, filters, history, transitions, errors, bearer tokens only."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from bot.staff import accounts, audit
from tests.web.conftest import Client, World, at, book

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
REQUIRED = ("reference", "status", "link_id", "contact_point_id", "target_group", "slot_start",
            "slot_end", "after_hours", "created_at")


class Api:
    def __init__(self, world: World, who: str = "samordnare") -> None:
        self.client: Client = world.client()
        self.headers = {"Authorization": f"Bearer {world.tokens[who]}"}

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.client.post(path, json=body, headers=self.headers, **kwargs)


def test_list_has_the_contract_fields_in_iso_8601_with_offset(world: World) -> None:
    response = Api(world).get("/api/v1/cases")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    case = next(c for c in body["cases"] if c["reference"] == world.refs["A"])
    for key in REQUIRED:
        assert key in case
    assert case["status"] == "booked"
    assert case["link_id"] == "aldreomsorg_demens"
    assert case["contact_point_id"] == "kontakt_aldreomsorg"
    assert case["target_group"] == "dementia"
    assert case["after_hours"] is False
    for key in ("slot_start", "slot_end", "created_at"):
        assert ISO_WITH_OFFSET.match(case[key]), case[key]
    assert case["slot_start"] == "2026-11-24T10:00:00+01:00"
    assert case["slot_end"] == "2026-11-24T12:00:00+01:00"
    assert case["created_at"] == "2026-11-23T09:30:00+01:00"
    assert "name" not in case and "phone" not in case  # no personal data in the list
    assert body["counts"]["booked"] == 2


def test_filters_match_the_queue(world: World) -> None:
    api = Api(world)
    after = book(world.session_factory, world.profile, contact_point="kontakt_ifo",
                 start=at(24, 13), now=at(21, 22), target_group="addiction")

    def refs(query: str) -> set[str]:
        response = api.get("/api/v1/cases" + query)
        assert response.status == 200, response.text
        return {c["reference"] for c in response.json()["cases"]}

    assert refs("?link=aldreomsorg_demens") == {world.refs["A"]}
    assert refs("?unit=ifo") == {world.refs["B"], after}
    assert refs("?after_hours=true") == {after}
    assert refs("?after_hours=false") == {world.refs["A"], world.refs["B"]}
    assert refs("?status=closed") == set()
    assert refs("?status=all") == {world.refs["A"], world.refs["B"], after}
    for bad in ("?status=gone", "?unit=nowhere", "?link=nolink", "?after_hours=maybe"):
        response = api.get("/api/v1/cases" + bad)
        assert response.status == 400
        assert response.json()["error"]["code"] == "invalid_input"


def test_case_detail_has_personal_data_and_history_and_is_logged(world: World) -> None:
    response = Api(world).get(f"/api/v1/cases/{world.refs['A']}")
    assert response.status == 200
    body = response.json()
    assert body["name"] == "Anna"
    assert body["transcript_consent"] is True and "min mamma har demens" in body["transcript"]
    assert [e["kind"] for e in body["history"]] == ["created", "booked"]
    assert all(ISO_WITH_OFFSET.match(e["at"]) for e in body["history"])
    assert "phone" not in body and body["has_phone"] is True
    entries = audit.list_entries(world.session_factory, "ekero", case_reference=world.refs["A"])
    assert [(e.action, e.via) for e in entries] == [("case.viewed", "api")]


def test_transitions_through_the_api(world: World) -> None:
    api = Api(world, "kontakt.aldre")
    ref = world.refs["A"]
    taken = api.post(f"/api/v1/cases/{ref}/take", {"version": 1})
    assert taken.status == 200, taken.text
    assert taken.json()["status"] == "taken"
    version = taken.json()["version"]
    missed = api.post(f"/api/v1/cases/{ref}/call", {
        "version": version, "outcome": "not_reached", "next_attempt_at": "2026-11-23T14:00:00+01:00"})
    assert missed.status == 200
    detail = api.get(f"/api/v1/cases/{ref}").json()
    assert detail["next_attempt_at"] == "2026-11-23T14:00:00+01:00"
    reached = api.post(f"/api/v1/cases/{ref}/call",
                       {"version": missed.json()["version"], "outcome": "reached"})
    assert reached.json()["status"] == "called"
    note = api.post(f"/api/v1/cases/{ref}/notes", {"text": "Bokade in i anhöriggrupp."})
    assert note.status == 201
    closed = api.post(f"/api/v1/cases/{ref}/close",
                      {"version": reached.json()["version"], "outcome": "support_started"})
    assert closed.json()["status"] == "closed"
    history = api.get(f"/api/v1/cases/{ref}").json()["history"]
    kinds = [e["kind"] for e in history]
    assert kinds == ["created", "booked", "taken", "call", "call", "called", "note_added", "closed"]
    assert history[-1]["detail"]["outcome"] == "support_started"
    assert history[-2]["text"] == "Bokade in i anhöriggrupp."


def test_forward_through_the_api(world: World) -> None:
    api = Api(world)
    ref = world.refs["B"]
    response = api.post(f"/api/v1/cases/{ref}/forward",
                        {"version": 1, "link_id": "aldreomsorg_demens", "reason": "Pappa har demens"})
    assert response.status == 200
    body = response.json()
    assert body["contact_point_id"] == "kontakt_aldreomsorg" and body["visible_to_you"] is True
    detail = api.get(f"/api/v1/cases/{ref}").json()
    assert detail["link_id"] == "aldreomsorg_demens" and detail["status"] == "booked"
    assert detail["history"][-1]["kind"] == "forwarded"
    assert detail["history"][-1]["text"] == "Pappa har demens"
    # The contact of the unit it left no longer sees it; the new unit's does.
    assert Api(world, "kontakt.ifo").get(f"/api/v1/cases/{ref}").status == 404
    assert Api(world, "kontakt.aldre").get(f"/api/v1/cases/{ref}").status == 200


@pytest.mark.parametrize("path,body,field", [
    ("take", {}, "version"),
    ("take", {"version": "1"}, "version"),
    ("take", {"version": True}, "version"),
    ("call", {"version": 1, "outcome": "maybe"}, "outcome"),
    ("call", {"version": 1, "outcome": "not_reached", "next_attempt_at": "soon"}, "next_attempt_at"),
    ("call", {"version": 1, "outcome": "not_reached",
              "next_attempt_at": "2026-11-23T08:00:00+01:00"}, "next_attempt_at"),
    ("forward", {"version": 1, "reason": "x y z"}, "link_id"),
    ("forward", {"version": 1, "link_id": "a", "unit_id": "b", "reason": "x y z"}, "link_id"),
    ("forward", {"version": 1, "unit_id": "ifo", "reason": ""}, "reason"),
    ("close", {"version": 1, "outcome": "solved"}, "outcome"),
    ("notes", {"text": ""}, "text"),
    ("notes", {"text": "x" * 2001}, "text"),
])
def test_bad_input_is_400_with_a_message(world: World, path: str, body: dict[str, Any],
                                         field: str) -> None:
    response = Api(world).post(f"/api/v1/cases/{world.refs['A']}/{path}", body)
    assert response.status == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["field"] == field and error["message"]


def test_body_that_is_not_json_is_400(world: World) -> None:
    api = Api(world)
    response = api.client.post(f"/api/v1/cases/{world.refs['A']}/take", data="version=1",
                               headers={**api.headers, "Content-Type": "application/json"})
    assert response.status == 400
    assert response.json()["error"]["code"] == "invalid_json"
    response = api.post(f"/api/v1/cases/{world.refs['A']}/take", [1, 2])
    assert response.status == 400


def test_concurrent_change_is_409_with_the_current_version(world: World) -> None:
    first, second = Api(world, "samordnare"), Api(world, "kontakt.aldre")
    ref = world.refs["A"]
    assert second.post(f"/api/v1/cases/{ref}/take", {"version": 1}).status == 200
    response = first.post(f"/api/v1/cases/{ref}/close", {"version": 1, "outcome": "other"})
    assert response.status == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["current_version"] == 2
    assert first.get(f"/api/v1/cases/{ref}").json()["status"] == "taken"


def test_action_not_allowed_in_the_status_is_409(world: World) -> None:
    api = Api(world)
    ref = world.refs["A"]
    closed = api.post(f"/api/v1/cases/{ref}/close", {"version": 1, "outcome": "other"})
    version = closed.json()["version"]
    response = api.post(f"/api/v1/cases/{ref}/take", {"version": version})
    assert response.status == 409
    assert response.json()["error"] == {
        "code": "not_changeable", "message": response.json()["error"]["message"],
        "case_status": "closed"}


def test_phone_reveal_through_the_api_is_logged(world: World) -> None:
    response = Api(world).post(f"/api/v1/cases/{world.refs['A']}/phone")
    assert response.status == 200
    assert response.json() == {"reference": world.refs["A"], "phone": "+46701740650",
                               "phone_display": "070-174 06 50"}
    entries = audit.list_entries(world.session_factory, "ekero", case_reference=world.refs["A"])
    assert [(e.action, e.via) for e in entries] == [("case.phone_revealed", "api")]


def test_unknown_api_path_is_json_404(world: World) -> None:
    response = Api(world).get("/api/v1/nothing")
    assert response.status == 404
    assert response.json()["error"]["code"] == "not_found"


def test_wrong_method_is_405(world: World) -> None:
    response = Api(world).client.request("DELETE", f"/api/v1/cases/{world.refs['A']}")
    assert response.status == 405


def test_figures_endpoint_agrees_with_what_happened(world: World) -> None:
    api = Api(world)
    ref = world.refs["A"]
    world.clock.advance(hours=1)
    called = api.post(f"/api/v1/cases/{ref}/call", {"version": 1, "outcome": "reached"})
    api.post(f"/api/v1/cases/{ref}/close",
             {"version": called.json()["version"], "outcome": "advice_given"})
    figures = api.get("/api/v1/figures?fran=2026-11-01&till=2026-11-30").json()
    assert figures["total"] == 2  # A and B; X belongs to another municipality
    assert figures["by_status"]["closed"] == 1 and figures["by_status"]["booked"] == 1
    assert figures["outcomes"] == {"advice_given": 1}
    assert figures["by_target_group"] == {"dementia": 1, "addiction": 1}
    assert figures["first_call_count"] == 1
    assert figures["first_call_median_hours"] == pytest.approx(1.0)
    assert Api(world, "kontakt.aldre").get("/api/v1/figures").status == 403
    assert datetime.fromisoformat(figures["start"]).year == 2026


def test_api_ignores_session_cookies(world: World) -> None:
    client = world.signed_in("samordnare")
    assert client.get("/api/v1/cases").status == 401


def test_api_token_last_used_is_recorded_and_revocation_works(world: World) -> None:
    client = world.client()
    headers = {"Authorization": f"Bearer {world.tokens['samordnare']}"}
    assert client.get("/api/v1/cases", headers=headers).status == 200
    tokens = accounts.list_api_tokens(world.session_factory, "ekero")
    mine = [t for t in tokens if t.username == "samordnare" and t.revoked_at is None]
    assert mine and mine[0].last_used_at is not None
    accounts.revoke_api_token(world.session_factory, mine[0].id, municipality="ekero",
                              actor=accounts.Principal(0, "cli", "admin", "ekero", None).actor("cli"),
                              now=world.clock())
    assert client.get("/api/v1/cases", headers=headers).status == 401
