"""Rasa NLU component: a message that names a known complaint is a symptom report, not small talk.

Runs after DIET and the fallback classifier, before the emergency screen. Only small-talk intents (and the
fallback) are replaced; answers (affirm, deny, dont_know) and requests keep theirs. The decision is the plain
function bot.triage.complaint.names_a_complaint.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.intent import set_intent
from bot.triage.complaint import names_a_complaint

SYMPTOM_INTENT = "symptom_report"
SMALL_TALK = frozenset({"greet", "goodbye", "thanks", "bot_challenge", "ask_help", "out_of_scope", "nlu_fallback"})
CONFIDENCE = 0.9


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ComplaintComponent(GraphComponent):
    """Sets `symptom_report` when small talk (or the fallback) names a complaint a protocol knows."""

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ComplaintComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT)
            if predicted in SMALL_TALK and text and names_a_complaint(text):
                set_intent(message, SYMPTOM_INTENT, CONFIDENCE)
        return messages
