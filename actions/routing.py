"""Care routing actions: ask where the citizen is, then list fitting units (care_units payload)."""
from __future__ import annotations

import time
from typing import Any, Callable, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, log_action, send, stockholm_now
from bot.booking.offer import offer_after_units
from bot.routing import dialogue
from bot.text.normalize import fold


class ActionCareUnits(Action):
    """After triage, or on a direct question ("var finns närmaste närakut"): list up to three units."""

    def __init__(self, clock: Callable[[], Any] = stockholm_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_care_units"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        place = tracker.get_slot("place")
        query = tracker.get_slot("unit_query")
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent == "ask_care_unit":
            query = latest_text(tracker)
        if query:
            message = dialogue.for_question(query, place, self.clock())
            if message is None:
                if tracker.get_slot("place_answer") == "hoppa":
                    return [SlotSet("unit_query", None), SlotSet("place_answer", None)]
                return [SlotSet("unit_query", query), FollowupAction("place_form")]
            send(dispatcher, message)
            log_action(tracker, self.name(), started, kind="question", units=len(message.custom["care_units"]))
            return [SlotSet("unit_query", None), SlotSet("place_answer", None)]
        triage = tracker.get_slot("last_triage")
        if not triage or triage.get("urgency") == "112":
            return []
        if not place:
            skipped = tracker.get_slot("place_answer") == "hoppa"
            if skipped:
                return [SlotSet("place_answer", None)] + _booking_next(dispatcher, tracker, triage, None, self.clock())
            return [SlotSet("place_answer", None), FollowupAction("place_form")]
        state = tracker.get_slot("triage_state") or {}
        week = dialogue.pregnancy_week(tracker.get_slot("subject"), state.get("answers"))
        message = dialogue.for_triage(triage, place, self.clock(), week)
        send(dispatcher, message)
        log_action(tracker, self.name(), started, kind="triage", units=len(message.custom["care_units"]))
        return [SlotSet("place_answer", None)] + _booking_next(dispatcher, tracker, triage, place, self.clock())


def _booking_next(dispatcher: CollectingDispatcher, tracker: Tracker, triage: Dict[str, Any],
                  place: Any, now: Any) -> List[Dict[str, Any]]:
    """After the units: go on booking when the citizen asked to book first; else perhaps offer it."""
    if tracker.get_slot("booking_pending"):
        return [FollowupAction("action_book")]
    offer = offer_after_units(triage, place, now) if place else None
    if offer is not None:
        send(dispatcher, offer)
    return []


class ValidatePlaceForm(FormValidationAction):
    """Understand the place; ask once more if it is unknown; "hoppa över" ends the form."""

    def name(self) -> str:
        return "validate_place_form"

    async def validate_place_answer(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        text = value if isinstance(value, str) else ""
        if any(word in fold(text) for word in dialogue.SKIP_WORDS):
            dispatcher.utter_message(text="Okej. Du kan alltid ringa 1177 för att få veta vart du ska vända dig. "
                                          "Vid livshotande tillstånd, ring 112.")
            return {"place_answer": "hoppa", "unit_query": None}
        place = dialogue.place_from(text, (tracker.latest_message or {}).get("metadata"))
        if place is not None:
            return {"place_answer": "ok", "place": place}
        retries = (tracker.get_slot("place_retries") or 0) + 1
        if retries >= 2:
            dispatcher.utter_message(text="Jag hittar tyvärr inte orten. Ring 1177 så får du hjälp att hitta rätt "
                                          "vårdenhet. Vid livshotande tillstånd, ring 112.")
            return {"place_answer": "hoppa", "place_retries": 0, "unit_query": None}
        dispatcher.utter_message(text=dialogue.PLACE_NOT_FOUND)
        return {"place_answer": None, "place_retries": retries}
