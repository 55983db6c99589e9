"""Never silence on the chat page; Rasa's token on every call; the web app binds loopback only."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Optional

import pytest

from bot.settings import reset_settings_cache
from bot.web.chat import ChatLine, RasaChat
from tests.web.conftest import FakeChat, World


class SilentChat(FakeChat):
    """Rasa that keeps the message but answers with nothing."""

    async def send(self, sender_id: str, message: str,
                   metadata: Optional[dict[str, str]] = None) -> list[ChatLine]:
        self.sent.append((sender_id, message))
        self.lines.setdefault(sender_id, []).append(ChatLine("user", message))
        return []


def send(client: Any, message: str) -> Any:
    page = client.get("/")
    return client.post("/", data={"csrf_token": page.csrf(), "message": message})


def test_an_empty_reply_gives_the_numbers_on_the_page(world: World) -> None:
    world.chat = SilentChat()
    client = world.client()
    assert send(client, "hej").status == 303
    page = client.get("/")
    assert 'id="inget-svar"' in page.text
    assert "Jag kan inte svara på det just nu" in page.text
    for number in ("112", "90101", "1177", "070-174 06 06 (exempelnummer)", "070-174 06 05"):
        assert number in page.text


def test_a_reply_shows_no_notice(world: World) -> None:
    client = world.client()
    send(client, "hej")
    assert 'id="inget-svar"' not in client.get("/").text


def test_rasa_client_sends_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    targets: list[str] = []

    class Transport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, method, url, headers, stream, extensions):  # type: ignore[no-untyped-def]
            targets.append(url[3].decode())
            payload: Any = [] if "webhook" in targets[-1] else {"events": []}
            data = httpx.ByteStream(json.dumps(payload).encode())
            return 200, [(b"content-type", b"application/json")], data, {}

    real = httpx.AsyncClient
    monkeypatch.setattr(httpx, "AsyncClient", lambda **kw: real(transport=Transport(), **kw))
    chat = RasaChat("http://127.0.0.1:5005", token="t0k/en")
    asyncio.run(chat.send("web-1", "hej"))
    asyncio.run(chat.history("web-1"))
    assert targets == ["/webhooks/rest/webhook?token=t0k%2Fen", "/conversations/web-1/tracker?token=t0k%2Fen"]


def test_the_app_hands_the_token_to_its_rasa_client() -> None:
    from bot.settings import load_settings
    from bot.web.app import create_app

    settings = load_settings({"ANHORIG_SECRET_KEY": "k" * 40, "ANHORIG_RASA_TOKEN": "t0ken"})
    app = create_app(settings, name="test_lockdown_token")
    assert app.ctx.web.chat.token == "t0ken"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    hosts: list[str] = []

    class App:
        def run(self, host: str, **kwargs: Any) -> None:
            hosts.append(host)

    monkeypatch.setattr("bot.web.app.create_app", lambda settings, name: App())
    monkeypatch.setattr("bot.storage.engine.upgrade_database", lambda url: None)
    yield hosts
    reset_settings_cache()


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", ""])
def test_the_web_app_refuses_a_public_address_outside_production(
    served: list[str], monkeypatch: pytest.MonkeyPatch, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.web.__main__ import main

    monkeypatch.setenv("ANHORIG_WEB_HOST", host)
    monkeypatch.setenv("ANHORIG_ENV", "development")
    reset_settings_cache()
    assert main([]) == 1
    assert served == []
    assert "ANHORIG_ENV=production" in capsys.readouterr().err


@pytest.mark.parametrize(("host", "env"), [("127.0.0.1", "development"), ("localhost", "development"),
                                           ("0.0.0.0", "production")])
def test_the_web_app_serves_on_loopback_or_in_production(
    served: list[str], monkeypatch: pytest.MonkeyPatch, host: str, env: str
) -> None:
    from bot.web.__main__ import main

    monkeypatch.setenv("ANHORIG_WEB_HOST", host)
    monkeypatch.setenv("ANHORIG_ENV", env)
    reset_settings_cache()
    assert main([]) == 0
    assert served == [host]
