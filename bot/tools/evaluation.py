"""NLU evaluation on a held-out file, for our pipeline and the baselines side by side.

Each variant is trained on ``data/nlu`` and scored on the held-out file
(never used for training): intent accuracy, macro-F1 and per-intent F1,
entity precision/recall/F1 per entity by canonical value, crisis recall and
the crisis false-alarm rate. Variants:

- ``ours``: ``config.yml`` (Swedish spaCy pipeline, lexicon, crisis net);
- ``no_spacy``: the same without the spaCy components (the ablation);
- ``default``: Rasa's default pipeline, the one ``rasa init`` suggests.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

from bot.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

CONTRACT_ENTITIES = ("relation", "condition", "support_type")
CRISIS = "crisis"
VARIANT_CONFIGS: Mapping[str, Path] = {
    "ours": PROJECT_ROOT / "config.yml",
    "no_spacy": PROJECT_ROOT / "evaluation" / "no_spacy_config.yml",
    "default": PROJECT_ROOT / "evaluation" / "default_config.yml",
}

EntitySet = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Example:
    """One held-out message with its gold intent and (entity, canonical value) pairs."""

    text: str
    intent: str
    entities: EntitySet


@dataclass(frozen=True)
class Prediction:
    """What a model said about one message."""

    intent: str
    entities: EntitySet


@dataclass
class Scores:
    """Figures for one variant."""

    n: int
    intent_accuracy: float
    intent_macro_f1: float
    per_intent_f1: dict[str, float]
    entity: dict[str, dict[str, float]]  # entity (and "all") -> precision/recall/f1/support
    entity_by_value: dict[str, dict[str, float]]  # "entity=value" -> f1 and support
    crisis_recall: float
    crisis_false_alarm_rate: float
    train_seconds: float = 0.0
    confusions: list[tuple[str, str, int]] = field(default_factory=list)


def load_examples(path: Path) -> list[Example]:
    """Read a Rasa NLU YAML file into examples with canonical entity values."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    examples = []
    for message in data.intent_examples:
        ents = frozenset(
            (e["entity"], str(e.get("value", "")))
            for e in message.get("entities", []) or []
            if e["entity"] in CONTRACT_ENTITIES
        )
        examples.append(Example(message.get("text"), message.get("intent"), ents))
    return examples


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(examples: Sequence[Example], predictions: Sequence[Prediction]) -> Scores:
    """Compute every figure from gold examples and predictions (same order)."""
    if len(examples) != len(predictions):
        raise ValueError("examples and predictions differ in length")
    if not examples:
        raise ValueError("no examples to score")
    pairs = list(zip(examples, predictions, strict=True))
    labels = sorted({e.intent for e in examples})
    per_intent: dict[str, float] = {}
    for label in labels:
        tp = sum(1 for e, p in pairs if e.intent == label and p.intent == label)
        fp = sum(1 for e, p in pairs if e.intent != label and p.intent == label)
        fn = sum(1 for e, p in pairs if e.intent == label and p.intent != label)
        per_intent[label] = _prf(tp, fp, fn)[2]
    accuracy = sum(e.intent == p.intent for e, p in pairs) / len(examples)

    entity: dict[str, dict[str, float]] = {}
    by_value: Counter[tuple[str, str, str]] = Counter()
    totals = Counter[str]()
    for name in (*CONTRACT_ENTITIES, "all"):
        tp = fp = fn = 0
        for e, p in pairs:
            gold = {x for x in e.entities if name in ("all", x[0])}
            pred = {x for x in p.entities if name in ("all", x[0])}
            tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
            if name == "all":
                for pair in gold & pred:
                    by_value[(*pair, "tp")] += 1
                for pair in pred - gold:
                    by_value[(*pair, "fp")] += 1
                for pair in gold - pred:
                    by_value[(*pair, "fn")] += 1
        precision, recall, f1 = _prf(tp, fp, fn)
        entity[name] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
        totals[name] = tp + fn
    values = sorted({(k[0], k[1]) for k in by_value})
    entity_by_value: dict[str, dict[str, float]] = {}
    for ent, val in values:
        tp, fp, fn = (by_value[(ent, val, k)] for k in ("tp", "fp", "fn"))
        value_p, value_r, value_f1 = _prf(tp, fp, fn)
        entity_by_value[f"{ent}={val}"] = {
            "precision": value_p, "recall": value_r, "f1": value_f1, "support": tp + fn,
        }

    crisis_gold = [p.intent == CRISIS for e, p in pairs if e.intent == CRISIS]
    others = [p.intent == CRISIS for e, p in pairs if e.intent != CRISIS]
    confusions = Counter(
        (e.intent, p.intent) for e, p in pairs if e.intent != p.intent
    )
    return Scores(
        n=len(examples),
        intent_accuracy=accuracy,
        intent_macro_f1=sum(per_intent.values()) / len(per_intent),
        per_intent_f1=per_intent,
        entity=entity,
        entity_by_value=entity_by_value,
        crisis_recall=sum(crisis_gold) / len(crisis_gold) if crisis_gold else 1.0,
        crisis_false_alarm_rate=sum(others) / len(others) if others else 0.0,
        confusions=[(g, p, n) for (g, p), n in confusions.most_common()],
    )


def train_variant(variant: str, out_dir: Path, nlu_path: Path) -> tuple[Path, float]:
    """Train one variant's NLU model; returns the model path and the seconds it took."""
    from rasa.model_training import train_nlu

    config = VARIANT_CONFIGS[variant]
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    model = train_nlu(str(config), str(nlu_path), str(out_dir), fixed_model_name=f"nlu-{variant}")
    if not model:
        raise RuntimeError(f"training the {variant} variant produced no model")
    return Path(model), time.perf_counter() - started


def predict(model_path: Path, texts: Iterable[str]) -> list[Prediction]:
    """Parse each text with the model, as ``/model/parse`` would."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model_path))

    async def run() -> list[Prediction]:
        out = []
        for text in texts:
            parsed = await agent.parse_message(text)
            ents = frozenset(
                (e["entity"], str(e.get("value")))
                for e in parsed.get("entities", [])
                if e["entity"] in CONTRACT_ENTITIES
            )
            out.append(Prediction((parsed.get("intent") or {}).get("name") or "", ents))
        return out

    return asyncio.run(run())


def write_confusion_png(
    examples: Sequence[Example], predictions: Sequence[Prediction], path: Path, title: str
) -> None:
    """Intent confusion matrix as a PNG (rows: gold, columns: predicted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labels = sorted({e.intent for e in examples} | {p.intent for p in predictions})
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for e, p in zip(examples, predictions, strict=True):
        matrix[index[e.intent], index[p.intent]] += 1
    fig, ax = plt.subplots(figsize=(12, 10))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90)
    ax.set_yticks(range(len(labels)), labels)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def format_report(results: Mapping[str, Scores]) -> str:
    """A plain-text table with the variants side by side."""
    names = list(results)
    width = 14
    head = f"{'':34}" + "".join(f"{n:>{width}}" for n in names)
    lines = [head, "-" * len(head)]

    def row(label: str, values: Sequence[float], fmt: str = "{:.3f}") -> None:
        lines.append(f"{label:34}" + "".join(f"{fmt.format(v):>{width}}" for v in values))

    row("held-out examples", [results[n].n for n in names], "{:d}")
    row("training seconds", [results[n].train_seconds for n in names], "{:.0f}")
    row("intent accuracy", [results[n].intent_accuracy for n in names])
    row("intent macro-F1", [results[n].intent_macro_f1 for n in names])
    row("crisis recall", [results[n].crisis_recall for n in names])
    row("crisis false-alarm rate", [results[n].crisis_false_alarm_rate for n in names])
    for ent in (*CONTRACT_ENTITIES, "all"):
        for metric in ("precision", "recall", "f1"):
            row(f"entity {ent} {metric}", [results[n].entity[ent][metric] for n in names])
    lines.append("")
    lines.append("per-intent F1")
    for label in sorted(results[names[0]].per_intent_f1):
        row(f"  {label}", [results[n].per_intent_f1.get(label, 0.0) for n in names])
    lines.append("")
    lines.append("entity F1 by canonical value (support)")
    keys = sorted({k for n in names for k in results[n].entity_by_value})
    for key in keys:
        support = max(int(results[n].entity_by_value.get(key, {}).get("support", 0)) for n in names)
        row(f"  {key} ({support})", [results[n].entity_by_value.get(key, {}).get("f1", 0.0) for n in names])
    return "\n".join(lines)


def evaluate_sets(
    variants: Sequence[str],
    test_sets: Sequence[Path],
    out_dir: Path,
    nlu_path: Optional[Path] = None,
) -> dict[str, dict[str, Scores]]:
    """Train each variant once and score it on every test set; returns set stem -> variant -> scores.

    Files in ``out_dir``: ``report.txt``, ``scores.json``, ``errors_<variant>.json`` and
    ``confusion_<variant>.png`` for the first (main) set; ``report_<set>.txt`` and
    ``scores_<set>.json`` for each further set.
    """
    unknown = [v for v in variants if v not in VARIANT_CONFIGS]
    if unknown:
        raise ValueError(f"unknown variant(s): {', '.join(unknown)}; known: {', '.join(VARIANT_CONFIGS)}")
    if not test_sets:
        raise ValueError("no test set given")
    stems = [path.stem for path in test_sets]
    if len(set(stems)) != len(stems):
        raise ValueError(f"test sets need different file names: {', '.join(stems)}")
    nlu_path = nlu_path or PROJECT_ROOT / "data" / "nlu"
    sets = {path.stem: load_examples(path) for path in test_sets}
    main = stems[0]
    results: dict[str, dict[str, Scores]] = {stem: {} for stem in stems}
    for variant in variants:
        model, seconds = train_variant(variant, out_dir / "models", nlu_path)
        for stem, examples in sets.items():
            predictions = predict(model, [e.text for e in examples])
            scores = score(examples, predictions)
            scores.train_seconds = seconds
            results[stem][variant] = scores
            if stem == main:
                _write_details(examples, predictions, out_dir, variant)
    for stem, by_variant in results.items():
        suffix = "" if stem == main else f"_{stem}"
        (out_dir / f"scores{suffix}.json").write_text(
            json.dumps({k: asdict(v) for k, v in by_variant.items()}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        (out_dir / f"report{suffix}.txt").write_text(format_report(by_variant) + "\n", encoding="utf-8")
    return results


def _write_details(
    examples: Sequence[Example], predictions: Sequence[Prediction], out_dir: Path, variant: str
) -> None:
    """Confusion PNG and the misclassified examples of one variant on the main set."""
    title = f"Intent confusion: {variant}"
    write_confusion_png(examples, predictions, out_dir / f"confusion_{variant}.png", title)
    errors = [
        {"text": e.text, "gold": e.intent, "predicted": p.intent,
         "gold_entities": sorted(e.entities), "predicted_entities": sorted(p.entities)}
        for e, p in zip(examples, predictions, strict=True)
        if e.intent != p.intent or e.entities != p.entities
    ]
    text = json.dumps(errors, ensure_ascii=False, indent=1)
    (out_dir / f"errors_{variant}.json").write_text(text, encoding="utf-8")
