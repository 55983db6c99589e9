"""``anhoriglots run | train | evaluate | converse-eval | crisis-eval | benchmark``: run and measure it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import PROJECT_ROOT, SettingsError, get_settings
from bot.tools.checks import check_profile, upgrade_database_or_report

# Blind sets scored next to the held-out file by `anhoriglots evaluate` (never trained on).
DEFAULT_ALSO = tuple(PROJECT_ROOT / "tests" / f"nlu_dev_{n}.yml" for n in (2, 3, 4))

if TYPE_CHECKING:
    _Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _run(args: argparse.Namespace) -> int:
    from bot.tools import runner

    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"Ogiltig inställning: {exc}", file=sys.stderr)
        return 1
    if not check_profile():
        return 1
    if not upgrade_database_or_report(settings.effective_database_url):
        return 1
    from bot.callbacks.jobs import DEFAULT_INTERVAL_SECONDS, Maintenance, Retention
    from bot.knowledge.loader import load_active_profile

    jobs = Maintenance(settings.effective_database_url, load_active_profile(),
                       Retention.from_settings(settings))
    return runner.run(settings, periodic=jobs.tick, periodic_interval=DEFAULT_INTERVAL_SECONDS)


def _train(args: argparse.Namespace) -> int:
    from bot.tools import runner

    model = runner.train_model() if args.force else runner.ensure_model()
    print(f"Modell: {model}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from bot.tools import evaluation

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    try:
        also = args.also if args.also is not None else [str(path) for path in DEFAULT_ALSO]
        sets = [Path(args.holdout), *(Path(extra) for extra in also if extra)]
        missing = [str(path) for path in sets if not path.is_file()]
        if missing:
            raise ValueError(f"test set not found: {', '.join(missing)}")
        results = evaluation.evaluate_sets(variants, sets, Path(args.out))
    except ValueError as exc:
        print(f"anhoriglots evaluate: {exc}", file=sys.stderr)
        return 2
    for path in sets:
        print(f"== {path.name} ==")
        print(evaluation.format_report(results[path.stem]))
        print()
    print(f"\nRapport, fel per exempel och förväxlingsmatriser (PNG): {args.out}/")
    return 0


def _converse_eval(args: argparse.Namespace) -> int:
    from bot.tools import converse_eval

    return converse_eval.main(args.set, args.only, train=not args.no_train, json_path=args.json)


def _crisis_eval(args: argparse.Namespace) -> int:
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlu import crisis_detector

    threshold = crisis_detector.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    try:
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"--threshold must be between 0 and 1, got {threshold}")
        case_sets = crisis_detector.load_case_sets(Path(args.cases))
    except ValueError as exc:  # CaseSetError is a ValueError
        print(f"anhoriglots crisis-eval: {exc}", file=sys.stderr)
        return 2
    nlu = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    examples = crisis_detector.labelled_examples(nlu.intent_examples)
    results = crisis_detector.leave_one_set_out(examples, case_sets, threshold=threshold)
    print(f"Crisis detector, each case set left out of training and scored (threshold {threshold}):")
    print(f"{'set':<14}{'acute':>7}{'recall':>9}{'negatives':>11}{'false alarms':>14}")
    for result in [*results, crisis_detector.pooled(results)]:
        print(
            f"{result.name:<14}{result.acute:>7}{result.recall:>9.3f}"
            f"{result.negatives:>11}{result.false_alarm_rate:>14.3f}"
        )
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    from bot.tools import benchmark

    print(benchmark.run_benchmark(get_settings(), train=not args.no_train))
    return 0


def add_assistant_commands(subparsers: _Subparsers) -> None:
    """Register run, train, evaluate and benchmark."""
    run = subparsers.add_parser("run", help="start Rasa, the action server and the web app")
    run.set_defaults(handler=_run)

    train = subparsers.add_parser("train", help="train a model if the training inputs changed")
    train.add_argument("--force", action="store_true", help="train even if the model is current")
    train.set_defaults(handler=_train)

    evaluate = subparsers.add_parser(
        "evaluate", help="train on data/nlu and score on the held-out set, side by side"
    )
    evaluate.add_argument("--holdout", default=str(PROJECT_ROOT / "tests" / "nlu_holdout.yml"))
    evaluate.add_argument(
        "--also", action="append",
        help="another test set to score the same models on (repeatable; default tests/nlu_dev_2.yml,"
        " nlu_dev_3.yml and nlu_dev_4.yml; --also '' for none)",
    )
    evaluate.add_argument("--variants", default="ours,no_spacy,default",
                          help="comma-separated: ours, no_spacy (ablation), default (rasa init)")
    evaluate.add_argument("--out", default=str(PROJECT_ROOT / "results" / "nlu"))
    evaluate.set_defaults(handler=_evaluate)

    converse = subparsers.add_parser(
        "converse-eval", help="play whole conversations against the assistant and score their goals"
    )
    converse.add_argument("--set", action="append", metavar="PATH",
                          help="a conversation file or folder (repeatable; default tests/conversations/)")
    converse.add_argument("--only", metavar="PREFIX",
                          help="only the files whose name starts with this, e.g. blind_")
    converse.add_argument("--no-train", action="store_true", help="use the newest model in models/")
    converse.add_argument("--json", metavar="PATH", help="also write the report as JSON to this path")
    converse.set_defaults(handler=_converse_eval)

    crisis = subparsers.add_parser(
        "crisis-eval", help="the learned crisis detector on each crisis case set left out of its training"
    )
    crisis.add_argument("--cases", default=str(PROJECT_ROOT / "data" / "crisis"))
    crisis.add_argument("--threshold", type=float, help="probability to flag at (default: as served)")
    crisis.set_defaults(handler=_crisis_eval)

    bench = subparsers.add_parser("benchmark", help="training time, load time, latency, memory")
    bench.add_argument("--no-train", action="store_true", help="measure the newest model in models/")
    bench.set_defaults(handler=_benchmark)
