"""``anhoriglots user ... | token ...``: accounts and API tokens from the command line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import select

from bot import settings
from bot.cli.main import main
from bot.staff.accounts import authenticate_token, sha256_hex
from bot.storage import ApiToken, AuditEvent, StaffUser, create_engine_for, make_session_factory
from tests.bot.staff.seeded import NOW

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "ett långt lösenord"


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ANHORIG_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "ekero")
    monkeypatch.delenv("ANHORIG_DATABASE_URL", raising=False)
    settings.reset_settings_cache()
    yield tmp_path
    settings.reset_settings_cache()


def run(args: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> int:
    assert monkeypatch is not None
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(args)


def users(var_dir: Path) -> dict[str, StaffUser]:
    engine = create_engine_for(f"sqlite:///{var_dir / 'anhoriglotsen.db'}")
    try:
        with make_session_factory(engine)() as session:
            return {u.username: u for u in session.execute(select(StaffUser)).scalars()}
    finally:
        engine.dispose()


def test_user_add_creates_an_argon2_hashed_account(var_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    status = run(["user", "add", "Anna.K", "--role", "contact", "--contact-point", "kontakt_ifo",
                  "--password-stdin"], PASSWORD + "\n", monkeypatch)
    assert status == 0
    assert "Kontot anna.k är skapat" in capsys.readouterr().out
    user = users(var_dir)["anna.k"]
    assert user.role == "contact" and user.contact_point_id == "kontakt_ifo"
    assert user.municipality == "ekero" and user.active
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


@pytest.mark.parametrize("args,stdin,status,message", [
    (["--role", "coordinator"], "kort\n", 1, "minst 12 tecken"),
    (["--role", "coordinator"], "aaaaaaaaaaaaaaaa\n", 1, "för lätt att gissa"),
    (["--role", "coordinator"], "", 2, "inget lösenord"),
    (["--role", "contact"], PASSWORD + "\n", 2, "behöver en kontaktpunkt"),
    (["--role", "contact", "--contact-point", "nope"], PASSWORD + "\n", 2, "finns inte"),
    (["--role", "boss"], PASSWORD + "\n", 2, "invalid choice"),
])
def test_user_add_refuses_bad_input(var_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], args: list[str],
                                    stdin: str, status: int, message: str) -> None:
    assert run(["user", "add", "kalle", *args, "--password-stdin"], stdin, monkeypatch) == status
    assert message in capsys.readouterr().err
    assert "kalle" not in users(var_dir) if (var_dir / "anhoriglotsen.db").exists() else True


def test_duplicate_and_invalid_usernames(var_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    add = ["user", "add", "samordnare", "--role", "coordinator", "--password-stdin"]
    assert run(add, PASSWORD + "\n", monkeypatch) == 0
    assert run(add, PASSWORD + "\n", monkeypatch) == 1
    assert "finns redan" in capsys.readouterr().err
    assert run(["user", "add", "a b", "--role", "admin", "--password-stdin"], PASSWORD + "\n",
               monkeypatch) == 2
    assert run(["user", "add", "relative", "--role", "admin", "--password-stdin"], PASSWORD + "\n",
               monkeypatch) == 2


def test_token_create_prints_the_token_once_and_stores_its_hash(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["user", "add", "samordnare", "--role", "coordinator", "--password-stdin"],
        PASSWORD + "\n", monkeypatch)
    capsys.readouterr()
    assert run(["token", "create", "samordnare", "--label", "Treserva"], "", monkeypatch) == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert token.startswith("alt_") and len(token) > 40 and "\n" not in token
    assert "visas bara nu" in out.err
    engine = create_engine_for(f"sqlite:///{var_dir / 'anhoriglotsen.db'}")
    sf = make_session_factory(engine)
    try:
        with sf() as session:
            stored = session.execute(select(ApiToken)).scalar_one()
            assert stored.token_hash == sha256_hex(token) and token not in stored.token_hash
            assert stored.label == "Treserva"
            actions = set(session.execute(select(AuditEvent.action)).scalars())
            assert {"user.created", "token.created"} <= actions
        principal = authenticate_token(sf, token, municipality="ekero", now=NOW)
        assert principal is not None and principal.username == "samordnare"
    finally:
        engine.dispose()
    assert run(["token", "list"], "", monkeypatch) == 0
    listing = capsys.readouterr().out
    assert "samordnare" in listing and token not in listing and "giltig" in listing
    assert run(["token", "revoke", "1"], "", monkeypatch) == 0
    assert run(["token", "revoke", "99"], "", monkeypatch) == 2
    assert run(["token", "create", "nobody"], "", monkeypatch) == 2


def test_user_list_disable_enable_password(var_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    run(["user", "add", "admin", "--role", "admin", "--password-stdin"], PASSWORD + "\n",
        monkeypatch)
    run(["user", "add", "kalle.k", "--role", "contact", "--contact-point", "kontakt_ifo",
         "--password-stdin"], PASSWORD + "\n", monkeypatch)
    capsys.readouterr()
    assert run(["user", "list"], "", monkeypatch) == 0
    listing = capsys.readouterr().out
    assert "admin\tadmin" in listing and "kalle.k\tcontact\tkontakt_ifo\taktivt" in listing
    assert run(["user", "disable", "kalle.k"], "", monkeypatch) == 0
    assert not users(var_dir)["kalle.k"].active
    assert run(["user", "enable", "kalle.k"], "", monkeypatch) == 0
    assert users(var_dir)["kalle.k"].active
    assert run(["user", "disable", "admin"], "", monkeypatch) == 1  # the last admin
    assert run(["user", "disable", "ghost"], "", monkeypatch) == 2
    old = users(var_dir)["kalle.k"].password_hash
    assert run(["user", "password", "kalle.k", "--password-stdin"], "ett annat långt lösenord\n",
               monkeypatch) == 0
    assert users(var_dir)["kalle.k"].password_hash != old


def test_installed_command_creates_the_first_coordinator(tmp_path: Path) -> None:
    """The README's way: the console script, password on stdin."""
    exe = ROOT / ".venv" / "bin" / "anhoriglots"
    if not exe.exists():
        pytest.skip("no .venv/bin/anhoriglots (run scripts/install.sh)")
    env = {"PATH": "/usr/bin:/bin", "ANHORIG_VAR_DIR": str(tmp_path),
           "ANHORIG_MUNICIPALITY": "ekero", "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(exe), "user", "add", "samordnare", "--role", "coordinator", "--password-stdin"],
        input=PASSWORD + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    token = subprocess.run([str(exe), "token", "create", "samordnare"], capture_output=True,
                           text=True, env=env, cwd=ROOT, timeout=120)
    assert token.returncode == 0 and token.stdout.startswith("alt_")
