"""Every page's structure for keyboard and screen reader; the style sheet; no script, no inline style."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from tests.web.conftest import World


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
