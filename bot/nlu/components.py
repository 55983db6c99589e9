"""Rasa 3 graph components for Swedish.

- :class:`SwedishSpacyTokenizer`: tokens and folded lemmas from the locally
  built spaCy pipeline (:mod:`bot.nlp.pipeline`); the intent classifier uses the lemmas.
- :class:`NgramIntentClassifier`: the intent classifier, logistic regression on
  n-grams of the text and of the tokenizer's lemmas (:mod:`bot.nlu.intent_model`).
- :class:`DomainEntityExtractor`: ``relation``, ``condition`` and
  ``support_type`` with canonical values from the spaCy domain-entity step.
- :class:`CrisisDetectorClassifier`: forces ``crisis`` when the learned crisis
  detector (:mod:`bot.nlu.crisis_detector`) flags a message.
- :class:`SituationRescue`: a long message that tells a situation and asks something
  is ``describe_situation``, not ``nlu_fallback`` (:mod:`bot.nlu.situation_rescue`).
- :class:`CrisisGuard`: runs after the classifiers and forces ``crisis`` when
  the rule-based net (:mod:`bot.safety`) finds acute danger, so that crisis
  recall does not depend on the classifier alone. The net's result goes into the
  parse data (``crisis_net``), where the action server reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Generic, List, Optional, Self, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import safety
from bot.nlp import pipeline
from bot.nlu import crisis_detector, intent_model, situation_rescue
from bot.nlu.crisis_detector import CrisisDetector
from bot.nlu.intent_model import IntentModel
from bot.settings import PROJECT_ROOT

CRISIS_INTENT = "crisis"
# Parse-data key with the detector's view of a crisis message: probability and kind of danger.
CRISIS_DETECTOR_KEY = "crisis_detector"
# Parse-data key with the rule net's result for every user message: categories and matches.
CRISIS_NET_KEY = safety.CRISIS_NET_KEY
FALLBACK_INTENT = "nlu_fallback"


def force_crisis(message: Message) -> None:
    """Make ``crisis`` the message's intent, first in the ranking with full confidence."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r.get("name") != CRISIS_INTENT]
    crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
    message.set(INTENT, crisis, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)


def _user_text(message: Message) -> Optional[str]:
    """The message text, or None for empty messages and ``/intent`` shortcuts."""
    text = message.get(TEXT)
    if not text or text.startswith("/"):
        return None
    return str(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class SwedishSpacyTokenizer(Tokenizer):
    """Tokenizer backed by the Swedish spaCy pipeline; token lemmas are folded lemmas."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Same options as Rasa's tokenizers."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Swedish only."""
        return ["sv"]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SwedishSpacyTokenizer:
        """Build the component; the spaCy pipeline itself is built on first use."""
        pipeline.get_pipeline()
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Split ``attribute`` of the message into tokens with lemmas."""
        text = message.get(attribute)
        if not text:
            return []
        tokens = [
            Token(t.text, t.start, t.end, lemma=t.lemma)
            for t in pipeline.analyze(text)
            if t.text.strip()
        ]
        return self._apply_token_pattern(tokens)


ModelT = TypeVar("ModelT", IntentModel, CrisisDetector)


class _TrainedModelComponent(GraphComponent, Generic[ModelT]):
    """What the learned components share: config with defaults, and one model kept in
    Rasa's model storage (written by ``_store`` after training, read back by ``load``)."""

    model_class: type[ModelT]

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[ModelT] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model: Optional[ModelT] = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """An untrained component."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Self:
        """The component with the model stored at training."""
        with model_storage.read_from(resource) as directory:
            model = cls.model_class.load(directory)
        return cls(config, model_storage, resource, model)

    def _store(self, model: ModelT) -> Resource:
        """Keep the trained model and write it into the model storage."""
        self._model = model
        with self._model_storage.write_to(self._resource) as directory:
            model.save(directory)
        return self._resource


def _lemmas(message: Message) -> str:
    """The lemmas of the message's tokens, space-separated (the words when no lemmas)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join(token.lemma or token.text for token in tokens)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NgramIntentClassifier(_TrainedModelComponent[IntentModel], IntentClassifier):
    """Intent classifier on n-grams of the text and of the tokenizer's lemmas.

    Sets ``intent`` and ``intent_ranking`` as Rasa's classifiers do, so the
    FallbackClassifier, the crisis detector and the rule net work on its output.
    """

    model_class = IntentModel

    @classmethod
    def required_components(cls) -> List[type]:
        """The lemmas come from a tokenizer."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """``C``: inverse regularisation; ``ranking_length``: intents kept in the ranking."""
        return {"C": intent_model.DEFAULT_C, "ranking_length": 10}

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the intent examples and store the model."""
        examples = [
            (str(message.get(TEXT)), _lemmas(message), str(message.get(INTENT)))
            for message in training_data.intent_examples
            if message.get(TEXT)
        ]
        return self._store(IntentModel.train(examples, c=float(self._config["C"])))

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the most likely intent and the ranking on each message with text."""
        if self._model is None:
            return messages
        with_text = [m for m in messages if m.get(TEXT)]
        rankings = self._model.rank([(str(m.get(TEXT)), _lemmas(m)) for m in with_text])
        length = int(self._config["ranking_length"])
        for message, ranking in zip(with_text, rankings, strict=True):
            kept = [{"name": name, "confidence": confidence} for name, confidence in ranking[:length]]
            message.set(INTENT, kept[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, kept, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DomainEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Entities from the domain lexicon, already normalised to canonical values."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Which entity types to emit."""
        return {"entities": ["relation", "condition", "support_type"]}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Swedish only."""
        return ["sv"]

    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DomainEntityExtractor:
        """Build the component."""
        pipeline.get_pipeline()
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn: the lexicon is data."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Add lexicon entities to each message."""
        wanted = set(self._config["entities"])
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = [
                {
                    "entity": e["entity"],
                    "value": e["value"],
                    "start": e["start"],
                    "end": e["end"],
                    "confidence_entity": 1.0,
                }
                for e in pipeline.extract_entities(text)
                if e["entity"] in wanted
            ]
            found = self.add_extractor_name(found)
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages


class _StatelessComponent(GraphComponent):
    """A component with nothing to learn or store: built from nothing, passes training data on."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """Build the component."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisGuard(_StatelessComponent):
    """Force the ``crisis`` intent when the rule-based safety net fires.

    The net runs here once per user message; its result is kept in the parse data under
    ``crisis_net`` (see docs/nlu_contract.md), so the crisis reply does not run it again.
    Where the net finds no acute danger, the possible-danger tier's finding is added there
    (``possible``); it never changes the intent.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Record the net's result on each user message; force ``crisis`` where it found danger."""
        for message in messages:
            text = _user_text(message)
            if text is None:
                continue
            found = safety.assess(text)
            possible = None if found.is_crisis else safety.assess_possible(text)
            message.set(CRISIS_NET_KEY, safety.as_parse_data(found, possible), add_to_output=True)
            if found.is_crisis:
                force_crisis(message)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SituationRescue(_StatelessComponent):
    """Read a fallback that tells a situation and asks something as ``describe_situation``.

    The ranking is kept with the situation first; the dialogue finds the request in the
    text itself (``pending_request``). See :mod:`bot.nlu.situation_rescue`.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace a rescued fallback by ``describe_situation``."""
        for message in messages:
            text = _user_text(message)
            if text is None:
                continue
            ranking = message.get(INTENT_RANKING_KEY, [])
            rescued = situation_rescue.rescued_intent(
                message.get(INTENT) or {}, ranking, message.get(ENTITIES, []), text
            )
            if rescued is None:
                continue
            others = [
                r for r in ranking if r.get("name") not in (rescued["name"], FALLBACK_INTENT)
            ]
            message.set(INTENT, rescued, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [rescued, *others], add_to_output=True)
        return messages


def drop_crisis(message: Message, fallback_threshold: float) -> None:
    """Replace a ``crisis`` intent by the next intent in the ranking, or by ``nlu_fallback``."""
    if (message.get(INTENT) or {}).get("name") != CRISIS_INTENT:
        return
    ranking = message.get(INTENT_RANKING_KEY, [])
    others = [r for r in ranking if r.get("name") not in (CRISIS_INTENT, FALLBACK_INTENT)]
    crisis = [r for r in ranking if r.get("name") == CRISIS_INTENT]
    if others and others[0].get("confidence", 0.0) >= fallback_threshold:
        intent = dict(others[0])
        new_ranking = [*others, *crisis]
    else:
        intent = {"name": FALLBACK_INTENT, "confidence": fallback_threshold}
        new_ranking = [intent, *others, *crisis]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, new_ranking, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisDetectorClassifier(_TrainedModelComponent[CrisisDetector]):
    """Force the ``crisis`` intent when the learned crisis detector flags a message, and drop
    a classifier-only ``crisis`` the detector finds very unlikely (see the config).

    Trained on the NLU data (``crisis`` against every other intent) and on the
    crisis case sets in ``cases`` (default ``data/crisis``), which the NLU data
    loader does not see; their digest is part of the fingerprint, so a changed
    case file retrains the detector.
    """

    model_class = CrisisDetector

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Where the case sets are, the probabilities to act on, and the regularisation.

        - ``threshold``: the detector alone makes a message ``crisis`` from here.
        - ``veto_below``: a ``crisis`` from the intent classifier alone is dropped when
          the detector gives it less than this (the rule net, which runs after, still
          forces ``crisis``). On the fifteen case sets, each left out in turn, this dropped
          164 of the classifier's false alarms on hard negatives and no acute message.
        - ``fallback_threshold``: a dropped crisis becomes the next intent only if that
          is at least this sure, otherwise ``nlu_fallback`` (as the FallbackClassifier).
        """
        return {
            "cases": "data/crisis",
            "threshold": crisis_detector.DEFAULT_THRESHOLD,
            "veto_below": crisis_detector.DEFAULT_VETO_BELOW,
            "fallback_threshold": 0.3,
            "C": crisis_detector.DEFAULT_C,
        }

    @staticmethod
    def cases_directory(config: Dict[str, Any]) -> Path:
        """The case-set directory, relative paths taken from the project root."""
        path = Path(config.get("cases", "data/crisis"))
        return path if path.is_absolute() else PROJECT_ROOT / path

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The case files are outside the graph's inputs: their digest joins the fingerprint."""
        directory = cls.cases_directory(config)
        return crisis_detector.case_files_digest(directory) if directory.is_dir() else None

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the detector on the NLU examples and the case sets, and store it."""
        case_sets = crisis_detector.load_case_sets(self.cases_directory(self._config))
        examples = crisis_detector.labelled_examples(training_data.intent_examples)
        texts, labels = crisis_detector.training_texts(examples, case_sets)
        detector = CrisisDetector.train(
            texts,
            labels,
            threshold=float(self._config["threshold"]),
            c=float(self._config["C"]),
            categories=crisis_detector.category_examples(case_sets),
        )
        return self._store(detector)

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the predicted intent for messages the detector flags.

        Every message that ends up as ``crisis`` here also gets the detector's guess
        of the kind of danger under ``crisis_detector`` in the parse data; the crisis
        reply uses it when the rule net found no category of its own.
        """
        if self._model is None:
            return messages
        candidates = [(m, t) for m in messages if (t := _user_text(m)) is not None]
        if not candidates:
            return messages
        scores = self._model.probabilities([text for _, text in candidates])
        for (message, text), probability in zip(candidates, scores, strict=True):
            if probability >= self._model.threshold:
                force_crisis(message)
            elif probability < float(self._config["veto_below"]):
                drop_crisis(message, float(self._config["fallback_threshold"]))
            if (message.get(INTENT) or {}).get("name") == CRISIS_INTENT:
                found = {"probability": round(probability, 3), "category": self._model.category(text)}
                message.set(CRISIS_DETECTOR_KEY, found, add_to_output=True)
        return messages
