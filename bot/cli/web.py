"""``anhoriglots user ... | token ... | web``: staff accounts, API tokens and the web app.

Exit status as in :mod:`bot.cli`: 0 done, 1 the command ran and refused
(weak password, name taken, last admin), 2 a usage error (unknown role,
contact point or user, malformed name, no password given). Messages for
people are Swedish; errors go to stderr. ``token create`` prints only the
token on stdout, so that a script can capture it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any, Optional

from bot.staff.accounts import PASSWORD_MIN_CHARS, ROLES

if TYPE_CHECKING:
    _Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
# Reasons that mean "you asked for something that does not exist or cannot be": usage errors.
_USAGE_REASONS = {
    "username_invalid", "username_reserved", "role_invalid", "contact_point_required",
    "contact_point_unknown", "user_unknown", "token_unknown",
}
CLI_ACTOR_NAME = "cli"


def _fail(message: str, status: int) -> int:
    print(f"anhoriglots: fel: {message}", file=sys.stderr)
    return status


class _Env:
    """What every command needs: settings, the active profile and a session factory."""

    def __init__(self) -> None:
        from bot.clock import now
        from bot.knowledge.loader import load_active_profile
        from bot.settings import get_settings
        from bot.storage.engine import create_engine_for, make_session_factory, upgrade_database

        self.settings = get_settings()
        self.profile = load_active_profile()
        url = self.settings.effective_database_url
        upgrade_database(url)
        self.engine = create_engine_for(url)
        self.session_factory = make_session_factory(self.engine)
        self.now = now()

    def actor(self) -> Any:
        from bot.staff.audit import VIA_CLI, Actor

        return Actor(CLI_ACTOR_NAME, None, VIA_CLI)

    def close(self) -> None:
        self.engine.dispose()


def _with_env(handler: Any) -> Any:
    """Open the environment (settings, profile, database) around a command."""

    def run(args: argparse.Namespace) -> int:
        from bot.knowledge.loader import ProfileError
        from bot.settings import SettingsError
        from bot.staff.accounts import AccountError
        from bot.storage.unit_of_work import StorageUnavailable

        try:
            env = _Env()
        except SettingsError as exc:
            return _fail(f"ogiltig inställning: {exc}", EXIT_USAGE)
        except ProfileError as exc:
            return _fail("kommunens profil är ogiltig: " + "; ".join(exc.errors), EXIT_REFUSED)
        try:
            return int(handler(args, env))
        except AccountError as exc:
            status = EXIT_USAGE if exc.reason in _USAGE_REASONS else EXIT_REFUSED
            return _fail(exc.message_sv, status)
        except StorageUnavailable:
            return _fail("databasen svarar inte.", EXIT_REFUSED)
        finally:
            env.close()

    return run


def _read_password(args: argparse.Namespace) -> Optional[str]:
    """The password from stdin (first line), or asked twice on a terminal."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n") or None
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Lösenord: ")
    second = getpass.getpass("Samma lösenord igen: ")
    if first != second:
        print("anhoriglots: fel: lösenorden är inte lika.", file=sys.stderr)
        return None
    return first or None


# ---------------------------------------------------------------- user


def _user_add(args: argparse.Namespace, env: _Env) -> int:
    from bot.staff.accounts import create_user

    password = _read_password(args)
    if password is None:
        return _fail("inget lösenord. Skicka det på standard in med --password-stdin.", EXIT_USAGE)
    info = create_user(
        env.session_factory, username=args.username, password=password, role=args.role,
        municipality=env.profile.id, contact_point_id=args.contact_point,
        known_contact_points={cp.id for cp in env.profile.contact_points},
        actor=env.actor(), now=env.now,
    )
    where = f", kontaktpunkt {info.contact_point_id}" if info.contact_point_id else ""
    print(f"Kontot {info.username} är skapat (roll {info.role}{where}, {env.profile.name}).")
    return EXIT_OK


def _user_list(args: argparse.Namespace, env: _Env) -> int:
    from bot.staff.accounts import list_users

    users = list_users(env.session_factory, env.profile.id)
    if not users:
        print("Inga konton.")
    for user in users:
        state = "aktivt" if user.active else "avstängt"
        print(f"{user.username}\t{user.role}\t{user.contact_point_id or '-'}\t{state}\t"
              f"{user.active_tokens} API-nycklar")
    return EXIT_OK


def _user_set_active(active: bool) -> Any:
    def handler(args: argparse.Namespace, env: _Env) -> int:
        from bot.staff.accounts import set_user_active

        set_user_active(env.session_factory, args.username, active, municipality=env.profile.id,
                        actor=env.actor(), now=env.now)
        print(f"Kontot {args.username} är {'aktiverat' if active else 'avstängt'}.")
        return EXIT_OK

    return handler


def _user_password(args: argparse.Namespace, env: _Env) -> int:
    from bot.staff.accounts import set_password

    password = _read_password(args)
    if password is None:
        return _fail("inget lösenord. Skicka det på standard in med --password-stdin.", EXIT_USAGE)
    set_password(env.session_factory, args.username, password, municipality=env.profile.id,
                 actor=env.actor(), now=env.now)
    print(f"Lösenordet för {args.username} är bytt; kontots inloggningar är avslutade.")
    return EXIT_OK


# ---------------------------------------------------------------- token


def _token_create(args: argparse.Namespace, env: _Env) -> int:
    from datetime import timedelta

    from bot.staff.accounts import create_api_token

    token, info = create_api_token(
        env.session_factory, args.username, municipality=env.profile.id, label=args.label,
        actor=env.actor(), now=env.now, lifetime=timedelta(days=env.settings.api_token_days),
    )
    print(token)
    expires = f" Den gäller till {info.expires_at:%Y-%m-%d}." if info.expires_at else ""
    print(f"API-nyckel {info.id} för {info.username}. Den visas bara nu: spara den säkert."
          f"{expires} Spärra med: anhoriglots token revoke {info.id}", file=sys.stderr)
    return EXIT_OK


def _token_list(args: argparse.Namespace, env: _Env) -> int:
    from bot.staff.accounts import list_api_tokens

    tokens = list_api_tokens(env.session_factory, env.profile.id)
    if not tokens:
        print("Inga API-nycklar.")
    for token in tokens:
        expired = token.expires_at is not None and token.expires_at <= env.now
        state = "spärrad" if token.revoked_at else "utgången" if expired else "giltig"
        used = token.last_used_at.isoformat() if token.last_used_at else "aldrig använd"
        print(f"{token.id}\t{token.username}\t{token.prefix}…\t{state}\t{used}\t{token.label or ''}")
    return EXIT_OK


def _token_revoke(args: argparse.Namespace, env: _Env) -> int:
    from bot.staff.accounts import revoke_api_token

    revoke_api_token(env.session_factory, args.token_id, municipality=env.profile.id,
                     actor=env.actor(), now=env.now)
    print(f"API-nyckel {args.token_id} är spärrad.")
    return EXIT_OK


# ---------------------------------------------------------------- web


def _web(args: argparse.Namespace) -> int:
    from bot.web.__main__ import main

    return main([])


# ---------------------------------------------------------------- registration


def _add_password_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true",
        help=f"read the password (at least {PASSWORD_MIN_CHARS} characters) from the first line "
             "of standard input",
    )


def add_web_commands(subparsers: _Subparsers) -> None:
    """Register ``user``, ``token`` and ``web``."""
    user = subparsers.add_parser("user", help="staff accounts of the dashboard and API")
    users = user.add_subparsers(dest="user_command", metavar="COMMAND")
    users.required = True

    add = users.add_parser(
        "add", help="create an account",
        description="Create a staff account. Roles: contact (the cases of its contact point's "
                    "unit; needs --contact-point), coordinator (every case of the municipality), "
                    "admin (accounts).",
    )
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--contact-point", metavar="ID", default=None,
                     help="contact point id from the active municipality profile")
    _add_password_options(add)
    add.set_defaults(handler=_with_env(_user_add))

    listing = users.add_parser("list", help="list the accounts")
    listing.set_defaults(handler=_with_env(_user_list))

    disable = users.add_parser("disable", help="disable an account (its sessions end at once)")
    disable.add_argument("username", metavar="USERNAME")
    disable.set_defaults(handler=_with_env(_user_set_active(False)))

    enable = users.add_parser("enable", help="enable a disabled account")
    enable.add_argument("username", metavar="USERNAME")
    enable.set_defaults(handler=_with_env(_user_set_active(True)))

    password = users.add_parser("password", help="set a new password (its sessions end)")
    password.add_argument("username", metavar="USERNAME")
    _add_password_options(password)
    password.set_defaults(handler=_with_env(_user_password))

    token = subparsers.add_parser("token", help="API tokens (bearer) of the JSON API")
    tokens = token.add_subparsers(dest="token_command", metavar="COMMAND")
    tokens.required = True
    create = tokens.add_parser("create", help="create a token for USERNAME and print it once")
    create.add_argument("username", metavar="USERNAME")
    create.add_argument("--label", default=None, help="what the token is for")
    create.set_defaults(handler=_with_env(_token_create))
    token_list = tokens.add_parser("list", help="list tokens (never their secrets)")
    token_list.set_defaults(handler=_with_env(_token_list))
    revoke = tokens.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("token_id", metavar="ID", type=int)
    revoke.set_defaults(handler=_with_env(_token_revoke))

    web = subparsers.add_parser("web", help="serve the web app (chat page, dashboard, API)")
    web.set_defaults(handler=_web)
