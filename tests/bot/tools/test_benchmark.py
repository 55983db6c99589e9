"""The benchmark's measuring parts, against a stand-in REST channel (no model needed)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from bot.tools import benchmark
from bot.tools.benchmark import CONVERSATION, LatencyRun, run_conversations


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.lock:
            self.seen.append((body["sender"], body["message"]))
        reply = [] if body["message"] == "tyst" else [{"recipient_id": body["sender"], "text": "ok"}]
        payload = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def rest() -> Iterator[int]:
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_percentile_is_nearest_rank() -> None:
    run = LatencyRun("x", samples=[float(v) for v in range(1, 101)])
    assert run.percentile(50) == 50
    assert run.percentile(95) == 95
    assert run.percentile(100) == 100
    assert LatencyRun("empty").percentile(95) != LatencyRun("empty").percentile(95)  # nan


def test_one_at_a_time_means_separate_whole_conversations(rest: int) -> None:
    run = run_conversations(rest, "single", conversations=3, rounds=1, concurrency=1)
    assert len(run.samples) == 3 * len(CONVERSATION) and run.errors == 0
    senders = [sender for sender, _ in _Recorder.seen]
    assert len(set(senders)) == 3
    first = [text for sender, text in _Recorder.seen if sender == senders[0]]
    assert tuple(first) == CONVERSATION


def test_a_long_conversation_repeats_the_script_under_one_sender(rest: int) -> None:
    run = run_conversations(rest, "long", conversations=1, rounds=4, concurrency=1)
    assert len(run.samples) == 4 * len(CONVERSATION)
    assert len({sender for sender, _ in _Recorder.seen}) == 1


def test_concurrent_conversations_all_arrive(rest: int) -> None:
    run = run_conversations(rest, "concurrent", conversations=8, rounds=1, concurrency=4)
    assert len(run.samples) == 8 * len(CONVERSATION)
    assert len({sender for sender, _ in _Recorder.seen}) == 8


def test_silence_and_refused_connections_count_as_errors(rest: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(benchmark, "CONVERSATION", ("hej", "tyst"))
    run = run_conversations(rest, "x", conversations=1, rounds=1, concurrency=1)
    assert run.errors == 1 and len(run.samples) == 2
    closed = run_conversations(1, "x", conversations=1, rounds=1, concurrency=1)
    assert closed.errors == 2 and not closed.samples
