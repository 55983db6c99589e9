"""Oversight pages: the audit log, and accounts created, disabled and refused with explanations."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, World


def test_audit_log_shows_views_and_changes(world: World) -> None:
    coordinator = world.signed_in("samordnare")
    contact = world.signed_in("kontakt.aldre")
    page = contact.get(f"/personal/arenden/{world.refs['A']}")
    contact.post(f"/personal/arenden/{world.refs['A']}/telefon", data={"csrf_token": page.csrf()})
    log = coordinator.get(f"/personal/logg?referens={world.refs['A'].lower()}").text
    assert "Öppnade ärendet" in log and "Visade telefonnumret" in log
    assert "kontakt.aldre (kontaktperson)" in log
    by_user = coordinator.get("/personal/logg?anvandare=kontakt.aldre").text
    assert world.refs["A"] in by_user


def test_admin_creates_and_disables_accounts(world: World) -> None:
    admin = world.signed_in("admin")
    page = admin.get("/personal/konton")
    response = admin.post("/personal/konton", data={
        "csrf_token": page.csrf(), "username": "ny.kontakt", "role": "contact",
        "contact_point": "kontakt_ifo", "password": "ett nytt långt lösenord"})
    assert response.status == 303
    listing = admin.get("/personal/konton?klart=created").text
    assert "Kontot är skapat." in listing and "ny.kontakt" in listing
    assert world.client().login("ny.kontakt", "ett nytt långt lösenord").status == 303
    token = admin.get("/personal/konton").csrf()
    assert admin.post("/personal/konton/ny.kontakt/stang-av",
                      data={"csrf_token": token}).status == 303
    assert world.client().login("ny.kontakt", "ett nytt långt lösenord").status == 401


@pytest.mark.parametrize("fields,message", [
    ({"username": "x", "role": "coordinator"}, "Användarnamnet ska vara"),
    ({"username": "kontakt2", "role": "contact"}, "behöver en kontaktpunkt"),
    ({"username": "kontakt2", "role": "contact", "contact_point": "nope"}, "finns inte"),
    ({"username": "samordnare", "role": "coordinator"}, "finns redan"),
    ({"username": "kort", "role": "coordinator", "password": "kort"}, "minst 12 tecken"),
])
def test_account_form_explains_errors(world: World, fields: dict[str, str], message: str) -> None:
    admin = world.signed_in("admin")
    data = {"csrf_token": admin.get("/personal/konton").csrf(), "contact_point": "",
            "password": "ett nytt långt lösenord", **fields}
    response = admin.post("/personal/konton", data=data)
    assert response.status == 400
    assert message in response.text


def test_last_admin_cannot_be_disabled(world: World) -> None:
    admin = world.signed_in("admin")
    response = admin.post("/personal/konton/admin/stang-av",
                          data={"csrf_token": admin.get("/personal/konton").csrf()})
    assert response.status == 400
    assert "sista aktiva administratörskontot" in response.text
    assert world.client().login("admin", PASSWORD).status == 303  # still works
