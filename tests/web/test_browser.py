"""A real browser (headless Chromium via Selenium) works a callback from the queue to closed.

The web app runs as it does in production (``python -m bot.web`` in its own
process, the README's way); the coordinator is created with the installed
CLI; the case is booked through the same service call the chat's booking
action makes (``bot.callbacks.booking.create_case_and_booking``). Then the browser signs
in with the keyboard, finds the case in the queue, takes it, records a call,
closes it, and the API and the figures page agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

import pytest

from bot.callbacks.booking import create_case_and_booking
from bot.callbacks.calendar import Slot
from bot.clock import STOCKHOLM
from bot.knowledge.loader import load_profile
from bot.storage import create_engine_for, make_session_factory, upgrade_database
from tests.web.conftest import (
    Live,
    click_and_wait,
    press_and_wait,
    press_button,
    reach_and_close,
    requires_chromium,
)

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=STOCKHOLM)
PASSWORD = "ett långt lösenord för test"


@pytest.fixture
def live(web_server: Callable[..., Live]) -> Live:
    return web_server(ANHORIG_NOW=NOW.isoformat())


def book_like_the_chat(var_dir: Path) -> str:
    """Book through the service call the chat's booking action uses."""
    url = f"sqlite:///{var_dir / 'anhoriglotsen.db'}"
    upgrade_database(url)
    engine = create_engine_for(url)
    try:
        profile = load_profile("ekero")
        start = datetime(2026, 11, 24, 10, tzinfo=STOCKHOLM)
        confirmation = create_case_and_booking(
            make_session_factory(engine), municipality="ekero",
            slot=Slot("kontakt_aldreomsorg", start, start + timedelta(hours=2), 2),
            consent=True, name="Anna", phone="070-174 06 50",
            message="Ring gärna <b>efter lunch</b>", link_id="aldreomsorg_demens",
            target_group="dementia", situation_summary="Anhörig till en förälder med demenssjukdom.",
            transcript="Anhörig: min mamma har demens", transcript_consent=True,
            office_hours=profile.office_hours, now=NOW - timedelta(minutes=5),
        )
        return confirmation.reference
    finally:
        engine.dispose()


@requires_chromium
def test_coordinator_signs_in_and_works_a_chat_booking_to_closed(live: Live, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    live.cli("user", "add", "samordnare", "--role", "coordinator", "--password-stdin",
             stdin=PASSWORD + "\n")
    token = live.cli("token", "create", "samordnare").strip()
    reference = book_like_the_chat(live.var_dir)

    # Signed out, the queue sends us to the sign-in page.
    browser.get(live.base + "/personal/ko")
    assert browser.current_url.startswith(live.base + "/personal/logga-in")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    # The first Tab reaches the skip link; then sign in with the keyboard only.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Hoppa till innehållet"
    browser.find_element(By.ID, "username").send_keys("samordnare")
    password = browser.find_element(By.ID, "password")
    password.send_keys(PASSWORD)
    press_and_wait(browser, password, Keys.ENTER)
    assert browser.current_url == live.base + "/personal/ko"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kö för återuppringning"

    # The case booked a moment ago is in the queue.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, reference))
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Ärende {reference}"
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "tisdag 24 november kl. 10.00–12.00" in body
    assert "Ring gärna <b>efter lunch</b>" in body  # shown as text, not markup

    press_button(browser, "Ta ärendet")
    assert "Du har tagit ärendet." in browser.find_element(By.CSS_SELECTOR, ".done").text

    press_button(browser, "Visa telefonnummer")
    assert browser.find_element(By.CSS_SELECTOR, "a[href^='tel:']").text == "070-174 06 50"

    reach_and_close(browser, "advice_given")
    history = browser.find_element(By.CSS_SELECTOR, "ol.history").text
    assert "Samtal 1: nådde den anhörige." in history
    assert "Utfall: Råd, information och vägledning." in history

    # The API and the figures page agree with what happened.
    case = live.api(f"/api/v1/cases/{reference}", token)
    assert case["status"] == "closed"
    assert [e["kind"] for e in case["history"]] == [
        "created", "booked", "taken", "call", "called", "closed"]
    figures = live.api("/api/v1/figures", token)
    assert figures["by_status"]["closed"] == 1 and figures["outcomes"] == {"advice_given": 1}
    browser.get(live.base + "/personal/uppfoljning")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Råd, information och vägledning" in page

    # Who saw the phone number is in the log.
    browser.get(live.base + f"/personal/logg?referens={reference}")
    log = browser.find_element(By.TAG_NAME, "main").text
    assert "Visade telefonnumret" in log and "Avslutade ärendet" in log

    # Sign out: the queue is closed again.
    press_button(browser, "Logga ut")
    assert "Du är utloggad." in browser.find_element(By.TAG_NAME, "main").text
    browser.get(live.base + "/personal/ko")
    assert browser.current_url.startswith(live.base + "/personal/logga-in")


@requires_chromium
def test_chat_page_without_rasa_says_so(live: Live, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(live.base + "/")
    browser.find_element(By.ID, "message").send_keys("Hej")
    press_button(browser, "Skicka")
    alert = browser.find_element(By.CSS_SELECTOR, "[role='alert']").text
    assert "Chatten fungerar inte just nu" in alert and "112" in alert
