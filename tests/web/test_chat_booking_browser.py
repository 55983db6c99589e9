"""The issue's "done when", end to end: a relative books in the chat, a coordinator closes it.

A trained model behind Rasa's REST channel, the real action server booking
into its database, and the web app on the same database; headless Chromium
plays both the relative (on the chat page) and the coordinator (on the
dashboard). Marked ``model`` and ``browser``: it needs both.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import pytest

from tests.conftest import ActionServer
from tests.web.conftest import Live, click_and_wait, press_button, reach_and_close, requires_chromium

pytestmark = [pytest.mark.model, pytest.mark.browser]

DAY = "2026-11-24T09:30:00+01:00"  # Tuesday, office open
SITUATION = ["min mamma har demens", "hon är 84"]
BOOKING = ["kan någon ringa mig", "ja", "Anna", "070-174 06 90", "den första", "nej"]
PASSWORD = "ett långt lösenord för test"


@requires_chromium
def test_relative_books_in_the_chat_and_a_coordinator_works_it_to_closed(
    rasa_server: int, action_server: ActionServer, web_server: Callable[..., Live], browser: Any,
) -> None:
    from selenium.webdriver.common.by import By

    action_server.start("ekero", DAY)
    live = web_server(ANHORIG_NOW=DAY, ANHORIG_DATABASE_URL=action_server.database_url,
                      ANHORIG_RASA_URL=f"http://127.0.0.1:{rasa_server}")

    # The relative, on the public chat page.
    browser.get(live.base + "/")
    for message in SITUATION + BOOKING:
        browser.find_element(By.ID, "message").send_keys(message)
        press_button(browser, "Skicka")
    conversation = browser.find_element(By.CSS_SELECTOR, "ol.chat").text
    found = re.search(r"Ditt bokningsnummer är ([2-9A-Z]{6})", conversation)
    assert found, conversation
    reference = found.group(1)
    assert "tisdag" in conversation or "onsdag" in conversation or "torsdag" in conversation

    # The coordinator, created with the CLI, on the dashboard of a fresh browser session.
    live.cli("user", "add", "samordnare.e2e", "--role", "coordinator", "--password-stdin",
             stdin=PASSWORD + "\n")
    token = live.cli("token", "create", "samordnare.e2e").strip()
    browser.delete_all_cookies()
    browser.get(live.base + "/personal/logga-in")
    browser.find_element(By.ID, "username").send_keys("samordnare.e2e")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    press_button(browser, "Logga in")
    browser.get(live.base + "/personal/ko?link=aldreomsorg_demens")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, reference))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Kontaktperson för anhörigstöd, äldreomsorg och demens" in main
    assert "Anna" in main and "min mamma har demens" in main  # the transcript, with consent

    reach_and_close(browser, "support_started")

    case = live.api(f"/api/v1/cases/{reference}", token)
    assert case["status"] == "closed" and case["contact_point_id"] == "kontakt_aldreomsorg"
    assert [e["kind"] for e in case["history"]][:2] == ["created", "booked"]
    assert [e["kind"] for e in case["history"]][-1] == "closed"
    figures = live.api("/api/v1/figures", token)
    assert figures["outcomes"].get("support_started", 0) >= 1

    # A contact of another unit cannot reach it by any route.
    live.cli("user", "add", "kontakt.ifo.e2e", "--role", "contact", "--contact-point",
             "kontakt_ifo", "--password-stdin", stdin=PASSWORD + "\n")
    other = live.cli("token", "create", "kontakt.ifo.e2e").strip()
    listed = live.api("/api/v1/cases?status=all", other)
    assert reference not in {c["reference"] for c in listed["cases"]}
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as refused:
        live.api(f"/api/v1/cases/{reference}", other)
    assert refused.value.code == 404
