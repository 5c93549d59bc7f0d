"""Rasa NLU component: runs the emergency screen on every message, after DIET and the fallback.

When a sign is found, the intent becomes `emergency` with confidence 1.0 (the action runs the same
pure function again to know which sign and what advice). Rules for that intent beat any active form, and the
forms' slot mappings exclude it, so "han andas inte" is never taken as an answer.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.emergency.screen import screen
from bot.rasa_plugins.intent import set_intent

EMERGENCY_INTENT = "emergency"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class EmergencyScreenComponent(GraphComponent):
    """Sets the `emergency` intent when the screen finds a sign."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencyScreenComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._mark(message)
        return messages

    @staticmethod
    def _mark(message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        result = screen(text) if text else None
        if result is None:
            return
        set_intent(message, EMERGENCY_INTENT, 1.0)
