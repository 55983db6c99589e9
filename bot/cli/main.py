"""The ``anhoriglots`` command line.

Commands are grouped with argparse sub-parsers. Each group registers itself
with a ``_add_<group>_commands(subparsers)`` function and every command sets
``handler`` (a function taking the parsed arguments and returning the exit
status). To add a group (``user add``, ``token create``, ``escalate``), write
its ``_add_..._commands`` function and list it in ``_COMMAND_GROUPS``.

Exit status: 0 success, 1 the command ran and found a problem (an invalid
profile), 2 a usage error (unknown command, unknown profile id).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Callable, List, Optional, Sequence, TextIO, TypeAlias

from bot.cli.assistant import add_assistant_commands
from bot.cli.booking import add_booking_commands
from bot.cli.privacy import add_privacy_commands
from bot.cli.web import add_web_commands
from bot.knowledge.loader import (
    ProfileError,
    ValidationReport,
    available_profile_ids,
    display_path,
    profile_path,
    validate_all,
)

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]
_Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class _UsageError(Exception):
    """A usage problem found after parsing (e.g. an unknown profile id)."""


# -- profile -----------------------------------------------------------------------------


def _print_report(report: ValidationReport, out: TextIO) -> None:
    status = "OK" if report.valid else "INVALID"
    counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    print(f"{status:8} {display_path(report.path)} ({counts})", file=out)
    for error in report.errors:
        print(f"  error: {error}", file=out)
    for warning in report.warnings:
        print(f"  warning: {warning}", file=out)


def _profile_validate(args: argparse.Namespace) -> int:
    data_dir: Optional[Path] = args.data_dir
    profile_id: Optional[str] = args.profile_id
    if profile_id is not None:
        try:
            path = profile_path(profile_id, data_dir)
        except ProfileError as exc:
            raise _UsageError("; ".join(exc.errors)) from exc
        if not path.is_file():
            known = ", ".join(available_profile_ids(data_dir)) or "none"
            folder = display_path(path.parent)
            raise _UsageError(f"no profile {profile_id!r} in {folder} (known: {known})")
    elif not available_profile_ids(data_dir):
        print("no profiles found", file=sys.stderr)
        return EXIT_INVALID

    reports = validate_all(profile_id, data_dir)
    for report in reports:
        _print_report(report, sys.stdout)
    invalid = [report for report in reports if not report.valid]
    warnings = sum(len(report.warnings) for report in reports)
    if invalid:
        print(f"{len(invalid)} of {len(reports)} file(s) invalid.", file=sys.stdout)
        return EXIT_INVALID
    print(f"All {len(reports)} file(s) valid ({warnings} warning(s)).", file=sys.stdout)
    return EXIT_OK


def _profile_list(args: argparse.Namespace) -> int:
    for profile_id in available_profile_ids(args.data_dir):
        print(profile_id)
    return EXIT_OK


def _add_profile_commands(subparsers: _Subparsers) -> None:
    profile = subparsers.add_parser("profile", help="municipality profiles")
    commands = profile.add_subparsers(dest="profile_command", metavar="COMMAND")
    commands.required = True

    validate = commands.add_parser(
        "validate",
        help="check profiles (and national.yml, rights.yml) against the schema",
        description="Validate one profile, or all, plus the shared national and rights files. "
        "Exit status 0 only when every file is valid; example values are warnings.",
    )
    validate.add_argument("profile_id", nargs="?", metavar="ID", help="profile id, e.g. nacka")
    validate.add_argument("--data-dir", type=Path, default=None,
                          help="data directory (default: ANHORIG_DATA_DIR or ./data)")
    validate.set_defaults(handler=_profile_validate)

    listing = commands.add_parser("list", help="list the profile ids")
    listing.add_argument("--data-dir", type=Path, default=None)
    listing.set_defaults(handler=_profile_list)


# -- entry point --------------------------------------------------------------------------

_COMMAND_GROUPS: List[Callable[[_Subparsers], None]] = [
    _add_profile_commands,
    add_assistant_commands,
    add_web_commands,
    add_booking_commands,
    add_privacy_commands,
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="anhoriglots", description="Anhöriglotsen administration.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for add_commands in _COMMAND_GROUPS:
        add_commands(subparsers)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    handler: Handler = args.handler
    try:
        return handler(args)
    except _UsageError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
