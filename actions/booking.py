"""Booking actions: thin adapters between Rasa and the plain booking conversation in bot/booking."""
from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text, log_action, send, settings, stockholm_now, subject
from bot.booking.conversation import BookingConversation
from bot.booking.desk import Desk
from bot.booking.identity import TypedIdentity
from bot.booking.questions import question, state_summary
from bot.booking.records import BookingBook
from bot.booking.schedule import shipped
from bot.booking.store import SlotStore
from bot.booking.turns import Context, Turn
from bot.booking.vault import METADATA_KEY, IdentityVault
from bot.routing.model import load_all
from bot.triage import dialogue as triage_dialogue

WANTS_NUMBER = ("name", "pnr", "lookup")
TASKS = {"show_bookings": "show", "cancel_booking": "cancel", "reschedule_booking": "move"}
TRIAGE_FIRST = ("Innan jag bokar en tid behöver jag veta vad det gäller, så att tiden passar hur bråttom det är. "
                "Berätta kort om besvären, till exempel \"ont i halsen sedan tre dagar\".")


class _Services:
    """Redis-backed booking services, created on first use inside the server's event loop (never at import)."""

    desk: Optional[Desk] = None
    vault: Optional[IdentityVault] = None

    @classmethod
    def get(cls) -> tuple[BookingConversation, IdentityVault]:
        if cls.desk is None or cls.vault is None:
            from redis.asyncio import Redis

            redis = Redis.from_url(settings().url)
            cls.desk = Desk(SlotStore(redis, shipped(), stockholm_now), BookingBook(redis),
                            TypedIdentity(lambda: stockholm_now().date()), shipped(), load_all(), stockholm_now,
                            settings().booking_vardcentral_weekdays)
            cls.vault = IdentityVault(redis)
        return BookingConversation(cls.desk), cls.vault


async def _context(tracker: Tracker, vault: IdentityVault) -> Context:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    number = await vault.take(tracker.sender_id, metadata.get(METADATA_KEY)) if isinstance(metadata, dict) else None
    return Context(sender=tracker.sender_id, text=latest_text(tracker), number=number,
                   place=tracker.get_slot("place"), triage=tracker.get_slot("last_triage"))


def _apply(dispatcher: CollectingDispatcher, turn: Turn, in_form: bool) -> List[Dict[str, Any]]:
    for message in turn.messages:
        send(dispatcher, message)
    events: List[Dict[str, Any]] = [SlotSet("booking_state", turn.state)]
    if turn.state is not None and not in_form:
        events.append(FollowupAction("booking_form"))
    return events


class ActionBook(Action):
    """"jag vill boka en tid", or the button after a result. Without a triage, a short triage comes first."""

    def name(self) -> str:
        return "action_book"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        if not tracker.get_slot("last_triage"):
            found = triage_dialogue.start(latest_text(tracker), subject(tracker), allow_general=False)
            if found is None:
                dispatcher.utter_message(text=TRIAGE_FIRST)
            log_action(tracker, self.name(), started, outcome="triage_first")
            return [SlotSet("booking_pending", True)] + ([FollowupAction("action_start_triage")] if found else [])
        conversation, vault = _Services.get()
        turn = await conversation.start_booking(await _context(tracker, vault))
        log_action(tracker, self.name(), started, **state_summary(turn.state))
        return [SlotSet("booking_pending", False)] + _apply(dispatcher, turn, in_form=False)


class ActionManageBooking(Action):
    """"mina bokningar", "avboka", "flytta min tid"."""

    def name(self) -> str:
        return "action_manage_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        started = time.perf_counter()
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        conversation, vault = _Services.get()
        turn = await conversation.start_manage(await _context(tracker, vault), TASKS.get(intent or "", "show"))
        log_action(tracker, self.name(), started, **state_summary(turn.state))
        return _apply(dispatcher, turn, in_form=False)


class ActionAskBookingAnswer(Action):
    """Ask what the current booking step needs (with the offered times as buttons)."""

    def name(self) -> str:
        return "action_ask_booking_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        state = tracker.get_slot("booking_state")
        if not isinstance(state, dict):
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        conversation, vault = _Services.get()
        if state.get("step") in WANTS_NUMBER:
            await vault.expect(tracker.sender_id)
        message = question(state, conversation.desk.unit(state.get("unit_id", "")))
        if message is not None:
            send(dispatcher, message)
        return []


class ValidateBookingForm(FormValidationAction):
    """Each answer goes to the booking conversation; the form ends when it is over."""

    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[str]:
        return domain_slots if isinstance(tracker.get_slot("booking_state"), dict) else []

    async def validate_booking_answer(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        started = time.perf_counter()
        state = tracker.get_slot("booking_state")
        if not isinstance(state, dict) or not isinstance(value, str):
            return {"booking_answer": None}
        conversation, vault = _Services.get()
        turn = await conversation.answer(state, await _context(tracker, vault))
        for message in turn.messages:
            send(dispatcher, message)
        log_action(tracker, self.name(), started, **state_summary(turn.state))
        return {"booking_answer": None, "booking_state": turn.state}


class ActionBookingDone(Action):
    """The booking conversation is over (booked, cancelled, moved, shown or given up)."""

    def name(self) -> str:
        return "action_booking_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        _, vault = _Services.get()
        await vault.expect_nothing(tracker.sender_id)
        return [SlotSet("booking_state", None), SlotSet("booking_answer", None)]
