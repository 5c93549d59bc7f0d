"""Triage actions: start a protocol, ask its questions in a form, validate answers, give the result."""
from __future__ import annotations

import time
from typing import Any, Callable, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, log_action, send, stockholm_now, subject, triage_state
from bot.routing import dialogue as routing_dialogue
from bot.triage import dialogue
from bot.triage.engine import Ask, Decision, answer, ask
from bot.triage.result import CLOSING

CONFIDENT_SYMPTOM = 0.6


def _result_events(dispatcher: CollectingDispatcher, state: Any, decision: Decision) -> List[Dict[str, Any]]:
    messages = dialogue.result_messages(state, decision)
    for message in messages:
        send(dispatcher, message)
    body = dialogue.payload_of(messages[0])
    events: List[Dict[str, Any]] = [SlotSet("last_triage", body), SlotSet("triage_state", state.to_dict())]
    if decision.urgency == "112":
        events += [SlotSet("lock_repeats", 1), FollowupAction("emergency_lock")]
    else:
        events.append(FollowupAction("action_care_units"))
    return events


class ActionStartTriage(Action):
    """Choose the protocol from the complaint and start asking."""

    def name(self) -> str:
        return "action_start_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        intent = (tracker.latest_message.get("intent") or {})
        confident = intent.get("name") == "symptom_report" and intent.get("confidence", 0) >= CONFIDENT_SYMPTOM
        state = dialogue.start(latest_text(tracker), subject(tracker), allow_general=confident)
        if state is None:
            dispatcher.utter_message(response="utter_ask_symptom")
            log_action(tracker, self.name(), started, protocol=None)
            return [SlotSet("subject", None)]
        protocol = dialogue.protocols()[state.protocol_id]
        send(dispatcher, dialogue.intro(protocol, state.subject))
        log_action(tracker, self.name(), started, protocol=state.protocol_id)
        events = [SlotSet("subject", state.subject.to_dict()), SlotSet("triage_state", state.to_dict())]
        place = routing_dialogue.place_from(latest_text(tracker), bare=False)
        if place is not None:
            events.append(SlotSet("place", place))
        step = dialogue.step(state)
        if isinstance(step, Decision):
            return events + _result_events(dispatcher, state, step)
        return events + [FollowupAction("triage_form")]


class ActionAskTriageAnswer(Action):
    """Ask the engine's next question (again in other words after an unreadable answer)."""

    def name(self) -> str:
        return "action_ask_triage_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        state = triage_state(tracker)
        if state is None:
            dispatcher.utter_message(response="utter_ask_symptom")
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        step = dialogue.step(state)
        if not isinstance(step, Ask):
            return []
        retry = state.pending == step.question.id and state.retries > 0
        send(dispatcher, dialogue.question_message(step, retry))
        return [SlotSet("triage_state", ask(state, step).to_dict())]


class ValidateTriageForm(FormValidationAction):
    """Feed each answer to the engine; the form ends when the engine has decided."""

    def __init__(self, clock: Callable[[], Any] = stockholm_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "validate_triage_form"

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[str]:
        state = triage_state(tracker)
        if state is None or isinstance(dialogue.step(state), Decision):
            return []
        return domain_slots

    async def validate_triage_answer(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        started = time.perf_counter()
        state = triage_state(tracker)
        if state is None or not isinstance(value, str):
            return {"triage_answer": None}
        protocol = dialogue.protocols()[state.protocol_id]
        had_doubt = state.offer_nurse
        new_state, understood = answer(protocol, state, value, self.clock())
        if new_state.offer_nurse and not had_doubt:
            dispatcher.utter_message(
                text="Okej. När något är osäkert räknar jag hellre med det allvarligare. "
                "Du kan också ringa 1177 och prata med en sjuksköterska."
            )
        log_action(tracker, self.name(), started, protocol=state.protocol_id, question=state.pending,
                   understood=understood)
        return {"triage_answer": None, "triage_state": new_state.to_dict()}


class ActionTriageResult(Action):
    """The decision: one message with the `triage` payload and the clear Swedish text."""

    def name(self) -> str:
        return "action_triage_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        state = triage_state(tracker)
        if state is None:
            dispatcher.utter_message(text=f"Något gick fel när jag skulle ge ett råd. {CLOSING}")
            return []
        decision = dialogue.step(state)
        if not isinstance(decision, Decision):
            dispatcher.utter_message(text=f"Jag behöver fler svar innan jag kan ge ett råd. {CLOSING}")
            return [FollowupAction("triage_form")]
        log_action(tracker, self.name(), started, protocol=state.protocol_id, urgency=decision.urgency,
                   rule=decision.rule_id)
        return _result_events(dispatcher, state, decision)
