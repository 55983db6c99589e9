"""Rasa 3 graph components for Swedish.

- :class:`SwedishSpacyTokenizer`: tokens and folded lemmas from the locally
  built spaCy pipeline (:mod:`bot.nlp.pipeline`); featurizers use the lemmas.
- :class:`DomainEntityExtractor`: ``relation``, ``condition`` and
  ``support_type`` with canonical values from the spaCy domain-entity step.
- :class:`CrisisGuard`: runs after the classifiers and forces ``crisis`` when
  the rule-based net (:mod:`bot.safety`) finds acute danger, so that crisis
  recall does not depend on the classifier alone.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import safety
from bot.nlp import pipeline
from bot.nlu import speedups

CRISIS_INTENT = "crisis"


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


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisGuard(GraphComponent):
    """Force the ``crisis`` intent when the rule-based safety net fires."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisGuard:
        """Build the component."""
        # Rasa builds the graph once per model load: a good moment for the one-time
        # reply-loop fixes (see bot.nlu.speedups).
        speedups.install()
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the predicted intent for messages that signal acute danger."""
        # The model is fully loaded once messages arrive (see bot.nlu.speedups).
        speedups.freeze_loaded_objects()
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            if not safety.assess(text).is_crisis:
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r.get("name") != CRISIS_INTENT]
            crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
            message.set(INTENT, crisis, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        return messages
