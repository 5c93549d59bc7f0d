"""Handover to a nurse: the action only describes the request; the gateway owns the queue."""
from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import log_action
from bot.handover.request import build_request
from bot.messages import CLOSING

CALL_112 = "Det du har berättat kan vara livshotande. Ring 112 nu – vänta inte på en sjuksköterska i chatten."
CONNECTING = "Jag kopplar dig till en sjuksköterska. Det du har berättat följer med."
NOT_UNDERSTOOD = f"Jag förstår tyvärr inte. Jag kopplar dig till en sjuksköterska i stället. {CLOSING}"


def first_user_text(tracker: Tracker) -> Optional[str]:
    """The citizen's first words in this conversation (the nurse sees them as given)."""
    for event in tracker.events:
        if event.get("event") == "user" and (event.get("text") or "").strip():
            return event["text"][:500]
    return None


def request_event(tracker: Tracker, reason: str) -> Dict[str, Any]:
    return build_request(reason, tracker.get_slot("last_triage"), tracker.get_slot("triage_state"),
                         tracker.get_slot("subject"), first_user_text(tracker))


class ActionRequestNurse(Action):
    """The citizen asked for a nurse (or pressed the offer after a result)."""

    def name(self) -> str:
        return "action_request_nurse"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        request = request_event(tracker, "after_result" if tracker.get_slot("last_triage") else "asked")
        events: List[Dict[str, Any]] = [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("misunderstood", 0),
                                        SlotSet("booking_state", None)]
        if request["priority"] == "112":
            dispatcher.utter_message(text=CALL_112)
        else:
            dispatcher.utter_message(text=CONNECTING, json_message={"handover_request": request})
        log_action(tracker, self.name(), started, priority=request["priority"], reason=request["reason"])
        return events
