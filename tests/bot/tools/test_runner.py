from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.tools import runner
from bot.tools.runner import (
    FINGERPRINT_SUFFIX,
    MODEL_INPUTS,
    model_inputs_fingerprint,
    model_is_current,
    newest_model,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "greet.yml").write_text("version: '3.1'\n", encoding="utf-8")
    (tmp_path / "data" / "rules.yml").write_text("rules: []\n", encoding="utf-8")
    (tmp_path / "domain.yml").write_text("intents: [greet]\n", encoding="utf-8")
    (tmp_path / "config.yml").write_text("language: sv\n", encoding="utf-8")
    (tmp_path / "bot" / "nlp").mkdir(parents=True)
    (tmp_path / "bot" / "nlp" / "lexicon.yml").write_text("relation: {}\n", encoding="utf-8")
    return tmp_path


def test_model_inputs_are_the_training_inputs() -> None:
    assert MODEL_INPUTS == ("data", "domain.yml", "config.yml", "bot/nlp/lexicon.yml")
    assert all((PROJECT_ROOT / name).exists() for name in MODEL_INPUTS)


def test_fingerprint_is_a_stable_sha256(project: Path) -> None:
    first = model_inputs_fingerprint(project)
    assert len(first) == 64 and int(first, 16) >= 0
    assert model_inputs_fingerprint(project) == first


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "data" / "nlu" / "greet.yml").write_text(
            "version: '3.1'\nnlu: []\n", encoding="utf-8"
        ),
        lambda root: (root / "data" / "nlu" / "new.yml").write_text("", encoding="utf-8"),
        lambda root: (root / "data" / "rules.yml").unlink(),
        lambda root: (root / "data" / "rules.yml").rename(root / "data" / "rules2.yml"),
        lambda root: (root / "domain.yml").write_text("intents: [greet, goodbye]\n", encoding="utf-8"),
        lambda root: (root / "config.yml").write_text("language: en\n", encoding="utf-8"),
        lambda root: (root / "bot" / "nlp" / "lexicon.yml").write_text(
            "relation: {parent: [mamma]}\n", encoding="utf-8"
        ),
    ],
    ids=["edit-nlu", "add-file", "delete-file", "rename-file", "domain", "config", "lexicon"],
)
def test_fingerprint_changes_with_any_input(project: Path, change) -> None:
    before = model_inputs_fingerprint(project)
    change(project)
    assert model_inputs_fingerprint(project) != before


def test_fingerprint_ignores_other_files_and_pycache(project: Path) -> None:
    before = model_inputs_fingerprint(project)
    (project / "README.md").write_text("docs\n", encoding="utf-8")
    (project / "bot" / "nlp" / "pipeline.py").write_text("x = 1\n", encoding="utf-8")
    (project / "data" / "__pycache__").mkdir()
    (project / "data" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert model_inputs_fingerprint(project) == before


def test_fingerprint_tolerates_missing_inputs(tmp_path: Path) -> None:
    assert model_inputs_fingerprint(tmp_path) == model_inputs_fingerprint(tmp_path / "other")


def test_fingerprint_depends_on_paths_not_only_contents(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yml").write_text("same", encoding="utf-8")
    first = model_inputs_fingerprint(tmp_path)
    (tmp_path / "data" / "a.yml").rename(tmp_path / "data" / "b.yml")
    assert model_inputs_fingerprint(tmp_path) != first


def _model(models: Path, name: str, mtime: int, stamp: str | None = None) -> Path:
    path = models / f"{name}.tar.gz"
    path.write_bytes(b"model")
    os.utime(path, (mtime, mtime))
    if stamp is not None:
        path.with_name(path.name + FINGERPRINT_SUFFIX).write_text(stamp + "\n")
    return path


def test_newest_model_is_the_latest_tar_gz(tmp_path: Path) -> None:
    assert newest_model(tmp_path) is None
    old = _model(tmp_path, "zzz-old", 1_000_000)
    new = _model(tmp_path, "aaa-new", 2_000_000)  # newest by time, not by name
    (tmp_path / "notes.txt").write_text("x")
    os.utime(tmp_path / "notes.txt", (3_000_000, 3_000_000))
    assert newest_model(tmp_path) == new
    os.utime(old, (4_000_000, 4_000_000))
    assert newest_model(tmp_path) == old


def test_newest_model_in_a_missing_directory_is_none(tmp_path: Path) -> None:
    assert newest_model(tmp_path / "models") is None


def test_model_is_current_needs_a_model(tmp_path: Path) -> None:
    assert not model_is_current(tmp_path, "abc")


def test_model_is_current_needs_a_stamp(tmp_path: Path) -> None:
    _model(tmp_path, "m", 1_000_000)
    assert not model_is_current(tmp_path, "abc")


def test_model_is_current_compares_the_stamp(tmp_path: Path) -> None:
    _model(tmp_path, "m", 1_000_000, stamp="abc")
    assert model_is_current(tmp_path, "abc")
    assert not model_is_current(tmp_path, "abd")


def test_model_is_current_looks_at_the_newest_model_only(tmp_path: Path) -> None:
    _model(tmp_path, "old", 1_000_000, stamp="abc")
    _model(tmp_path, "new", 2_000_000)  # trained by hand, no stamp
    assert not model_is_current(tmp_path, "abc")


def test_fingerprint_and_stamp_round_trip(project: Path) -> None:
    models = project / "models"
    models.mkdir()
    _model(models, "m", 1_000_000, stamp=model_inputs_fingerprint(project))
    assert model_is_current(models, model_inputs_fingerprint(project))
    (project / "domain.yml").write_text("intents: [greet, deny]\n", encoding="utf-8")
    assert not model_is_current(models, model_inputs_fingerprint(project))


def test_train_model_can_use_another_rasa_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run(cmd: list[str], **kwargs: object) -> None:
        seen.update(kwargs)
        (tmp_path / "models" / f"{cmd[cmd.index('--fixed-model-name') + 1]}.tar.gz").write_bytes(b"")

    (tmp_path / "models").mkdir()
    monkeypatch.setattr(runner.subprocess, "run", fake_run)
    model = runner.train_model(tmp_path, cache_dir=tmp_path / "cache")
    env = seen["env"]
    assert isinstance(env, dict) and env["RASA_CACHE_DIRECTORY"] == str(tmp_path / "cache")
    assert model.with_name(model.name + runner.FINGERPRINT_SUFFIX).exists()
    runner.train_model(tmp_path)
    assert seen["env"] is None  # the usual cache under .rasa/


def test_rasa_is_served_through_the_patching_entry_point() -> None:
    from bot.settings import load_settings

    services = {s.name: s for s in runner.service_commands(load_settings({}), Path("m.tar.gz"), python="py")}
    command = services["rasa"].command
    assert command[:4] == ["py", "-m", "bot.rasa_patches.serve", "run"]
    assert command[command.index("--model") + 1] == "m.tar.gz"
    assert {"--enable-api", "--endpoints", "--credentials"} <= set(command)
    assert command[command.index("--interface") + 1] == "127.0.0.1"


def test_training_runs_plain_rasa_with_the_whole_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run(cmd: list[str], **kwargs: object) -> None:
        seen.update(kwargs, cmd=cmd)
        (tmp_path / "models" / f"{cmd[cmd.index('--fixed-model-name') + 1]}.tar.gz").write_bytes(b"")

    (tmp_path / "models").mkdir()
    monkeypatch.setenv("ANHORIG_TEST_MARKER", "kept")
    monkeypatch.setattr(runner.subprocess, "run", fake_run)
    runner.train_model(tmp_path, python="py", cache_dir=tmp_path / "cache")
    assert seen["cmd"][:4] == ["py", "-m", "rasa", "train"]  # type: ignore[index]
    env = seen["env"]
    assert isinstance(env, dict) and env["ANHORIG_TEST_MARKER"] == "kept"


def test_every_start_shares_one_token_and_one_secret_and_turns_telemetry_off() -> None:
    from bot.settings import Settings
    from bot.tools.runner import service_environment, with_internal_secrets

    first, second = with_internal_secrets(Settings()), with_internal_secrets(Settings())
    assert len(first.rasa_token) >= 32 and len(first.action_secret) >= 32
    assert first.rasa_token != second.rasa_token and first.rasa_token != first.action_secret
    configured = with_internal_secrets(Settings(rasa_token="t", action_secret="s"))
    assert (configured.rasa_token, configured.action_secret) == ("t", "s")
    env = service_environment(first)
    assert env["ANHORIG_RASA_TOKEN"] == first.rasa_token
    assert env["ANHORIG_ACTION_SECRET"] == first.action_secret
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    with pytest.raises(ValueError):
        service_environment(Settings())
