"""A stand-in for Rasa over HTTP, for browser tests of the widget against the real web app.

It speaks the two parts of Rasa's HTTP interface the web app uses: the REST
channel (``POST /webhooks/rest/webhook``) and the tracker
(``GET /conversations/<id>/tracker``). It records every message it receives, so
a test can check that a message arrived exactly once, and it can be "down"
(every call answers 500) or slow.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

GREETING = "Hej! Jag är Anhöriglotsen. Vem hjälper du?"
BUTTONS = [{"title": "Min mamma", "payload": "/inform_mamma"},
           {"title": "Min pappa", "payload": "/inform_pappa"}]


def replies_for(message: str) -> list[dict[str, Any]]:
    """The canned answers: a greeting with buttons, silence, English, or a plain reply."""
    if message.lower() in ("hej", "hallå"):
        return [{"text": GREETING, "buttons": BUTTONS}]
    if message == "/inform_mamma":
        return [{"text": "Tack. Hur gammal är din mamma?"}]
    if message == "/inform_pappa":
        return [{"text": "Tack. Hur gammal är din pappa?"}]
    if message == "tyst":
        return []
    if message.lower().startswith("english"):
        return [{"text": "I can answer in English too."}, {"custom": {"lang": "en"}}]
    return [{"text": f"Jag förstår. Du skrev: {message}"}]


class FakeRasa:
    """A threaded HTTP server on 127.0.0.1; ``url`` is its base address."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.down = False
        self.delay = 0.0
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if fake.down or self.path.split("?")[0] != "/webhooks/rest/webhook":
                    self._answer(500, {"error": "down"})
                    return
                if fake.delay:
                    time.sleep(fake.delay)
                sender, message = str(body.get("sender")), str(body.get("message"))
                replies = replies_for(message)
                with fake.lock:
                    fake.received.append((sender, message))
                    events = fake.events.setdefault(sender, [])
                    events.append({"event": "user", "text": message})
                    for reply in replies:
                        if "text" in reply:
                            events.append({"event": "bot", "text": reply["text"],
                                           "data": {"buttons": reply.get("buttons")}})
                        elif events and events[-1]["event"] == "bot":
                            events[-1]["data"]["custom"] = reply.get("custom")
                self._answer(200, replies)

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                parts = self.path.split("?")[0].split("/")
                if fake.down or len(parts) != 4 or parts[1] != "conversations" or parts[3] != "tracker":
                    self._answer(500 if fake.down else 404, {"error": "no"})
                    return
                sender = unquote(parts[2])
                with fake.lock:
                    events = list(fake.events.get(sender, []))
                self._answer(200, {"sender_id": sender, "events": events})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeRasa:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def count(self, message: str) -> int:
        """How many times ``message`` arrived, from any sender."""
        with self.lock:
            return sum(1 for _, text in self.received if text == message)

    def senders(self) -> list[str]:
        with self.lock:
            return list(dict.fromkeys(sender for sender, _ in self.received))
