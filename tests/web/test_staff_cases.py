"""Staff casework pages: the queue, the morning view, and the case page (escaped), its actions and history."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.callbacks.cases import attach_transcript
from bot.staff import audit
from bot.storage import Case
from tests.web.conftest import World, at, book


def test_queue_shows_counts_and_filters(world: World) -> None:
    page = world.signed_in("samordnare").get("/personal/ko").text
    assert "Att arbeta med (2)" in page and "Bokad, inte tagen (2)" in page
    assert "Avslutad (0)" in page
    filtered = world.signed_in("samordnare").get("/personal/ko?unit=ifo").text
    assert world.refs["B"] in filtered and world.refs["A"] not in filtered
    bad = world.signed_in("samordnare").get("/personal/ko?status=nope")
    assert bad.status == 400


def test_queue_puts_overdue_cases_first(world: World) -> None:
    # Booked last Friday for this morning's window, which has already passed by 09.30.
    early = book(world.session_factory, world.profile, contact_point="kontakt_aldreomsorg",
                 start=at(23, 8), hours=1, now=at(20, 10))
    page = world.signed_in("samordnare").get("/personal/ko").text
    order = [ref for ref in (early, world.refs["A"], world.refs["B"]) if ref in page]
    assert sorted(order, key=page.index) == [early, world.refs["A"], world.refs["B"]]
    assert "Försenad: Inte tagen i tid" in page or "Försenad: Den bokade tiden har passerat" in page


def test_morning_view_shows_after_hours_since_last_working_day(world: World) -> None:
    # Friday 20 November closes 15.00 in Ekerö's example hours.
    before_close = book(world.session_factory, world.profile, contact_point="kontakt_aldreomsorg",
                        start=at(24, 10), now=at(20, 14))
    friday_evening = book(world.session_factory, world.profile, contact_point="kontakt_ifo",
                          start=at(24, 13), now=at(20, 18))
    sunday = book(world.session_factory, world.profile, contact_point="kontakt_aldreomsorg",
                  start=at(24, 10), now=at(22, 11))
    monday_early = book(world.session_factory, world.profile, contact_point="kontakt_aldreomsorg",
                        start=at(26, 13), now=at(23, 7))
    thursday_night = book(world.session_factory, world.profile, contact_point="kontakt_ifo",
                          start=at(24, 13), now=at(19, 22))
    page = world.signed_in("samordnare").get("/personal/morgon").text
    assert "sedan kontoret stängde fredag 20 november kl. 15.00" in page
    for ref in (friday_evening, sunday, monday_early):
        assert ref in page
    for ref in (before_close, thursday_night, world.refs["A"]):
        assert ref not in page
    own = world.signed_in("kontakt.aldre").get("/personal/morgon").text
    assert sunday in own and monday_early in own and friday_evening not in own


def open_case(world: World, who: str = "samordnare", ref: str | None = None):  # type: ignore[no-untyped-def]
    client = world.signed_in(who)
    page = client.get(f"/personal/arenden/{ref or world.refs['A']}")
    assert page.status == 200
    return client, page


def test_chat_text_with_html_and_script_is_shown_escaped(world: World) -> None:
    _, page = open_case(world)
    assert "<script>" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;lunch&lt;/b&gt;" in page.text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page.text
    # And the CSP would stop inline script even if something slipped through.
    assert "script-src 'none'" in page.headers["content-security-policy"]


def test_case_page_shows_summary_window_assignee_and_transcript(world: World) -> None:
    _, page = open_case(world)
    text = page.text
    assert "tisdag 24 november kl. 10.00–12.00" in text
    assert "Kontaktperson för anhörigstöd, äldreomsorg och demens (Äldreomsorgen)" in text
    assert "Anhörig till en förälder med demenssjukdom." in text
    assert "Anhöriglänken för äldreomsorg och demens" in text
    assert "min mamma har demens" in text  # the transcript, consent given
    assert "070" not in text  # the number only on request


def test_transcript_is_not_shown_without_consent(world: World) -> None:
    ref = book(world.session_factory, world.profile, contact_point="kontakt_aldreomsorg",
               start=at(26, 13), transcript="Anhörig: hemligt", transcript_consent=False)
    attach_transcript(world.session_factory, ref, "Anhörig: fortfarande hemligt")
    _, page = open_case(world, ref=ref)
    assert "hemligt" not in page.text
    assert "gav inte samtycke" in page.text


def test_viewing_a_case_is_audit_logged(world: World) -> None:
    open_case(world)
    entries = audit.list_entries(world.session_factory, "ekero", case_reference=world.refs["A"])
    assert [(e.action, e.actor, e.via) for e in entries] == [("case.viewed", "samordnare", "web")]
    assert set(entries[0].detail["fields"]) == {"name", "message", "situation_summary", "transcript"}


def test_phone_is_revealed_on_request_and_the_reveal_is_logged(world: World) -> None:
    client, page = open_case(world)
    response = client.post(f"/personal/arenden/{world.refs['A']}/telefon",
                           data={"csrf_token": page.csrf()})
    assert response.status == 200
    assert 'href="tel:+46701740650"' in response.text
    assert "070-174 06 50" in response.text
    actions = [e.action for e in audit.list_entries(world.session_factory, "ekero",
                                                     case_reference=world.refs["A"])]
    assert "case.phone_revealed" in actions


def test_phone_reveal_needs_post(world: World) -> None:
    client, _ = open_case(world)
    assert client.get(f"/personal/arenden/{world.refs['A']}/telefon").status == 405


def _act(client, ref: str, action: str, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/personal/arenden/{ref}")
    version = re.search(r'name="version" value="(\d+)"', page.text)
    data = {"csrf_token": page.csrf(), **fields}
    if version and "version" not in fields:
        data["version"] = version.group(1)
    return client.post(f"/personal/arenden/{ref}/{action}", data=data)


def test_work_a_case_from_booked_to_closed(world: World) -> None:
    client = world.signed_in("kontakt.aldre", ANHORIG_SESSION_IDLE_MINUTES="600")
    ref = world.refs["A"]
    response = _act(client, ref, "ta")
    assert response.status == 303 and response.location == f"/personal/arenden/{ref}?klart=taken"
    assert "Du har tagit ärendet." in client.get(response.location).text

    world.clock.advance(minutes=20)
    response = _act(client, ref, "samtal", outcome="not_reached")
    assert response.status == 303
    page = client.get(f"/personal/arenden/{ref}").text
    assert "Samtal 1: nådde inte den anhörige." in page
    assert "Nytt försök måndag 23 november kl. 11.50" in page  # two office hours later

    world.clock.advance(hours=3)
    assert _act(client, ref, "samtal", outcome="reached").status == 303
    page = client.get(f"/personal/arenden/{ref}").text
    assert "Samtal 2: nådde den anhörige." in page and "Ringd" in page

    assert _act(client, ref, "anteckning", text="Vill gå i anhöriggrupp <b>").status == 303
    assert _act(client, ref, "avsluta", outcome="support_started").status == 303
    page = client.get(f"/personal/arenden/{ref}").text
    assert "Avslutad" in page
    assert "Utfall: Stöd påbörjat" in page
    assert "Vill gå i anhöriggrupp &lt;b&gt;" in page
    assert "Spara samtalet" not in page  # no more actions on a closed case
    actions = [e.action for e in audit.list_entries(world.session_factory, "ekero",
                                                     case_reference=ref, actor="kontakt.aldre")]
    for action in ("case.taken", "case.call_recorded", "case.note_added", "case.closed"):
        assert action in actions


def test_a_stale_form_gets_409_and_the_fresh_case(world: World) -> None:
    client = world.signed_in("samordnare")
    ref = world.refs["A"]
    stale = client.get(f"/personal/arenden/{ref}")
    colleague = world.signed_in("kontakt.aldre")
    assert _act(colleague, ref, "ta").status == 303
    response = client.post(f"/personal/arenden/{ref}/avsluta", data={
        "csrf_token": stale.csrf(), "version": "1", "outcome": "other"})
    assert response.status == 409
    assert "Någon annan har ändrat ärendet" in response.text
    assert "Tagen av" in response.text and "kontakt.aldre" in response.text


def test_invalid_input_is_explained_on_the_page(world: World) -> None:
    client = world.signed_in("samordnare")
    ref = world.refs["A"]
    response = _act(client, ref, "avsluta", outcome="")
    assert response.status == 400
    assert "Välj ett utfall för ärendet." in response.text
    response = _act(client, ref, "lotsa-vidare", target="unit:ifo", reason="")
    assert response.status == 400 and "Skriv varför ärendet lotsas vidare" in response.text
    response = _act(client, ref, "lotsa-vidare", target="unit:finns_inte", reason="Behöver ifo")
    assert response.status == 400 and "finns inte i kommunens profil" in response.text
    response = _act(client, ref, "samtal", outcome="not_reached", next_attempt_at="i morgon")
    assert response.status == 400 and "ÅÅÅÅ-MM-DD" in response.text
    response = _act(client, ref, "ta", version="tre")
    assert response.status == 400


def test_forwarding_records_the_chain_and_moves_the_case_out_of_scope(world: World) -> None:
    client = world.signed_in("kontakt.aldre")
    ref = world.refs["A"]
    response = _act(client, ref, "lotsa-vidare", target="link:psykisk_funktionsnedsattning",
                    reason="Sonen har en psykisk funktionsnedsättning")
    assert response.status == 303
    assert response.location == "/personal/ko?klart=forwarded"  # no longer this unit's case
    assert client.get(f"/personal/arenden/{ref}").status == 404
    coordinator = world.signed_in("samordnare")
    page = coordinator.get(f"/personal/arenden/{ref}").text
    assert ("Lotsades vidare från Kontaktperson för anhörigstöd, äldreomsorg och demens "
            "(Äldreomsorgen) till Kontaktperson för anhörigstöd, socialpsykiatrin") in page
    assert "länk: Anhöriglänken för psykisk funktionsnedsättning" in page
    assert "Sonen har en psykisk funktionsnedsättning" in page
    assert "Bokad, inte tagen" in page  # the new contact has to take it


def test_closed_case_cannot_be_taken_again(world: World) -> None:
    client = world.signed_in("samordnare")
    ref = world.refs["B"]
    assert _act(client, ref, "avsluta", outcome="declined").status == 303
    with world.session_factory() as session:
        version = session.execute(select(Case.version).where(Case.reference == ref)).scalar_one()
    page = client.get(f"/personal/arenden/{ref}")
    response = client.post(f"/personal/arenden/{ref}/ta",
                           data={"csrf_token": page.csrf(), "version": str(version)})
    assert response.status == 409
    assert "Det går inte i läget" in response.text


@pytest.mark.parametrize("ref", ["abcdef", "ab", "../../etc", "ÅÄÖ123"])
def test_malformed_references_are_plain_404(world: World, ref: str) -> None:
    client = world.signed_in("samordnare")
    assert client.get(f"/personal/arenden/{ref}").status == 404


def test_lowercase_reference_finds_the_case(world: World) -> None:
    client = world.signed_in("samordnare")
    assert client.get(f"/personal/arenden/{world.refs['A'].lower()}").status == 200
