"""Fallback and not-yet-available features: always a clear Swedish answer ending with 112/1177."""
from __future__ import annotations

import time
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, log_action, subject
from actions.handover import NOT_UNDERSTOOD, request_event
from bot.triage import dialogue


class ActionFallback(Action):
    """Low-confidence or out-of-scope text: start triage if it names a complaint, else explain."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        state = dialogue.start(latest_text(tracker), subject(tracker), allow_general=False)
        if state is not None:
            log_action(tracker, self.name(), started, outcome="triage")
            return [FollowupAction("action_start_triage")]
        misunderstood = (tracker.get_slot("misunderstood") or 0) + 1
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        dispatcher.utter_message(response="utter_out_of_scope" if intent == "out_of_scope" else "utter_default")
        if misunderstood >= 2:
            request = request_event(tracker, "not_understood")
            if request["priority"] != "112":
                dispatcher.utter_message(text=NOT_UNDERSTOOD, json_message={"handover_request": request})
                log_action(tracker, self.name(), started, outcome="handover", count=misunderstood)
                return [SlotSet("misunderstood", 0)]
        log_action(tracker, self.name(), started, outcome="fallback", count=misunderstood)
        return [SlotSet("misunderstood", misunderstood)]
