"""Fixtures for the web tests: a seeded database, an app on it, and a cookie-keeping client.

The database is migrated and seeded once per session (accounts of every
role, cases in two units and in another municipality, API tokens, signed-in
sessions) and copied for each test, so tests may change it freely. The seeded
database is shared with the staff tests (:mod:`tests.bot.staff.seeded`); here
its world gets an app, a settable clock and a stand-in for Rasa.
"""

from __future__ import annotations

import asyncio
import itertools
import json as jsonlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from bot.settings import load_settings
from bot.web.app import create_app
from bot.web.chat import ChatButton, ChatLine, ChatUnavailable
from tests.bot.staff import seeded

# The web tests import these from here; they live with the seeded database.
from tests.bot.staff.seeded import NOW, PASSWORD
from tests.bot.staff.seeded import at as at
from tests.bot.staff.seeded import book as book
from tests.conftest import internal_environment

SECRET = "test-secret-" + "x" * 40


class Clock:
    """A settable clock for the app (time moves only when a test says so)."""

    def __init__(self, now: datetime) -> None:
        self.value = now

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> None:
        self.value = self.value + timedelta(**delta)


class FakeChat:
    """Stands in for Rasa: records messages, answers with canned replies, can be 'down'."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.metadata: list[dict[str, str]] = []
        self.lines: dict[str, list[ChatLine]] = {}
        self.down = False
        self.reply = ChatLine("bot", "Hej! Vem hjälper du?",
                              (ChatButton("Min mamma", "/inform{\"relation\":\"parent\"}"),))

    async def send(self, sender_id: str, message: str,
                   metadata: Optional[dict[str, str]] = None) -> list[ChatLine]:
        if self.down:
            raise ChatUnavailable()
        self.sent.append((sender_id, message))
        self.metadata.append(dict(metadata or {}))
        self.lines.setdefault(sender_id, []).extend([ChatLine("user", message), self.reply])
        return [self.reply]

    async def history(self, sender_id: str) -> list[ChatLine]:
        if self.down:
            raise ChatUnavailable()
        return list(self.lines.get(sender_id, []))


@dataclass
class World(seeded.World):
    """One test's database, app and helpers."""

    clock: Clock = field(default_factory=lambda: Clock(NOW))
    chat: FakeChat = field(default_factory=FakeChat)

    @property
    def tracker_store_url(self) -> str:
        """A Rasa tracker store of this test only, next to its database (never var/)."""
        return self.url.replace("web.db", "rasa_tracker.db")

    def app(self, **env: str) -> Any:
        settings = load_settings({"ANHORIG_SECRET_KEY": SECRET,
                                  "ANHORIG_TRACKER_STORE_URL": self.tracker_store_url, **env})
        return create_app(settings, session_factory=self.session_factory, profile=self.profile,
                          now=self.clock, chat=self.chat, name=f"test_{next(_app_names)}")

    def client(self, **env: str) -> Client:
        return Client(self.app(**env))

    def signed_in(self, username: str, **env: str) -> Client:
        """A client with the seeded session cookie of ``username`` (no sign-in round trip)."""
        client = self.client(**env)
        client.cookies["anhorig_session"] = self.sessions[username]
        return client


_app_names = itertools.count(1)

cheap_hasher = seeded.cheap_hasher
seed = seeded.seed
world = seeded.world


@pytest.fixture
def world_type() -> type[World]:
    return World


# ---------------------------------------------------------------- client


@dataclass
class Response:
    status: int
    headers: Any
    text: str

    @property
    def location(self) -> Optional[str]:
        return self.headers.get("location")

    @property
    def set_cookies(self) -> list[str]:
        return list(self.headers.get_list("set-cookie"))

    def json(self) -> Any:
        return jsonlib.loads(self.text)

    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.text)
        assert match, "no CSRF token on the page"
        return match.group(1)


class Client:
    """Sends requests through Sanic's ASGI test client and keeps cookies like a browser."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, data: Optional[dict[str, Any]] = None,
                json: Any = None, headers: Optional[dict[str, str]] = None,
                cookies: bool = True, content: Optional[bytes] = None) -> Response:
        async def go() -> Any:
            kwargs: dict[str, Any] = {"headers": headers or {}, "allow_redirects": False}
            if cookies:
                kwargs["cookies"] = dict(self.cookies)
            if data is not None:
                kwargs["data"] = data
            if json is not None:
                kwargs["json"] = json
            if content is not None:
                kwargs["content"] = content
            return await getattr(self.app.asgi_client, method.lower())(path, **kwargs)

        _, raw = asyncio.run(go())
        response = Response(raw.status, raw.headers, raw.text)
        for cookie in response.set_cookies:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.request("POST", path, **kwargs)

    def form(self, page: str, action: str, fields: dict[str, Any]) -> Response:
        """GET ``page`` for its CSRF token, then POST ``fields`` to ``action`` like a browser."""
        token = self.get(page).csrf()
        return self.post(action, data={"csrf_token": token, **fields})

    def login(self, username: str, password: str = PASSWORD) -> Response:
        return self.form("/personal/logga-in", "/personal/logga-in",
                         {"username": username, "password": password})


# ---------------------------------------------------------------- live server and browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

CHROMIUM_MISSING = "chromium/chromedriver missing (scripts/chromium.sh installs them)"


def browser_tools_required() -> bool:
    """Whether a missing browser tool fails the browser tests instead of skipping them: in CI
    (``CI=true``) and under ``scripts/test.sh`` (``ANHORIG_REQUIRE_BROWSER=1``), unless
    ``ANHORIG_ALLOW_SKIP=1``."""
    flag = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
    flag = flag or os.environ.get("ANHORIG_REQUIRE_BROWSER") == "1"
    return flag and os.environ.get("ANHORIG_ALLOW_SKIP") != "1"


def chromium_missing() -> bool:
    return not (CHROMIUM.exists() and CHROMEDRIVER.exists())


# Skipped only outside CI; in CI the browser fixture fails instead.
requires_chromium = pytest.mark.skipif(
    chromium_missing() and not browser_tools_required(), reason=CHROMIUM_MISSING,
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
    """A web app running as in production (``python -m bot.web``), with its environment."""

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
            return jsonlib.loads(response.read())


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[Any]:
    """Start ``python -m bot.web`` with extra environment; stopped after the test."""
    from tests.conftest import free_port

    procs: list[subprocess.Popen[bytes]] = []

    def start(**extra: str) -> Live:
        port = free_port()
        env = {
            **internal_environment(),
            "ANHORIG_VAR_DIR": str(tmp_path),
            "ANHORIG_MUNICIPALITY": "ekero",
            "ANHORIG_WEB_HOST": "127.0.0.1",
            "ANHORIG_WEB_PORT": str(port),
            "ANHORIG_SECRET_KEY": "browser-test-secret-" + "s" * 32,
            "ANHORIG_RASA_URL": f"http://127.0.0.1:{free_port()}",  # no Rasa unless given
            # "Börja om" and "Avsluta och radera" delete here, never in the project's var/.
            "ANHORIG_TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'rasa_tracker.db'}",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("ANHORIG_DATABASE_URL", None)
        env.update(extra)
        proc = subprocess.Popen([sys.executable, "-m", "bot.web"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(proc)
        wait_http(f"http://127.0.0.1:{port}/health", proc)
        return Live(f"http://127.0.0.1:{port}", env, tmp_path)

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium with a fresh profile, driven by Selenium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if chromium_missing():
        pytest.fail(CHROMIUM_MISSING + "; required in CI (ANHORIG_ALLOW_SKIP=1 skips)")
    profile_dir = tempfile.mkdtemp(prefix="anhorig-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}",
                 "--window-size=1280,1600", "--lang=sv-SE"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)


def click_and_wait(browser: Any, element: Any, timeout: float = 60) -> None:
    """Click something that loads a new page, and wait until the new page is there.

    A click on a submit button does not wait for the page it leads to; without
    this the next look-up can hit the old page or an empty one.
    """
    _and_wait(browser, element.click, timeout)


def press_and_wait(browser: Any, element: Any, keys: str, timeout: float = 60) -> None:
    """Type keys (e.g. Enter in a form field) that load a new page, and wait for it."""
    _and_wait(browser, lambda: element.send_keys(keys), timeout)


def _and_wait(browser: Any, action: Any, timeout: float) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(browser, timeout).until(_detached(old))
    WebDriverWait(browser, timeout).until(
        expected_conditions.presence_of_element_located((By.TAG_NAME, "footer")))


def _detached(element: Any) -> Any:
    """Like ``expected_conditions.staleness_of``, for both ways ChromeDriver reports it.

    While the old page is being torn down, ChromeDriver sometimes answers with a
    plain WebDriverException ("Node with given id does not belong to the document")
    instead of StaleElementReferenceException; both mean the element is gone.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_driver: Any) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise
        return False

    return gone


def press_button(browser: Any, text: str) -> None:
    """Click the button with this text and wait for the page it loads."""
    from selenium.webdriver.common.by import By

    click_and_wait(browser, browser.find_element(By.XPATH, f"//button[normalize-space()='{text}']"))


def reach_and_close(browser: Any, outcome: str) -> None:
    """On a case page: register a call that reached the relative, then close with ``outcome``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.find_element(By.CSS_SELECTOR, "label[for='call-reached']").click()
    press_button(browser, "Spara samtalet")
    assert "Samtalet är registrerat." in browser.find_element(By.CSS_SELECTOR, ".done").text
    Select(browser.find_element(By.ID, "close-outcome")).select_by_value(outcome)
    press_button(browser, "Avsluta ärendet")
    assert "Ärendet är avslutat." in browser.find_element(By.CSS_SELECTOR, ".done").text
