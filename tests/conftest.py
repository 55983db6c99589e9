"""Shared fixtures: a trained model and a running assistant for the model-level tests."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent

# One Rasa token and one action-server secret for every process the tests start (the
# runner makes new ones per start); bot.settings reads them, the subprocesses inherit them.
RASA_TOKEN = os.environ.setdefault("ANHORIG_RASA_TOKEN", secrets.token_urlsafe(24))
ACTION_SECRET = os.environ.setdefault("ANHORIG_ACTION_SECRET", secrets.token_urlsafe(24))


def internal_environment() -> dict[str, str]:
    """This process's environment with the test token and secret the stack shares."""
    return {**os.environ, "ANHORIG_RASA_TOKEN": RASA_TOKEN, "ANHORIG_ACTION_SECRET": ACTION_SECRET}
os.environ["RASA_TELEMETRY_ENABLED"] = "false"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {timeout} s")


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The newest model, trained first if data/, domain.yml or config.yml changed."""
    from bot.tools.runner import ensure_model

    return ensure_model(ROOT)


class ActionServer:
    """An action server for one municipality profile (and clock), restartable with another.

    It books into its own SQLite database (``database_url``), never into ``var/``.
    """

    def __init__(self, port: int, database_url: str) -> None:
        self.port = port
        self.database_url = database_url
        self.proc: subprocess.Popen[bytes] | None = None
        self.municipality = ""
        self.now = ""

    def start(self, municipality: str, now: str = "") -> None:
        """Serve ``municipality`` with ``ANHORIG_NOW=now`` (empty: the system clock)."""
        if self.proc is not None and (self.municipality, self.now) == (municipality, now):
            return
        self.stop()
        env = {**internal_environment(), "ANHORIG_MUNICIPALITY": municipality, "SANIC_HOST": "127.0.0.1",
               "PYTHONPATH": str(ROOT), "ANHORIG_DATABASE_URL": self.database_url,
               # The conversation tests book again and again with one invented number.
               "ANHORIG_BOOKINGS_PER_PHONE_PER_DAY": "100000"}
        env.pop("ANHORIG_NOW", None)
        if now:
            env["ANHORIG_NOW"] = now
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.tools.action_server", "--actions", "actions",
             "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(f"http://localhost:{self.port}/health", self.proc)
        self.municipality, self.now = municipality, now

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture(scope="session")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    server = ActionServer(free_port(), f"sqlite:///{tmp_path_factory.mktemp('cases')}/cases.db")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def endpoints_file(tmp_path_factory: pytest.TempPathFactory, action_server: ActionServer) -> Path:
    tmp = tmp_path_factory.mktemp("rasa")
    path = tmp / "endpoints.yml"
    # The header is for `rasa test` (no patches); the served Rasa adds it itself (bot.rasa_patches.guard).
    path.write_text(
        f'action_endpoint:\n  url: "http://localhost:{action_server.port}/webhook"\n'
        f'  headers:\n    X-Anhorig-Action-Secret: "{ACTION_SECRET}"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp}/tracker.db"\n'
    )
    return path


@pytest.fixture(scope="session")
def rasa_server(trained_model: Path, endpoints_file: Path) -> Iterator[int]:
    """A Rasa server with the REST channel on a free localhost port."""
    port = free_port()
    log = endpoints_file.with_name("rasa.log").open("wb")
    proc = subprocess.Popen(
        # The Rasa server as the assistant starts it: with the reply-time fixes (bot.rasa_patches).
        [sys.executable, "-m", "bot.rasa_patches.serve", "run", "--model", str(trained_model),
         "--enable-api", "--interface", "127.0.0.1", "--port", str(port), "--endpoints", str(endpoints_file),
         "--credentials", "credentials.yml"],
        # Explicit: a session fixture may start inside a test whose fixtures changed the environment.
        cwd=ROOT, env=internal_environment(), stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        try:
            wait_for(f"http://localhost:{port}/", proc)
        except RuntimeError as exc:
            tail = endpoints_file.with_name("rasa.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{exc}; Rasa's last output:\n{tail}") from exc
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
