"""Emergency actions: the screen found a sign. After 112: no more questions, only the 112 advice."""
from __future__ import annotations

import time
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, log_action, send, subject
from bot.emergency.screen import screen
from bot.messages import BotMessage
from bot.triage import dialogue
from bot.triage.subject import Subject, parse_subject


class ActionEmergency(Action):
    """Give the 112 or akut advice at once, whatever the conversation was doing."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        text = latest_text(tracker)
        result = screen(text)
        events: List[Dict[str, Any]] = [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("triage_answer", None),
                                        SlotSet("booking_state", None), SlotSet("booking_pending", False)]
        if result is None:  # cannot happen via the NLU component; stay on the safe side
            dispatcher.utter_message(text="Om det är livshotande: ring 112 nu. Annars kan du ringa 1177.")
            return events
        who = parse_subject(text, subject(tracker) or Subject())
        messages = dialogue.screen_messages(result, text, who)
        for message in messages:
            send(dispatcher, message)
        log_action(tracker, self.name(), started, sign=result.sign_id, level=result.level)
        events.append(SlotSet("last_triage", dialogue.payload_of(messages[0])))
        if result.level == "112":
            events += [SlotSet("lock_repeats", 1), FollowupAction("emergency_lock")]
        return events


class ActionAskLockAck(Action):
    """While locked after 112: repeat the 112 advice and first aid on every message."""

    def name(self) -> str:
        return "action_ask_lock_ack"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        repeats = tracker.get_slot("lock_repeats") or 0
        if repeats >= 1 and tracker.latest_action_name in ("action_emergency", "action_triage_result"):
            return []  # the 112 message was just sent
        send(dispatcher, BotMessage(dialogue.LOCK_REPEAT))
        return [SlotSet("lock_repeats", repeats + 1)]


class ValidateEmergencyLock(FormValidationAction):
    """The lock never completes: every message is answered with the 112 advice."""

    def name(self) -> str:
        return "validate_emergency_lock"

    async def validate_lock_ack(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return {"lock_ack": None}
