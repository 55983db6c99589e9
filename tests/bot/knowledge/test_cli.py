"""``anhoriglots profile validate`` through ``main(argv)``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import EXIT_INVALID, EXIT_OK, EXIT_USAGE, build_parser, main

from .conftest import DATA_DIR, PROFILE_IDS, minimal_profile, write_data_dir


def test_validate_all_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "validate", "--data-dir", str(DATA_DIR)]) == EXIT_OK
    out = capsys.readouterr().out
    for profile_id in PROFILE_IDS:
        assert f"OK       data/municipalities/{profile_id}.yml" in out
    assert "OK       data/national.yml" in out
    assert "All 7 file(s) valid" in out
    assert "warning: data/municipalities/nacka.yml: contact_points[0]: example value" in out


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_validate_one_profile(profile_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "validate", profile_id]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"data/municipalities/{profile_id}.yml" in out
    others = [p for p in PROFILE_IDS if p != profile_id]
    assert not any(f"municipalities/{p}.yml" in out for p in others)
    assert "All 3 file(s) valid" in out


def test_default_data_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.settings import reset_settings_cache

    data_dir = write_data_dir(tmp_path, {"testkommun": minimal_profile()})
    monkeypatch.setenv("ANHORIG_DATA_DIR", str(data_dir))
    reset_settings_cache()
    assert main(["profile", "validate"]) == EXIT_OK
    assert "testkommun.yml" in capsys.readouterr().out


def test_invalid_profile_exits_1_and_prints_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    broken = minimal_profile()
    broken["links"][0]["chain"].append("x")
    data_dir = write_data_dir(tmp_path, {"testkommun": broken, "andra": minimal_profile("andra")})
    assert main(["profile", "validate", "--data-dir", str(data_dir)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "INVALID " in out
    assert "links[0].chain[2]: unknown contact point 'x'" in out
    assert "1 of 4 file(s) invalid." in out
    assert main(["profile", "validate", "andra", "--data-dir", str(data_dir)]) == EXIT_OK


def test_invalid_shared_file_makes_the_run_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = write_data_dir(tmp_path, {"testkommun": minimal_profile()})
    (data_dir / "national.yml").write_text("schema_version: 1\nlines: [{id: x}]\n", "utf-8")
    assert main(["profile", "validate", "testkommun", "--data-dir", str(data_dir)]) == (
        EXIT_INVALID
    )
    assert "national.yml: lines[0].name: field required" in capsys.readouterr().out


def test_no_profiles_is_invalid(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path, {})
    assert main(["profile", "validate", "--data-dir", str(data_dir)]) == EXIT_INVALID


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["profile"],
        ["profile", "validate", "malmo"],
        ["profile", "validate", "../secrets"],
        ["profile", "validera"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(argv: list, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == EXIT_USAGE
    assert "error" in capsys.readouterr().err


def test_unknown_profile_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "validate", "malmo"]) == EXIT_USAGE
    assert "known: ekero, gislaved, lidingo, nacka, stockholm" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    assert "profile" in capsys.readouterr().out


def test_profile_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "list", "--data-dir", str(DATA_DIR)]) == EXIT_OK
    assert capsys.readouterr().out.split() == sorted(PROFILE_IDS)


def test_parser_uses_subcommands_others_can_extend() -> None:
    parser = build_parser()
    args = parser.parse_args(["profile", "validate", "nacka"])
    assert args.command == "profile" and args.profile_command == "validate"
    assert args.profile_id == "nacka" and callable(args.handler)
