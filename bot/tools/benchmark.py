"""Benchmark: training time, model load time, reply latency through REST, peak memory.

Prints figures; it asserts nothing about speed (targets are judged by people
reading the figures). Servers run on localhost ports of their own, with a
throw-away tracker database, so a running assistant is not disturbed.
"""

from __future__ import annotations

import json
import math
import statistics
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from bot.settings import PROJECT_ROOT, Settings, get_settings
from bot.tools.runner import (
    newest_model,
    service_commands,
    start_services,
    stop_all,
    train_model,
    wait_healthy,
    with_internal_secrets,
)

# A realistic conversation: greeting, situation in parts, rights, support, burden, goodbye.
CONVERSATION: tuple[str, ...] = (
    "hej",
    "min mamma har demens",
    "hon är 84",
    "vad har jag rätt till",
    "finns det avlösning",
    "jag orkar inte riktigt längre",
    "vad kostar dagverksamhet",
    "tack så mycket",
    "hej då",
)


@dataclass
class LatencyRun:
    """Reply latencies (milliseconds) of one scenario."""

    name: str
    samples: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, p: float) -> float:
        """The p-th percentile (nearest rank)."""
        if not self.samples:
            return float("nan")
        ordered = sorted(self.samples)
        rank = min(len(ordered), max(1, math.ceil(p / 100 * len(ordered))))
        return ordered[rank - 1]


def send(
    port: int, sender: str, text: str, timeout: float = 60.0, token: Optional[str] = None
) -> tuple[float, list[dict[str, object]]]:
    """Send one message through the REST channel; return (milliseconds, bot messages).

    ``token`` is Rasa's (ANHORIG_RASA_TOKEN of this process when not given).
    """
    body = json.dumps({"sender": sender, "message": text}).encode()
    key = get_settings().rasa_token if token is None else token
    request = urllib.request.Request(
        f"http://localhost:{port}/webhooks/rest/webhook?token={quote(key, safe='')}",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        payload = json.loads(response.read())
    return (time.perf_counter() - started) * 1000, payload


def run_conversations(
    port: int, name: str, conversations: int, rounds: int, concurrency: int, token: Optional[str] = None
) -> LatencyRun:
    """Run ``conversations`` conversations, ``concurrency`` at once.

    Each conversation has its own sender id and sends the script ``rounds`` times
    (``rounds`` > 1 makes one long conversation).
    """
    result = LatencyRun(name)
    lock = threading.Lock()
    stamp = time.time_ns()

    def one(index: int) -> None:
        sender = f"bench-{name}-{index}-{stamp}"
        for _ in range(rounds):
            for text in CONVERSATION:
                try:
                    ms, replies = send(port, sender, text, token=token)
                except OSError:
                    with lock:
                        result.errors += 1
                    continue
                with lock:
                    result.samples.append(ms)
                    if not replies:
                        result.errors += 1

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(conversations)))
    return result


def peak_rss_mib(pid: int) -> Optional[float]:
    """Peak resident set size of a process (VmHWM), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_benchmark(
    settings: Settings,
    *,
    train: bool,
    single_conversations: int = 12,
    long_rounds: int = 12,
    concurrent: int = 20,
    concurrent_conversations: int = 40,
    rasa_port: int = 5105,
    action_port: int = 5155,
) -> str:
    """Run every measurement and return the printed report."""
    lines = ["Anhöriglotsen benchmark", f"  cores: {_cores()}"]
    if train:
        # An empty training cache: otherwise Rasa reuses earlier trainings and the time means nothing.
        with tempfile.TemporaryDirectory(prefix="anhoriglots-cache-") as cache:
            started = time.perf_counter()
            model = train_model(PROJECT_ROOT, cache_dir=Path(cache))
            seconds = time.perf_counter() - started
        lines.append(f"  training time (full model, rasa train, empty cache): {seconds:.1f} s")
    else:
        found = newest_model(PROJECT_ROOT / "models")
        if found is None:
            raise SystemExit("No model in models/: run without --no-train first.")
        model = found
        lines.append("  training time: skipped (--no-train)")
    lines.append(f"  model: {model.name}")

    with tempfile.TemporaryDirectory() as tmp:
        endpoints = Path(tmp) / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://localhost:{action_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp}/tracker.db"\n'
        )
        bench_settings = with_internal_secrets(Settings(**{**settings.__dict__, "action_port": action_port}))
        token = bench_settings.rasa_token
        services = service_commands(bench_settings, model, endpoints=str(endpoints), rasa_port=rasa_port)
        started = time.perf_counter()
        try:
            start_services(services, settings=bench_settings)
            wait_healthy(services, timeout=600)
            load_seconds = time.perf_counter() - started
            lines.append(f"  model load time (rasa run start until the API answers): {load_seconds:.1f} s")
            send(rasa_port, "warm-up", "hej", token=token)
            # One conversation at a time: the script as whole conversations, one after another.
            single = run_conversations(rasa_port, "single", single_conversations, 1, 1, token)
            # A stress case: the script again and again in one conversation; Rasa's work
            # per reply grows with the length of the conversation.
            long = run_conversations(rasa_port, "long", 1, long_rounds, 1, token)
            many = run_conversations(rasa_port, "concurrent", concurrent_conversations, 1, concurrent, token)
            for run in (single, long, many):
                lines.append(
                    f"  reply latency, {run.name:10} n={len(run.samples):4d}: "
                    f"p50 {run.percentile(50):6.1f} ms  p95 {run.percentile(95):6.1f} ms  "
                    f"max {max(run.samples, default=float('nan')):6.1f} ms  errors {run.errors}"
                )
            mean = statistics.fmean(many.samples or [0])
            size = len(CONVERSATION)
            lines.append(f"    single: {single_conversations} conversations of {size} messages, in turn")
            lines.append(f"    long: one conversation of {long_rounds * size} messages")
            lines.append(f"    concurrent: {concurrent_conversations} conversations, {concurrent} at a time")
            lines.append(f"    (concurrent mean {mean:.1f} ms)")
            for service in services:
                assert service.process is not None
                rss = peak_rss_mib(service.process.pid)
                figure = f"{rss:.0f} MiB" if rss else "n/a"
                lines.append(f"  peak RSS {service.name:8}: {figure}")
        finally:
            stop_all(services)
    return "\n".join(lines)


def _cores() -> int:
    import os

    return os.cpu_count() or 0

