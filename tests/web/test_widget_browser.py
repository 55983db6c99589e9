"""The embeddable widget in headless Chromium: accessibility (axe-core), keyboard, reflow, offline, reload.

The web app runs as in production (``python -m bot.web``); Rasa is a small fake
over HTTP (:mod:`tests.web.fake_rasa`) that records what it receives, so most
tests are quick. The last test runs the real stack (a trained model, Rasa, the
action server) and books a callback in the widget. axe-core comes from npm
(``package.json`` at the repository root, installed by ``scripts/test.sh`` with
``npm ci``) and is injected with WebDriver, which the pages' CSP does not stop.
Screenshots of every state checked land in ``results/browser/``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.conftest import ActionServer
from tests.web.conftest import ROOT, Live, browser_tools_required, requires_chromium
from tests.web.fake_rasa import GREETING, FakeRasa

pytestmark = [pytest.mark.browser, requires_chromium]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "results" / "browser"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_MISSING = "axe-core missing (npm ci at the repository root; scripts/test.sh runs it)"
# Skipped only outside CI; in CI (browser_tools_required) axe() fails instead.
requires_axe = pytest.mark.skipif(not AXE.exists() and not browser_tools_required(), reason=AXE_MISSING)

# Records, in order, what is added to the role=log region and whether the region was
# visible then: nodes added while it is hidden (the history loaded on open) are not read out.
LIVE_WATCH = """
window.__announced = []; window.__quiet = 0;
const hiddenLogs = new WeakMap();
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === 'attributes') {
      if (r.target.getAttribute && r.target.getAttribute('role') === 'log') {
        hiddenLogs.set(r.target, r.oldValue === null);
      }
      continue;
    }
    const log = r.target.closest ? r.target.closest('[role=log]') : null;
    if (!log) continue;
    const hidden = hiddenLogs.has(log) ? hiddenLogs.get(log) : true;
    for (const n of r.addedNodes) {
      if (n.nodeType !== 1 || n.tagName !== 'LI') continue;
      if (hidden) window.__quiet += 1; else window.__announced.push(n.textContent);
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'],
                      attributeOldValue: true});
"""


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa().start()
    yield fake
    fake.stop()


@pytest.fixture
def live(web_server: Callable[..., Live], fake_rasa: FakeRasa, tmp_path: Path) -> Live:
    return web_server(ANHORIG_RASA_URL=fake_rasa.url,
                      ANHORIG_TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'tracker.db'}")


# ---------------------------------------------------------------- helpers


def wait(browser: Any, condition: Callable[[Any], Any], timeout: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)


def css(browser: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, selector)


def css_all(browser: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(browser.find_elements(By.CSS_SELECTOR, selector))


def load(browser: Any, url: str) -> None:
    browser.get(url)
    wait(browser, lambda b: b.execute_script(
        "return !!document.querySelector('#anhoriglotsen .al-launcher')"))


def open_widget(browser: Any) -> None:
    css(browser, "#anhoriglotsen .al-launcher").click()
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-panel").is_displayed())
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-log").is_displayed())


def send(browser: Any, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    css(browser, "#anhoriglotsen .al-input").send_keys(text, Keys.ENTER)


def idle(browser: Any, timeout: float = 30) -> None:
    """Until nothing is queued and the typing indicator is gone."""
    wait(browser, lambda b: b.execute_script(
        "return (JSON.parse(sessionStorage.getItem('anhoriglotsen.queue') || '[]')).length === 0"
        " && document.querySelector('#anhoriglotsen .al-typing').hidden"), timeout)


def bot_texts(browser: Any) -> list[str]:
    return [li.text for li in css_all(browser, "#anhoriglotsen .al-list li.al-bot")]


def log_text(browser: Any) -> str:
    return str(browser.execute_script("return document.querySelector('#anhoriglotsen .al-list').textContent"))


def active(browser: Any) -> Any:
    return browser.switch_to.active_element


def screenshot(browser: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def axe(browser: Any, state: str) -> dict[str, Any]:
    """Run axe-core (WCAG 2.0/2.1 A and AA); print its summary; fail on any violation."""
    if not AXE.exists():
        pytest.fail(AXE_MISSING + "; required in CI (ANHORIG_ALLOW_SKIP=1 skips)")
    if not browser.execute_script("return typeof window.axe === 'object'"):
        browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})),"
        " passes: r.passes.length, incomplete: r.incomplete.length}))"
        ".catch(e => done({error: String(e)}));", AXE_TAGS)
    assert "error" not in result, result
    print(f"axe [{state}]: {len(result['violations'])} violations, {result['passes']} rules passed, "
          f"{result['incomplete']} to review by hand")
    screenshot(browser, state)
    assert result["violations"] == [], json.dumps(result["violations"], indent=1, ensure_ascii=False)
    return dict(result)


def expire_in(browser: Any, seconds: float) -> None:
    """Pretend the session ends in ``seconds``; the widget looks at the clock when the page is seen."""
    browser.execute_script(
        "sessionStorage.setItem('anhoriglotsen.expires', JSON.stringify(Date.now() + arguments[0] * 1000));"
        "document.dispatchEvent(new Event('visibilitychange'));", seconds)


def no_horizontal_scroll(browser: Any) -> None:
    width, inner = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"scrollWidth {width} > innerWidth {inner}"


def inside_viewport(browser: Any, selector: str) -> None:
    left, right, inner = browser.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return [r.left, r.right, window.innerWidth]", selector)
    assert left >= 0 and right <= inner + 0.5, (selector, left, right, inner)


# ---------------------------------------------------------------- accessibility


@requires_axe
def test_axe_finds_no_violations_closed_open_with_quick_replies_with_an_error_and_on_the_full_page(
    live: Live, fake_rasa: FakeRasa, browser: Any,
) -> None:
    load(browser, live.base + "/exempel")
    sos = css(browser, "#anhoriglotsen .al-bar .al-sos")
    assert sos.is_displayed() and sos.get_attribute("href") == "tel:112"
    assert css(browser, "#anhoriglotsen").get_attribute("lang") == "sv"
    axe(browser, "widget-closed")

    open_widget(browser)
    assert css(browser, "#anhoriglotsen .al-launcher").get_attribute("aria-expanded") == "true"
    axe(browser, "widget-open")

    send(browser, "hej")
    wait(browser, lambda b: css_all(b, "#anhoriglotsen .al-qr .al-reply"))
    group = css(browser, "#anhoriglotsen .al-qr")
    assert group.get_attribute("role") == "group"
    label = browser.find_element("id", group.get_attribute("aria-labelledby"))
    assert label.text == "Svarsalternativ"
    assert [b.text for b in css_all(browser, "#anhoriglotsen .al-qr button")] == ["Min mamma", "Min pappa"]
    axe(browser, "widget-quick-replies")

    fake_rasa.down = True
    send(browser, "kan någon ringa mig")
    wait(browser, lambda b: css_all(b, "#anhoriglotsen .al-failed"))
    failed = css(browser, "#anhoriglotsen .al-failed")
    links = {a.get_attribute("href") for a in failed.find_elements("css selector", "a")}
    assert "tel:112" in links and "tel:0701740606" in links, links  # 112 and the unit's number
    assert "tel:0701740605" in links  # socialjouren
    assert "Inte skickat" in log_text(browser)
    axe(browser, "widget-error")

    fake_rasa.down = False
    browser.get(live.base + "/")
    axe(browser, "full-page")
    browser.get(live.base + "/exempel/personuppgifter")
    axe(browser, "privacy-page")
    browser.get(live.base + "/personuppgifter")  # where the widget links by default
    axe(browser, "privacy-notice")


def test_an_empty_reply_and_an_unreachable_api_are_never_silence(live: Live, fake_rasa: FakeRasa,
                                                                 browser: Any) -> None:
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "tyst")  # the assistant answers with nothing
    wait(browser, lambda b: css_all(b, "#anhoriglotsen .al-failed"))
    assert "Jag har inget svar på det just nu" in log_text(browser)
    assert fake_rasa.count("tyst") == 1

    # The web app itself cannot be reached (online, but the request fails).
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/chat/api/message"]})
    send(browser, "hallå där")
    wait(browser, lambda b: len(css_all(b, "#anhoriglotsen .al-failed")) == 2)
    last = css_all(browser, "#anhoriglotsen .al-failed")[-1]
    assert "Chatten fungerar inte just nu" in last.text or "Jag kan inte svara just nu" in last.text
    hrefs = [a.get_attribute("href") for a in last.find_elements("css selector", "a")]
    assert hrefs[0] == "tel:112" and "tel:0701740606" in hrefs
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    assert fake_rasa.count("hallå där") == 0

    # The conversation cannot be read back after a reload: said so, with the numbers.
    fake_rasa.down = True
    browser.refresh()
    wait(browser, lambda b: b.execute_script("return !!document.querySelector('#anhoriglotsen .al-failed')"))
    assert "tel:112" in css(browser, "#anhoriglotsen .al-failed").get_attribute("innerHTML")


def test_keyboard_only_shortcut_type_quick_reply_escape(live: Live, fake_rasa: FakeRasa,
                                                        browser: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    load(browser, live.base + "/exempel")
    launcher = css(browser, "#anhoriglotsen .al-launcher")
    assert launcher.get_attribute("aria-keyshortcuts") == "Alt+Shift+C"
    assert "Alt+Skift+C" in launcher.text  # the shortcut is written out, too

    def shortcut() -> None:
        ActionChains(browser).key_down(Keys.ALT).key_down(Keys.SHIFT).send_keys("c") \
            .key_up(Keys.SHIFT).key_up(Keys.ALT).perform()

    shortcut()
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-panel").is_displayed())
    assert "al-input" in active(browser).get_attribute("class")
    help_text = css(browser, "#anhoriglotsen .al-help").text
    assert "Alt+Skift+C" in help_text and "Esc" in help_text
    label = browser.find_element("css selector", f"label[for='{active(browser).get_attribute('id')}']")
    assert label.text == "Ditt meddelande" and label.is_displayed()

    active(browser).send_keys("hej", Keys.ENTER)
    wait(browser, lambda b: css_all(b, "#anhoriglotsen .al-qr .al-reply"))
    assert "al-input" in active(browser).get_attribute("class")  # focus stayed where it was
    # The quick replies come right before the text box in the tab order.
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert active(browser).text == "Min mamma"
    active(browser).send_keys(Keys.ENTER)
    wait(browser, lambda b: "Hur gammal är din mamma?" in log_text(b))
    assert fake_rasa.count("/inform_mamma") == 1
    users = [li.text for li in css_all(browser, "#anhoriglotsen .al-list li.al-user")]
    assert users[-1].endswith("Min mamma")  # the title is shown, the payload is sent
    assert "al-input" in active(browser).get_attribute("class")

    # Every control is reachable with Tab, and Tab leaves the widget again (no trap).
    seen: list[str] = []
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        element = active(browser)
        seen.append(element.get_attribute("class") or element.tag_name)
    joined = " ".join(seen)
    for cls in ("al-send", "al-end", "al-close", "al-launcher", "al-sos", "al-log"):
        assert cls in joined, (cls, seen)
    first_widget = next(i for i, c in enumerate(seen) if c.startswith("al-"))
    assert any(not c.startswith("al-") for c in seen[first_widget:]), seen  # focus went on to the page

    css(browser, "#anhoriglotsen .al-input").click()
    active(browser).send_keys(Keys.ESCAPE)
    wait(browser, lambda b: not css(b, "#anhoriglotsen .al-panel").is_displayed())
    assert "al-launcher" in active(browser).get_attribute("class")
    assert launcher.get_attribute("aria-expanded") == "false"
    shortcut()
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-panel").is_displayed())
    shortcut()
    wait(browser, lambda b: not css(b, "#anhoriglotsen .al-panel").is_displayed())
    assert "al-launcher" in active(browser).get_attribute("class")


def test_focus_is_visible_and_reduced_motion_stops_the_typing_dots(live: Live, browser: Any) -> None:
    load(browser, live.base + "/exempel")
    open_widget(browser)
    css(browser, "#anhoriglotsen .al-input").click()
    from selenium.webdriver.common.keys import Keys

    active(browser).send_keys(Keys.TAB)  # to the send button
    outline = browser.execute_script(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]")
    assert outline[0] == "solid" and outline[1] == "3px", outline
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                            {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    name = browser.execute_script(
        "const d = document.querySelector('#anhoriglotsen .al-dots span');"
        "d.closest('.al-typing').hidden = false; const n = getComputedStyle(d).animationName;"
        "d.closest('.al-typing').hidden = true; return n;")
    assert name == "none"


@pytest.mark.parametrize(("width", "height", "scale", "name"),
                         [(320, 640, 1, "320px"), (640, 800, 2, "zoom-200")])
def test_reflow_at_320_px_and_200_percent_zoom(live: Live, browser: Any, width: int, height: int,
                                               scale: int, name: str) -> None:
    # 200 % zoom of a 1280 px wide window is a 640 CSS px viewport at twice the pixel density.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})
    load(browser, live.base + "/exempel")
    no_horizontal_scroll(browser)
    inside_viewport(browser, "#anhoriglotsen .al-launcher")
    inside_viewport(browser, "#anhoriglotsen .al-bar .al-sos")
    screenshot(browser, f"reflow-{name}-closed")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: css_all(b, "#anhoriglotsen .al-qr .al-reply"))
    no_horizontal_scroll(browser)
    rect = browser.execute_script(
        "const r = document.querySelector('#anhoriglotsen .al-panel').getBoundingClientRect();"
        "const d = document.documentElement;"
        "return [r.left, r.top, r.width, r.height, d.clientWidth, d.clientHeight]")
    assert rect[:2] == [0, 0] and rect[2] == rect[4] and rect[3] == rect[5], rect  # the whole viewport
    for selector in (".al-head .al-sos", ".al-close", ".al-input", ".al-send", ".al-reply"):
        inside_viewport(browser, "#anhoriglotsen " + selector)
    screenshot(browser, f"reflow-{name}-open")


# ---------------------------------------------------------------- the conversation


def test_offline_messages_are_kept_and_sent_once_when_back_online(live: Live, fake_rasa: FakeRasa,
                                                                   browser: Any) -> None:
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: GREETING in log_text(b))

    browser.execute_cdp_cmd("Network.enable", {})
    conditions = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, **conditions})
    wait(browser, lambda b: b.execute_script("return navigator.onLine === false"))
    send(browser, "min mamma har demens")
    wait(browser, lambda b: "inte uppkopplad" in css(b, "#anhoriglotsen .al-status").text)
    queued = browser.execute_script("return JSON.parse(sessionStorage.getItem('anhoriglotsen.queue'))")
    assert [q["text"] for q in queued] == ["min mamma har demens"] and len(queued[0]["key"]) >= 8
    assert css_all(browser, "#anhoriglotsen li.al-pending")
    screenshot(browser, "widget-offline")
    time.sleep(1)
    assert fake_rasa.count("min mamma har demens") == 0

    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, **conditions})
    wait(browser, lambda b: "Du skrev: min mamma har demens" in log_text(b))
    idle(browser)
    assert not css_all(browser, "#anhoriglotsen li.al-pending")
    assert css(browser, "#anhoriglotsen .al-status").text == ""
    time.sleep(1)
    assert fake_rasa.count("min mamma har demens") == 1
    assert log_text(browser).count("Du skrev: min mamma har demens") == 1


def test_reload_and_another_page_keep_the_conversation_without_reading_it_out_again(
    live: Live, fake_rasa: FakeRasa, browser: Any,
) -> None:
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LIVE_WATCH})
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: css_all(b, "#anhoriglotsen .al-qr .al-reply"))
    send(browser, "english please")
    wait(browser, lambda b: "in English" in log_text(b))
    idle(browser)
    english = css_all(browser, "#anhoriglotsen li.al-bot")[-1]
    assert english.get_attribute("lang") == "en"
    before = log_text(browser)

    browser.refresh()
    wait(browser, lambda b: "in English" in log_text(b))
    assert css(browser, "#anhoriglotsen .al-panel").is_displayed()  # open state kept
    assert log_text(browser) == before
    assert css_all(browser, "#anhoriglotsen li.al-bot")[-1].get_attribute("lang") == "en"
    assert browser.execute_script("return window.__announced") == []  # the history is not read out
    assert browser.execute_script("return window.__quiet") == 4

    browser.find_element("link text", "Personuppgifter i chatten").click()
    wait(browser, lambda b: b.current_url.endswith("/exempel/personuppgifter"))
    wait(browser, lambda b: "in English" in log_text(b))
    assert css(browser, "#anhoriglotsen .al-panel").is_displayed()
    assert log_text(browser) == before
    assert browser.execute_script("return window.__announced") == []

    # A new message: only the new nodes are added (the old ones stay the same nodes).
    browser.execute_script("document.querySelectorAll('#anhoriglotsen .al-list li')"
                           ".forEach(li => { li.__old = true; })")
    send(browser, "tack")
    wait(browser, lambda b: "Du skrev: tack" in log_text(b))
    idle(browser)
    announced = browser.execute_script("return window.__announced")
    assert len(announced) == 2 and announced[0].endswith("tack") and "Du skrev: tack" in announced[1]
    assert browser.execute_script(
        "return [...document.querySelectorAll('#anhoriglotsen .al-list li')]"
        ".filter(li => li.__old).length") == 4
    assert fake_rasa.count("hej") == 1 and fake_rasa.count("tack") == 1

    # Closed on one page, closed on the next.
    css(browser, "#anhoriglotsen .al-close").click()
    browser.get(live.base + "/exempel")
    load(browser, live.base + "/exempel")
    time.sleep(0.5)
    assert not css(browser, "#anhoriglotsen .al-panel").is_displayed()


def test_end_and_delete_asks_first_then_leaves_no_conversation(live: Live, fake_rasa: FakeRasa,
                                                               browser: Any) -> None:
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: GREETING in log_text(b))
    end = css(browser, "#anhoriglotsen .al-end")
    end.click()
    question = css(browser, "#anhoriglotsen .al-confirm")
    assert question.is_displayed() and "radera" in question.text
    assert "al-confirm-text" in active(browser).get_attribute("class")
    css(browser, "#anhoriglotsen .al-confirm .al-secondary").click()  # no, go on
    assert not question.is_displayed() and "al-end" in active(browser).get_attribute("class")
    assert GREETING in log_text(browser)

    end.click()
    css(browser, "#anhoriglotsen .al-danger").click()
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-done").is_displayed())
    done = css(browser, "#anhoriglotsen .al-done").text
    assert "Samtalet är avslutat och raderat." in done and "Det här sparas:" in done
    assert "ärendet kvar hos kommunen" in done  # what is kept, from the API's answer
    assert log_text(browser) == ""
    screenshot(browser, "widget-ended")

    history = browser.execute_async_script(
        "const done = arguments[0]; fetch('/chat/api/history').then(r => r.json()).then(done)")
    assert history["messages"] == []
    browser.refresh()
    load(browser, live.base + "/exempel")
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-log").is_displayed())
    assert log_text(browser) == ""
    old_sender = fake_rasa.senders()[0]
    send(browser, "hej")
    wait(browser, lambda b: GREETING in log_text(b))
    assert fake_rasa.senders()[-1] != old_sender  # a new conversation


def test_a_warning_before_the_session_ends_and_a_button_to_continue(live: Live, fake_rasa: FakeRasa,
                                                                    browser: Any) -> None:
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: GREETING in log_text(b))
    expires = browser.execute_script("return JSON.parse(sessionStorage.getItem('anhoriglotsen.expires'))")
    now = browser.execute_script("return Date.now()")
    assert 1700_000 < expires - now <= 1800_000  # expires_in from the API (30 minutes)

    expire_in(browser, 90)
    warning = css(browser, "#anhoriglotsen .al-warn")
    wait(browser, lambda b: warning.is_displayed())
    assert warning.get_attribute("role") == "alert"
    assert "Samtalet avslutas om 2 minuter" in warning.text or "Samtalet avslutas om 1 minut" in warning.text
    screenshot(browser, "widget-timeout-warning")
    warning.find_element("css selector", "button").click()
    wait(browser, lambda b: not warning.is_displayed())
    assert css(browser, "#anhoriglotsen .al-status").text == "Samtalet fortsätter."
    expires = browser.execute_script("return JSON.parse(sessionStorage.getItem('anhoriglotsen.expires'))")
    assert expires - browser.execute_script("return Date.now()") > 1700_000

    expire_in(browser, -1)
    wait(browser, lambda b: "Samtalet avslutades" in log_text(b))


def test_the_warning_shows_on_the_launcher_while_the_widget_is_closed(
    web_server: Callable[..., Live], fake_rasa: FakeRasa, browser: Any, tmp_path: Path,
) -> None:
    # A real one-minute session: the API's expires_in is 60 seconds, the warning comes at 30.
    live = web_server(ANHORIG_RASA_URL=fake_rasa.url, ANHORIG_CHAT_IDLE_MINUTES="1",
                      ANHORIG_TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'tracker.db'}")
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: GREETING in log_text(b))
    css(browser, "#anhoriglotsen .al-close").click()
    wait(browser, lambda b: not css(b, "#anhoriglotsen .al-panel").is_displayed())
    expires = browser.execute_script("return JSON.parse(sessionStorage.getItem('anhoriglotsen.expires'))")
    assert 50_000 < expires - browser.execute_script("return Date.now()") <= 60_000

    note = css(browser, "#anhoriglotsen .al-bar-note")
    assert note.get_attribute("role") == "status" and note.text == ""  # there before it speaks
    wait(browser, lambda b: "Samtalet avslutas om 1 minut" in note.text, 45)
    launcher = css(browser, "#anhoriglotsen .al-launcher")
    assert note.is_displayed() and launcher.get_attribute("aria-describedby") == note.get_attribute("id")
    extend = css(browser, "#anhoriglotsen .al-bar-extend")
    assert extend.is_displayed() and extend.text == "Fortsätt samtalet"
    inside_viewport(browser, "#anhoriglotsen .al-bar-note")
    if AXE.exists() or browser_tools_required():
        axe(browser, "widget-closed-timeout-warning")

    extend.click()
    wait(browser, lambda b: note.text == "Samtalet fortsätter.")
    assert not extend.is_displayed() and not css(browser, "#anhoriglotsen .al-panel").is_displayed()
    assert "al-launcher" in active(browser).get_attribute("class")
    expires = browser.execute_script("return JSON.parse(sessionStorage.getItem('anhoriglotsen.expires'))")
    assert expires - browser.execute_script("return Date.now()") > 50_000
    # The cookie was set again: the conversation is still there.
    history = browser.execute_async_script(
        "const done = arguments[0]; fetch('/chat/api/history').then(r => r.json()).then(done)")
    assert GREETING in json.dumps(history["messages"], ensure_ascii=False)

    # Opening the panel shows the warning there, and the bar goes quiet.
    expire_in(browser, 20)
    wait(browser, lambda b: "Samtalet avslutas om 1 minut" in note.text)
    launcher.click()
    wait(browser, lambda b: css(b, "#anhoriglotsen .al-warn").is_displayed())
    assert note.text == "" and launcher.get_attribute("aria-describedby") is None
    css(browser, "#anhoriglotsen .al-close").click()
    wait(browser, lambda b: "Samtalet avslutas om 1 minut" in note.text)  # closed again: on the bar

    # Run out while closed: the bar says so.
    expire_in(browser, -1)
    wait(browser, lambda b: "Samtalet avslutades" in note.text)
    assert not css(browser, "#anhoriglotsen .al-bar-extend").is_displayed()
    assert "Samtalet avslutades" in log_text(browser)


def test_input_errors_are_announced_and_described(live: Live, browser: Any) -> None:
    load(browser, live.base + "/exempel")
    open_widget(browser)
    css(browser, "#anhoriglotsen .al-send").click()
    error = css(browser, "#anhoriglotsen .al-error")
    assert error.is_displayed() and error.get_attribute("role") == "alert"
    box = css(browser, "#anhoriglotsen .al-input")
    assert box.get_attribute("aria-invalid") == "true"
    assert error.get_attribute("id") in box.get_attribute("aria-describedby").split()
    box.send_keys("h")
    assert not error.is_displayed() and box.get_attribute("aria-invalid") is None


# ---------------------------------------------------------------- the real stack


DAY = "2026-11-24T09:30:00+01:00"  # Tuesday, office open
CONVERSATION = ["min mamma har demens", "hon är 84", "kan någon ringa mig", "ja", "Anna",
                "070-174 06 90", "den första", "nej"]
PASSWORD = "ett långt lösenord för test"


@pytest.mark.model
def test_a_relative_books_a_callback_in_the_widget_and_it_is_in_the_staff_queue(
    rasa_server: int, action_server: ActionServer, web_server: Callable[..., Live], browser: Any,
) -> None:
    action_server.start("ekero", DAY)
    live = web_server(ANHORIG_NOW=DAY, ANHORIG_DATABASE_URL=action_server.database_url,
                      ANHORIG_RASA_URL=f"http://127.0.0.1:{rasa_server}")
    load(browser, live.base + "/exempel")
    open_widget(browser)
    send(browser, "hej")
    wait(browser, lambda b: bot_texts(b), 90)
    idle(browser, 90)
    for message in CONVERSATION:
        count = len(bot_texts(browser))
        send(browser, message)
        wait(browser, lambda b, count=count: len(bot_texts(b)) > count, 90)
        idle(browser, 90)
    conversation = log_text(browser)
    assert "al-failed" not in browser.page_source
    found = re.search(r"Ditt bokningsnummer är ([2-9A-Z]{6})", conversation)
    assert found, conversation
    screenshot(browser, "widget-booked")

    live.cli("user", "add", "samordnare.widget", "--role", "coordinator", "--password-stdin",
             stdin=PASSWORD + "\n")
    token = live.cli("token", "create", "samordnare.widget").strip()
    queue = live.api("/api/v1/cases", token)
    assert found.group(1) in {c["reference"] for c in queue["cases"]}
    case = live.api(f"/api/v1/cases/{found.group(1)}", token)
    assert case["status"] == "booked" and case["contact_point_id"] == "kontakt_aldreomsorg"
