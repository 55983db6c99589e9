"""A real browser (headless Chromium via Selenium) works a callback from the queue to closed.

The web app runs as it does in production (``python -m bot.web`` in its own
process, the README's way); the coordinator is created with the installed
CLI; the case is booked through the same service call the chat's booking
action makes (``bot.booking.create_case_and_booking``). Then the browser signs
in with the keyboard, finds the case in the queue, takes it, records a call,
closes it, and the API and the figures page agree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.booking import create_case_and_booking
from bot.calendar import Slot
from bot.clock import STOCKHOLM
from bot.knowledge.loader import load_profile
from bot.storage import create_engine_for, make_session_factory, upgrade_database
from tests.conftest import free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=STOCKHOLM)
PASSWORD = "ett långt lösenord för test"

requires_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="chromium/chromedriver missing (scripts/chromium.sh installs them)",
)


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"web app exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} not ready")


class Live:
    def __init__(self, base: str, env: dict[str, str], var_dir: Path) -> None:
        self.base = base
        self.env = env
        self.var_dir = var_dir

    def cli(self, *args: str, stdin: str = "") -> str:
        exe = ROOT / ".venv" / "bin" / "anhoriglots"
        command = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot.cli"]
        done = subprocess.run([*command, *args], input=stdin, capture_output=True, text=True,
                              env=self.env, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def api(self, path: str, token: str) -> Any:
        request = urllib.request.Request(self.base + path,
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    port = free_port()
    env = {
        **os.environ,
        "ANHORIG_VAR_DIR": str(tmp_path),
        "ANHORIG_MUNICIPALITY": "ekero",
        "ANHORIG_WEB_HOST": "127.0.0.1",
        "ANHORIG_WEB_PORT": str(port),
        "ANHORIG_SECRET_KEY": "browser-test-secret-" + "s" * 32,
        "ANHORIG_NOW": NOW.isoformat(),
        "ANHORIG_RASA_URL": f"http://127.0.0.1:{free_port()}",  # no Rasa: the chat says so
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ANHORIG_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "bot.web"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc)
        yield Live(f"http://127.0.0.1:{port}", env, tmp_path)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile_dir = tempfile.mkdtemp(prefix="anhorig-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}",
                 "--window-size=1280,1600", "--lang=sv-SE"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)


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
    from selenium.webdriver.support.ui import Select

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
    browser.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    assert browser.current_url == live.base + "/personal/ko"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kö för återuppringning"

    # The case booked a moment ago is in the queue.
    browser.find_element(By.LINK_TEXT, reference).click()
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Ärende {reference}"
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "tisdag 24 november kl. 10.00–12.00" in body
    assert "Ring gärna <b>efter lunch</b>" in body  # shown as text, not markup

    browser.find_element(By.XPATH, "//button[normalize-space()='Ta ärendet']").click()
    assert "Du har tagit ärendet." in browser.find_element(By.CSS_SELECTOR, ".done").text

    browser.find_element(By.XPATH, "//button[normalize-space()='Visa telefonnummer']").click()
    assert browser.find_element(By.CSS_SELECTOR, "a[href^='tel:']").text == "070-174 06 50"

    browser.find_element(By.CSS_SELECTOR, "label[for='call-reached']").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Spara samtalet']").click()
    assert "Samtalet är registrerat." in browser.find_element(By.CSS_SELECTOR, ".done").text

    Select(browser.find_element(By.ID, "close-outcome")).select_by_value("advice_given")
    browser.find_element(By.XPATH, "//button[normalize-space()='Avsluta ärendet']").click()
    assert "Ärendet är avslutat." in browser.find_element(By.CSS_SELECTOR, ".done").text
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
    browser.find_element(By.XPATH, "//button[normalize-space()='Logga ut']").click()
    assert "Du är utloggad." in browser.find_element(By.TAG_NAME, "main").text
    browser.get(live.base + "/personal/ko")
    assert browser.current_url.startswith(live.base + "/personal/logga-in")


@requires_chromium
def test_chat_page_without_rasa_says_so(live: Live, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(live.base + "/")
    browser.find_element(By.ID, "message").send_keys("Hej")
    browser.find_element(By.XPATH, "//button[normalize-space()='Skicka']").click()
    alert = browser.find_element(By.CSS_SELECTOR, "[role='alert']").text
    assert "Chatten fungerar inte just nu" in alert and "112" in alert
