"""Start the whole assistant: train if needed, then Rasa, the action server and the web app.

Used by ``anhoriglots run`` (the README's start command). Ctrl-C stops every
process it started.

What the services store is private to the user they run as: ``var/`` has mode 0700,
Rasa's SQLite tracker store is made with mode 0600 before Rasa starts
(:func:`prepare_private_storage`; the case database gets the same from
:func:`bot.storage.engine.create_engine_for`), and the services run with the umask 077,
so every file they create is their owner's only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence

from bot.settings import PROJECT_ROOT, Settings, child_environment
from bot.storage.engine import private_directory, private_sqlite_file

logger = logging.getLogger(__name__)

FINGERPRINT_SUFFIX = ".inputs.sha256"
# What the trained model depends on: a change to any of these retrains.
MODEL_INPUTS = ("data", "domain.yml", "config.yml", "bot/nlp/lexicon.yml")
CACHE_DIRECTORY_ENV = "RASA_CACHE_DIRECTORY"  # Rasa's training cache (rasa.engine.caching)
TELEMETRY_ENV = "RASA_TELEMETRY_ENABLED"  # rasa.telemetry: "false" wins over the global config
SERVICE_UMASK = 0o077  # files the services create: owner only


def model_inputs_fingerprint(root: Path = PROJECT_ROOT, inputs: Sequence[str] = MODEL_INPUTS) -> str:
    """SHA-256 over the paths and contents of every file the model is trained from."""
    digest = hashlib.sha256()
    for name in inputs:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.exists() or "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def newest_model(models_dir: Path) -> Optional[Path]:
    """The newest ``.tar.gz`` in ``models/`` (the one Rasa serves), or None."""
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def model_is_current(models_dir: Path, fingerprint: str) -> bool:
    """Whether the newest model was trained from inputs with this fingerprint."""
    model = newest_model(models_dir)
    if model is None:
        return False
    stamp = model.with_name(model.name + FINGERPRINT_SUFFIX)
    return stamp.exists() and stamp.read_text().strip() == fingerprint


def train_model(
    root: Path = PROJECT_ROOT, python: str = sys.executable, cache_dir: Optional[Path] = None
) -> Path:
    """Train a full model into ``models/`` and stamp it with the inputs' fingerprint.

    ``cache_dir`` gives Rasa another training cache (the benchmark uses an empty one,
    so that the time it prints is a real training, not cache hits).
    """
    models_dir = root / "models"
    fingerprint = model_inputs_fingerprint(root)
    name = time.strftime("%Y%m%d-%H%M%S")
    cmd = [
        python, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
        "--data", "data/nlu", "data/rules", "data/stories", "--out", "models",
        "--fixed-model-name", name,
    ]
    print(f"Tränar en ny modell (data, domain.yml eller config.yml har ändrats): {' '.join(cmd[2:])}")
    env = None if cache_dir is None else child_environment({CACHE_DIRECTORY_ENV: str(cache_dir)})
    subprocess.run(cmd, cwd=root, check=True, env=env)
    model = models_dir / f"{name}.tar.gz"
    model.with_name(model.name + FINGERPRINT_SUFFIX).write_text(fingerprint + "\n")
    return model


def ensure_model(root: Path = PROJECT_ROOT) -> Path:
    """Train unless the newest model matches the current inputs; return the model to serve."""
    models_dir = root / "models"
    models_dir.mkdir(exist_ok=True)
    if model_is_current(models_dir, model_inputs_fingerprint(root)):
        model = newest_model(models_dir)
        assert model is not None
        return model
    return train_model(root)


@dataclass
class Service:
    """One child process of the assistant."""

    name: str
    command: list[str]
    health_url: str
    process: Optional[subprocess.Popen[bytes]] = None


def service_commands(
    settings: Settings,
    model: Path,
    python: str = sys.executable,
    endpoints: str = "endpoints.yml",
    rasa_port: int = 5005,
) -> list[Service]:
    """The processes to start, all bound to localhost."""
    return [
        Service(
            "actions",
            # bot.tools.action_server refuses to start on an invalid profile, then runs rasa_sdk.
            [python, "-m", "bot.tools.action_server", "--actions", "actions",
             "--port", str(settings.action_port)],
            f"http://localhost:{settings.action_port}/health",
        ),
        Service(
            "rasa",
            # bot.rasa_patches.serve applies the reply-time fixes for Rasa, then runs `rasa run`.
            [
                python, "-m", "bot.rasa_patches.serve", "run", "--model", str(model), "--enable-api",
                "--interface", "127.0.0.1", "--port", str(rasa_port),
                "--endpoints", endpoints, "--credentials", "credentials.yml",
            ],
            f"http://localhost:{rasa_port}/",
        ),
        # The only public entry: chat page, staff dashboard and API (Rasa stays on 127.0.0.1).
        Service(
            "web",
            [python, "-m", "bot.web"],
            f"http://{_health_host(settings.web_host)}:{settings.web_port}/health",
        ),
    ]


def _health_host(host: str) -> str:
    """Where to reach a server bound to ``host`` from this machine."""
    return "localhost" if host in ("", "0.0.0.0", "::") else host


def with_internal_secrets(settings: Settings) -> Settings:
    """``settings`` with Rasa's token and the action server's secret: the configured ones,
    else new random ones for this start (docs/operations.md)."""
    return dataclasses.replace(
        settings,
        rasa_token=settings.rasa_token or secrets.token_urlsafe(32),
        action_secret=settings.action_secret or secrets.token_urlsafe(32),
    )


def internal_environment(settings: Settings) -> dict[str, str]:
    """What every service of one start shares: the token, the secret, Rasa's telemetry off."""
    return {
        "ANHORIG_RASA_TOKEN": settings.rasa_token,
        "ANHORIG_ACTION_SECRET": settings.action_secret,
        TELEMETRY_ENV: "false",
    }


def service_environment(
    settings: Settings, root: Path = PROJECT_ROOT, extra: Optional[Mapping[str, str]] = None
) -> dict[str, str]:
    """The environment of the started services (the token and secret must be set)."""
    if not settings.rasa_token or not settings.action_secret:
        raise ValueError("call with_internal_secrets first: the services need a token and a secret")
    return child_environment({"PYTHONPATH": str(root), **internal_environment(settings), **(extra or {})})


def rasa_tracker_file(root: Path = PROJECT_ROOT, endpoints: str = "endpoints.yml") -> Optional[Path]:
    """The SQLite file of the tracker store the endpoints file gives Rasa, or None
    (another store, or a path made of environment variables Rasa fills in)."""
    import yaml

    path = root / endpoints
    if not path.is_file():
        return None
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    store = config.get("tracker_store") if isinstance(config, dict) else None
    if not isinstance(store, dict) or str(store.get("type", "")).lower() != "sql":
        return None
    database = store.get("db")
    if str(store.get("dialect", "sqlite")).lower() != "sqlite" or not isinstance(database, str):
        return None
    if "${" in database or database in ("", ":memory:"):
        return None
    file = Path(database).expanduser()
    return file if file.is_absolute() else root / file  # Rasa runs in ``root``


def prepare_private_storage(root: Path = PROJECT_ROOT, endpoints: str = "endpoints.yml") -> Optional[Path]:
    """``var/`` with mode 0700, and Rasa's SQLite tracker store with mode 0600 (made empty
    when missing, so that Rasa never creates it with the default mode); returns that file.

    The case database gets the same when the services open it (:func:`create_engine_for`).
    """
    private_directory(root / "var")
    tracker = rasa_tracker_file(root, endpoints)
    return None if tracker is None else private_sqlite_file(tracker)


def start_services(
    services: Sequence[Service], root: Path = PROJECT_ROOT, settings: Optional[Settings] = None
) -> None:
    """Start each service as a child process, sharing one token and one secret.

    The action server and Rasa bind 127.0.0.1 themselves (:mod:`bot.tools.action_server`,
    :mod:`bot.rasa_patches.serve`). Each runs with the umask 077.
    """
    env = service_environment(with_internal_secrets(settings or Settings()), root)
    for service in services:
        service.process = subprocess.Popen(service.command, cwd=root, env=env, umask=SERVICE_UMASK)


def wait_healthy(services: Iterable[Service], timeout: float) -> None:
    """Wait until every service answers its health URL; raise if one dies or time runs out."""
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending:
        for service in list(pending):
            assert service.process is not None
            if service.process.poll() is not None:
                code = service.process.returncode
                raise RuntimeError(f"{service.name} stopped during start-up (exit {code})")
            try:
                with urllib.request.urlopen(service.health_url, timeout=2) as response:
                    if response.status == 200:
                        pending.remove(service)
            except OSError:
                pass
        if pending and time.monotonic() > deadline:
            raise RuntimeError("not ready in time: " + ", ".join(s.name for s in pending))
        time.sleep(0.5)


def stop_all(services: Iterable[Service], grace: float = 10.0) -> None:
    """Terminate every started process; kill what does not stop within ``grace`` seconds."""
    running = [s for s in services if s.process is not None and s.process.poll() is None]
    for service in running:
        assert service.process is not None
        service.process.terminate()
    deadline = time.monotonic() + grace
    for service in running:
        assert service.process is not None
        try:
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()


def run(
    settings: Settings,
    root: Path = PROJECT_ROOT,
    ready_timeout: float = 300.0,
    periodic: Optional[Callable[[], None]] = None,
    periodic_interval: float = 300.0,
) -> int:
    """Start everything, print where to chat, and wait until Ctrl-C or a process dies.

    ``periodic`` (the escalation and retention jobs) runs once the services are
    up and then every ``periodic_interval`` seconds, in this process.
    """
    prepare_private_storage(root)
    model = ensure_model(root)
    settings = with_internal_secrets(settings)
    services = service_commands(settings, model)

    def _on_signal(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _on_signal)
    try:
        start_services(services, root, settings)
        wait_healthy(services, ready_timeout)
        print(
            "\nAnhöriglotsen är igång "
            f"(kommun: {settings.municipality}).\n"
            f"  Chatta: http://{_health_host(settings.web_host)}:{settings.web_port}/\n"
            f"  Personal: http://{_health_host(settings.web_host)}:{settings.web_port}/personal/ "
            "(skapa första kontot med: anhoriglots user add NAMN --role coordinator "
            "--password-stdin)\n"
            "  Chatta (REST): POST http://localhost:5005/webhooks/rest/webhook?token=... "
            "med {\"sender\": \"test\", \"message\": \"hej\"} (nyckeln: ANHORIG_RASA_TOKEN)\n"
            f"  Actions: http://localhost:{settings.action_port}\n"
            "  Stoppa allt med Ctrl-C.\n",
            flush=True,
        )
        next_periodic = time.monotonic()
        while True:
            for service in services:
                assert service.process is not None
                if service.process.poll() is not None:
                    print(f"{service.name} avslutades (kod {service.process.returncode}); stoppar allt.")
                    return 1
            if periodic is not None and time.monotonic() >= next_periodic:
                periodic()
                next_periodic = time.monotonic() + periodic_interval
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStoppar ...", flush=True)
        return 0
    finally:
        stop_all(services)
        signal.signal(signal.SIGTERM, previous)
