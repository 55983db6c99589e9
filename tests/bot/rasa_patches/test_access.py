"""Rasa answers only with the token, and starts only on loopback with it (serve.locked_down)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.core.channels.rest import RestInput

from bot.rasa_patches import access, guard, serve
from bot.settings import reset_settings_cache


@pytest.fixture
def rasa_app() -> Any:
    """The app ``rasa run --enable-api`` builds (REST channel and HTTP API), protected."""
    import rasa.core.run

    configure = access.protected_configure_app(rasa.core.run.configure_app, "t0ken")
    app = configure([RestInput()], enable_api=True, auth_token="t0ken")
    return app


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/webhooks/rest/webhook"),
    ("get", "/conversations/someone/tracker"),
    ("post", "/conversations/someone/tracker/events"),
    ("post", "/conversations/someone/execute"),
    ("put", "/model"),
    ("get", "/status"),
])
def test_every_route_refuses_a_call_without_the_token(rasa_app: Any, method: str, path: str) -> None:
    body = {} if method == "get" else {"json": {}}
    _, missing = getattr(rasa_app.test_client, method)(path, **body)
    _, wrong = getattr(rasa_app.test_client, method)(path + "?token=guess", **body)
    assert missing.status == 401 and wrong.status == 401


def test_the_root_answers_for_the_readiness_check(rasa_app: Any) -> None:
    _, answer = rasa_app.test_client.get("/")
    assert answer.status == 200


def test_the_token_opens_the_channel(rasa_app: Any) -> None:
    _, answer = rasa_app.test_client.get("/webhooks/rest/?token=t0ken")  # the channel's health route
    assert answer.status == 200


def test_an_empty_token_matches_nothing() -> None:
    assert not access.token_matches("", "")
    assert not access.token_matches(None, "x")
    assert access.token_matches("x", "x")


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    monkeypatch.setattr(access, "install", lambda token: seen.append(("access", token)))
    monkeypatch.setattr(guard, "install", lambda fallback: seen.append(("guard", fallback.secret)))
    monkeypatch.setenv("ANHORIG_RASA_TOKEN", "t0ken")
    monkeypatch.setenv("ANHORIG_ACTION_SECRET", "s3cret")
    monkeypatch.setenv("ANHORIG_ENV", "development")
    reset_settings_cache()
    yield seen
    reset_settings_cache()


def test_rasa_runs_on_loopback_with_the_token(installed: list[Any]) -> None:
    arguments = serve.locked_down(["run", "--model", "m.tar.gz", "--enable-api"])
    assert arguments == ["run", "--model", "m.tar.gz", "--enable-api",
                         "--interface", "127.0.0.1", "--auth-token=t0ken"]
    assert installed == [("access", "t0ken"), ("guard", "s3cret")]


def test_a_token_beginning_with_a_dash_reaches_rasa_as_the_token(
    installed: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from rasa.cli.arguments.run import add_server_arguments

    monkeypatch.setenv("ANHORIG_RASA_TOKEN", "-Xk9_token")
    reset_settings_cache()
    arguments = serve.locked_down(["run"])
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    assert parser.parse_args(arguments[1:]).auth_token == "-Xk9_token"


@pytest.mark.parametrize("interface", [["-i", "0.0.0.0"], ["--interface", "192.168.1.5"], ["--interface=::"]])
def test_rasa_refuses_another_interface_outside_production(
    installed: list[Any], interface: list[str]
) -> None:
    with pytest.raises(SystemExit):
        serve.locked_down(["run", *interface])
    assert installed == []


def test_production_may_choose_the_interface(installed: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_ENV", "production")
    reset_settings_cache()
    assert serve.locked_down(["run", "-i", "0.0.0.0"])[:3] == ["run", "-i", "0.0.0.0"]


def test_rasa_does_not_start_without_a_token(installed: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANHORIG_RASA_TOKEN", "")
    reset_settings_cache()
    with pytest.raises(SystemExit):
        serve.locked_down(["run"])
    with pytest.raises(SystemExit):  # and never from the command line, which others can read
        monkeypatch.setenv("ANHORIG_RASA_TOKEN", "t0ken")
        reset_settings_cache()
        serve.locked_down(["run", "--auth-token", "visible"])


def test_serve_locks_down_run_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import rasa.__main__

    import bot.rasa_patches

    order: list[Any] = []
    monkeypatch.setattr(bot.rasa_patches, "install", lambda: order.append("install"))
    monkeypatch.setattr(serve, "locked_down", lambda arguments: [*arguments, "--locked"])
    monkeypatch.setattr(rasa.__main__, "main", lambda: order.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    serve.main(["run", "--model", "m.tar.gz"])
    assert order == ["install", ["rasa", "run", "--model", "m.tar.gz", "--locked"]]
