"""Staff pages: structure for keyboard and screen reader, morning view, figures, CSV, log, accounts."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from bot.staff import audit
from tests.web.conftest import PASSWORD, World, at, book


class Structure(HTMLParser):
    """Collects what the accessibility checks need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.h1 = 0
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.fields: list[dict[str, str]] = []
        self.labels: set[str] = set()
        self.skip_link = False
        self.buttons_without_text = 0
        self._button_text: list[str] | None = None
        self.tables_without_caption = 0
        self._table_caption: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
            self.h1 += tag == "h1"
        if tag in ("main", "nav", "header", "footer"):
            self.landmarks.add(tag)
        if tag == "a" and a.get("href") == "#innehall":
            self.skip_link = True
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append(a)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag == "button":
            self._button_text = []
        if tag == "table":
            self._table_caption.append(False)
        if tag == "caption" and self._table_caption:
            self._table_caption[-1] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button_text is not None:
            if not "".join(self._button_text).strip():
                self.buttons_without_text += 1
            self._button_text = None
        if tag == "table" and self._table_caption:
            self.tables_without_caption += 0 if self._table_caption.pop() else 1

    def handle_data(self, data: str) -> None:
        if self._button_text is not None:
            self._button_text.append(data)


def check_structure(html: str, where: str) -> None:
    page = Structure()
    page.feed(html)
    assert page.html_lang == "sv", where
    assert page.h1 == 1, where
    assert page.skip_link, where
    assert {"main", "header", "footer"} <= page.landmarks, where
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"{where}: heading level jumps {previous}->{current}"
    for field in page.fields:
        labelled = field.get("id") in page.labels or field.get("aria-label")
        assert labelled, f"{where}: unlabelled field {field}"
    assert page.buttons_without_text == 0, where
    assert page.tables_without_caption == 0, where


PAGES = {
    "kontakt.aldre": ["/personal/ko", "/personal/morgon", "/personal/arenden/{A}"],
    "samordnare": ["/personal/ko", "/personal/ko?status=all", "/personal/morgon",
                   "/personal/arenden/{B}", "/personal/uppfoljning", "/personal/logg"],
    "admin": ["/personal/konton"],
    None: ["/", "/personal/logga-in", "/finns-inte"],
}


@pytest.mark.parametrize("who,path", [(w, p) for w, paths in PAGES.items() for p in paths])
def test_pages_have_structure_for_keyboard_and_screen_reader(world: World, who: Any,
                                                            path: str) -> None:
    client = world.signed_in(who) if who else world.client()
    response = client.get(path.format(**world.refs))
    assert response.status in (200, 404)
    check_structure(response.text, path)
    assert "<script" not in response.text


def test_css_has_visible_focus_and_no_inline_styles(world: World) -> None:
    css = world.client().get("/static/app.css").text
    assert ":focus-visible" in css and "outline: 3px solid" in css
    page = world.signed_in("samordnare").get("/personal/uppfoljning").text
    assert "style=" not in page


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


def _close(world: World, ref: str, outcome: str) -> None:
    client = world.signed_in("samordnare")
    page = client.get(f"/personal/arenden/{ref}")
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(f"/personal/arenden/{ref}/avsluta",
                           data={"csrf_token": page.csrf(), "version": version, "outcome": outcome})
    assert response.status == 303


def test_figures_page_has_charts_with_tables(world: World) -> None:
    _close(world, world.refs["A"], "advice_given")
    page = world.signed_in("samordnare").get("/personal/uppfoljning").text
    assert '<svg class="chart" role="img" aria-label="Ärenden per målgrupp"' in page
    assert "<caption>Ärenden per målgrupp</caption>" in page
    assert "Demenssjukdom" in page and "Missbruk och beroende" in page
    assert "Råd, information och vägledning" in page
    assert "Anna" not in page and "070" not in page


def test_csv_export_has_no_personal_data_and_hides_small_counts(world: World) -> None:
    _close(world, world.refs["A"], "advice_given")
    client = world.signed_in("samordnare")
    response = client.get("/personal/uppfoljning.csv?fran=2026-11-01&till=2026-11-30")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.text.lstrip("\ufeff")
    for personal in ("Anna", "070", "+46", world.refs["A"], world.refs["B"], "script", "lunch"):
        assert personal not in text
    assert not re.search(r"\bBo\b", text)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Mått", "Kategori", "Värde"]
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert values[("Ärenden", "Totalt")] == "2"
    assert values[("Målgrupp", "Demenssjukdom")] == "<5"
    assert values[("Utfall", "Råd, information och vägledning")] == "<5"
    assert values[("Status", "Tagen")] == "0"  # zero is nobody and is shown
    actions = [e.action for e in audit.list_entries(world.session_factory, "ekero",
                                                     actor="samordnare")]
    assert "figures.exported" in actions


def test_figures_period_is_validated(world: World) -> None:
    client = world.signed_in("samordnare")
    assert client.get("/personal/uppfoljning?fran=2026-12-01&till=2026-11-01").status == 400
    assert client.get("/personal/uppfoljning?fran=igår").status == 400


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
