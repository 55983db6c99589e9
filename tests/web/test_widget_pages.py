"""The example page /exempel embeds the widget with one element and one script, under a strict CSP."""

from __future__ import annotations

import html
import json
import re

from bot.texts.widget_ui import WIDGET_TEXTS
from bot.web.security import CSP, CSP_WIDGET, csp_for
from tests.web.conftest import World


def _widget_element(page: str) -> dict[str, str]:
    found = re.findall(r'<div id="anhoriglotsen"([^>]*)>', page)
    assert len(found) == 1, found
    return {name: html.unescape(value) for name, value in re.findall(r'(data-[a-z-]+)="([^"]*)"', found[0])}


def test_the_example_page_embeds_the_widget_with_one_script_and_one_element(world: World) -> None:
    page = world.client().get("/exempel")
    assert page.status == 200
    assert "<h1>Stöd till anhöriga</h1>" in page.text
    assert world.profile.name in page.text
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == ['<script src="/chat/widget.js" defer>']
    assert re.findall(r"<script[^>]*>(.*?)</script>", page.text, re.S) == [""]  # no inline script
    assert "style=" not in page.text
    attributes = _widget_element(page.text)
    assert attributes["data-api"] == "/chat/api"
    assert "data-texts" not in attributes  # the script has them built in
    script = world.client().get("/chat/widget.js").text
    fallback = json.loads(script.partition("\n")[0][len("window.ANHORIGLOTSEN = "):-1])["fallback"]
    assert fallback["emergency"] == "112"
    assert fallback["unit"]["phone"] == "070-174 06 06"  # Ekerö's anhörigkonsulent
    assert fallback["socialjour"]["phone"] == world.profile.socialjour.phone


def test_the_element_works_without_javascript_as_a_link_to_the_full_page(world: World) -> None:
    page = world.client().get("/exempel").text
    inner = page.split('<div id="anhoriglotsen"', 1)[1].split("</div>", 1)[0]
    assert '<a href="/">Chatta med Anhöriglotsen</a>' in inner
    assert '<a href="tel:112">112</a>' in inner


def test_the_privacy_page_is_where_the_widget_links_and_embeds_it_too(world: World) -> None:
    client = world.client()
    attributes = _widget_element(client.get("/exempel").text)
    privacy = client.get(attributes["data-privacy-url"])
    assert privacy.status == 200
    assert "Avsluta och radera" in privacy.text
    assert _widget_element(privacy.text)["data-api"] == "/chat/api"


def test_the_default_privacy_url_is_a_page_that_says_what_is_stored_and_for_how_long(
    world: World,
) -> None:
    client = world.client(ANHORIG_CHAT_IDLE_MINUTES="20")
    privacy_url = client.get("/chat/api/config").json()["privacy_url"]
    page = client.get(privacy_url)
    assert page.status == 200
    assert "<h1>Så hanterar chatten dina uppgifter</h1>" in page.text
    text = re.sub(r"<[^>]+>", "", page.text)
    assert "Kakan gäller i 20 minuter efter det senaste du gjorde i chatten" in text
    assert "högst en kvart" in text
    assert "Det tas bort tre veckor efter att ärendet har avslutats" in text
    assert "Avsluta och radera" in text and "Börja om" in text
    assert world.profile.name in text  # generic to the municipality
    # An ordinary page: no widget, no script, the strict CSP.
    assert "<script" not in page.text and 'id="anhoriglotsen"' not in page.text
    assert page.headers["content-security-policy"] == CSP
    # The example's own notice says the same.
    example = re.sub(r"<[^>]+>", "", client.get("/exempel/personuppgifter").text)
    assert "Kakan gäller i 20 minuter" in example and "tre veckor" in example


def test_scripts_are_allowed_only_where_the_widget_runs_and_only_from_this_origin(world: World) -> None:
    client = world.client()
    example = client.get("/exempel").headers["content-security-policy"]
    assert example == CSP_WIDGET
    directives = dict(part.strip().split(" ", 1) for part in example.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in example and "http" not in example
    for path in ("/", "/personal/logga-in", "/health", "/exempelx"):
        assert client.get(path).headers["content-security-policy"] == CSP, path
    assert "script-src 'none'" in CSP
    assert csp_for("/exempel/personuppgifter") == CSP_WIDGET


def test_the_widget_files_are_served_with_their_types(world: World) -> None:
    client = world.client()
    script = client.get("/static/widget/widget.js")
    style = client.get("/static/widget/widget.css")
    assert script.status == 200 and "javascript" in script.headers["content-type"]
    assert style.status == 200 and "text/css" in style.headers["content-type"]
    # The script holds keys only: every text the page gives is looked up by key.
    for key in ("launcher", "emergency", "end", "extend", "offline", "quick_replies"):
        assert f't("{key}"' in script.text, key
    assert "Avsluta och radera" not in script.text
    # On a municipality's site (same site, another origin) the visitor cookie must go along.
    assert 'credentials: "include"' in script.text and "same-origin" not in script.text


def test_the_script_for_a_municipal_site_has_its_texts_and_numbers_built_in(world: World) -> None:
    client = world.client()
    script = client.get("/chat/widget.js")
    style = client.get("/chat/widget.css")
    assert script.status == 200 and "javascript" in script.headers["content-type"]
    assert style.status == 200 and "text/css" in style.headers["content-type"]
    first, _, code = script.text.partition("\n")
    assert first.startswith("window.ANHORIGLOTSEN = ") and first.endswith(";")
    built_in = json.loads(first[len("window.ANHORIGLOTSEN = "):-1])
    assert built_in["texts"] == WIDGET_TEXTS
    assert built_in["fallback"]["emergency"] == "112" and built_in["fallback"]["unit"]["phone"]
    assert code == client.get("/static/widget/widget.js").text
    assert "</" not in first  # nothing in the texts can close a script element
