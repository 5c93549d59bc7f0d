"""The booking conversation (bot/booking) against a real Redis, with a fixed clock: no Rasa needed.

Tests share the session's Redis and the shipped example units, so they never assume which times are
still free: they take what is offered.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Optional

import pytest
from redis.asyncio import Redis

from bot.booking.conversation import BookingConversation
from bot.booking.desk import Desk
from bot.booking.identity import TypedIdentity
from bot.booking.questions import question
from bot.booking.records import BookingBook
from bot.booking.schedule import shipped
from bot.booking.search import SAME_DAY_ELSEWHERE
from bot.booking.store import SlotStore
from bot.booking.turns import Context, Turn
from bot.routing.dialogue import place_from
from bot.routing.hours import STOCKHOLM
from bot.routing.model import load_all
from tests.contract import validate_messages
from tests.support.aio import LoopThread

PNR = "19981201-2384"  # from Skatteverket's published test personnummer (open data)
TUESDAY_9 = datetime(2026, 11, 24, 9, 5, tzinfo=STOCKHOLM)
LUND = place_from("Lund")


def triage(urgency: str, band: str = "vuxen", protocol: str = "halsont") -> dict:
    return {"urgency": urgency, "protocol_id": protocol, "reason_text": "Ont i halsen utan feber.", "decided_by": [],
            "advice": "Vila.", "worsening_advice": "Sök vård om du får svårt att svälja.",
            "subject": {"who": "self", "age_band": band}}


class Dialog:
    """One citizen talking to the booking conversation; `said` holds every text and payload sent."""

    def __init__(self, redis_url: str, now: datetime = TUESDAY_9, sender: Optional[str] = None) -> None:
        self.loop = LoopThread()
        self.redis = Redis.from_url(redis_url)
        self.now = now
        self.desk = Desk(SlotStore(self.redis, shipped(), lambda: self.now), BookingBook(self.redis),
                         TypedIdentity(lambda: self.now.date()), shipped(), load_all(), lambda: self.now)
        self.conversation = BookingConversation(self.desk)
        self.sender = sender or f"t-{uuid.uuid4().hex[:10]}"
        self.state: Optional[dict] = None
        self.said: list = []

    def _take(self, turn: Turn) -> Turn:
        self.said += turn.messages
        self.state = turn.state
        if turn.state:
            asked = question(turn.state, self.desk.unit(turn.state.get("unit_id", "")))
            if asked:
                self.said.append(asked)
        validate_messages([{"text": m.text, **({"custom": m.custom} if m.custom else {})} for m in self.said])
        return turn

    def book(self, triage_payload: dict, place=LUND) -> Turn:
        ctx = Context(self.sender, "boka tid", place=place, triage=triage_payload)
        return self._take(self.run(self.conversation.start_booking(ctx)))

    def manage(self, task: str) -> Turn:
        return self._take(self.run(self.conversation.start_manage(Context(self.sender, task), task)))

    def say(self, text: str, number: Optional[str] = None) -> Turn:
        assert self.state is not None, self.texts()
        return self._take(self.run(self.conversation.answer(self.state, Context(self.sender, text, number=number))))

    def texts(self) -> str:
        return "\n".join(m.text for m in self.said)

    def last_buttons(self) -> list[str]:
        return [b["title"] for b in next(m for m in reversed(self.said) if m.buttons).buttons]

    def payloads(self, status: str) -> list[dict]:
        return [m.custom["booking"] for m in self.said if m.custom and m.custom.get("booking", {}).get("status") == status]

    def run(self, coro):
        return self.loop.run(coro)

    def close(self) -> None:
        self.run(self.redis.close(close_connection_pool=True))
        self.loop.stop()


@pytest.fixture()
def dialog(redis_url):
    made: list[Dialog] = []

    def make(**kwargs) -> Dialog:
        made.append(Dialog(redis_url, **kwargs))
        return made[-1]

    yield make
    for d in made:
        d.close()


def book_to_the_end(d: Dialog, mode_button: str = "Videosamtal", when: str = "i morgon förmiddag") -> dict:
    d.book(triage("vardcentral"))
    if d.state["step"] == "unit":
        d.say(d.last_buttons()[0])
    if d.state["step"] == "mode":
        d.say(mode_button)
    d.say(when)
    assert d.state["step"] == "pick", d.texts()
    d.say(d.last_buttons()[0])
    assert d.state["step"] == "confirm"
    d.say("Ja, boka")
    d.say("Tolvan Tolvansson")
    d.say("[personnummer]", number=PNR)
    assert d.state is None, d.texts()
    return d.payloads("confirmed")[-1]


def test_book_see_move_and_cancel(dialog):
    d = dialog()
    confirmed = book_to_the_end(d)
    assert confirmed["reference"].startswith("VL-") and confirmed["mode"] == "video"
    assert confirmed["calendar_url"].startswith(f"/bokning/{confirmed['reference']}.ics?t=")
    assert "i morgon onsdag 25/11" in d.texts() and "Sök vård om du får svårt att svälja" in d.texts()
    record = d.run(d.desk.book.get(confirmed["reference"]))
    assert record.personnummer == "199812012384" and record.triage["reason_text"] == "Ont i halsen utan feber."
    assert d.run(d.desk.slots.holder(record.slot_id)) == record.reference

    d.manage("show")
    assert d.payloads("confirmed")[-1]["reference"] == confirmed["reference"]

    d.manage("move")
    d.say("på torsdag eftermiddag")
    assert "torsdag 26/11" in d.texts()
    d.say("den första")
    d.say("Ja, flytta")
    moved = d.payloads("moved")[-1]
    assert moved["reference"] == confirmed["reference"] and moved["start"].startswith("2026-11-26T1")
    new_slot = d.run(d.desk.book.get(confirmed["reference"])).slot_id
    assert d.run(d.desk.slots.holder(record.slot_id)) is None  # the old time is free again
    assert d.run(d.desk.slots.holder(new_slot)) == confirmed["reference"]

    d.manage("cancel")
    assert d.state["step"] == "confirm_cancel"
    d.say("Ja, avboka")
    assert d.payloads("cancelled")[-1]["reference"] == confirmed["reference"]
    assert d.run(d.desk.slots.holder(new_slot)) is None
    d.manage("show")
    assert d.state["step"] == "lookup"  # nothing left to show


def test_same_day_is_only_offered_times_today(dialog):
    d = dialog()
    d.book(triage("samma_dag"))
    if d.state["step"] == "unit":
        d.say(d.last_buttons()[0])
    if d.state["step"] == "mode":
        d.say("Besök på mottagningen")
    assert d.state["step"] == "pick" and "bara tider i dag" in d.texts()
    assert d.state["offered"] and all(o["start"].startswith("2026-11-24") for o in d.state["offered"])
    d.say("på fredag")  # a later day is refused, today's times are offered again
    assert "bara boka en tid i dag" in d.texts()
    assert all(o["start"].startswith("2026-11-24") for o in d.state["offered"])


def test_same_day_in_the_evening_points_elsewhere(dialog):
    d = dialog(now=datetime(2026, 11, 24, 20, 30, tzinfo=STOCKHOLM))
    d.book(triage("samma_dag"))
    for _ in range(2):
        if d.state and d.state["step"] in ("unit", "mode"):
            d.say(d.last_buttons()[0])
    assert d.state is None and SAME_DAY_ELSEWHERE in d.texts()
    assert not d.payloads("offered")


def test_a_later_wish_is_warned_about_with_the_worsening_advice(dialog):
    d = dialog()
    d.book(triage("vardcentral"))
    d.say(d.last_buttons()[0]) if d.state["step"] == "unit" else None
    d.say("telefon") if d.state["step"] == "mode" else None
    d.say("om två veckor")  # not understood → asked again
    d.say("nästa vecka")
    assert d.state["step"] == "late_ok"
    assert "senast fredag 27/11" in d.texts() and "Blir du sämre innan dess: Sök vård" in d.texts()
    d.say("Ja, ändå då")
    assert d.state["step"] == "pick" and all(o["start"] >= "2026-11-30" for o in d.state["offered"])


def test_a_time_taken_between_offer_and_confirm_gets_new_proposals(dialog):
    d = dialog()
    d.book(triage("vardcentral"))
    d.say(d.last_buttons()[0]) if d.state["step"] == "unit" else None
    d.say("Besök på mottagningen") if d.state["step"] == "mode" else None
    d.say("på torsdag kl 10")
    d.say("1")
    chosen = d.state["slot"]["id"]
    d.say("ja")
    d.say("Tolvan Tolvansson")
    taken_by_other = d.run(d.desk.slots.reserve(chosen, "VL-OTHER9"))
    # parallel lanes: take every lane of that time, so the time is really gone
    lane = 2
    while d.run(d.desk.slots.reserve(chosen.rsplit(":", 1)[0] + f":{lane}", f"VL-OTHE{lane}9")):
        lane += 1
    assert taken_by_other
    d.say("[personnummer]", number=PNR)
    assert "hann tyvärr bokas av någon annan" in d.texts()
    assert d.state["step"] == "pick" and chosen not in [o["id"] for o in d.state["offered"]]
    assert not d.payloads("confirmed")


def test_another_conversation_needs_code_and_number_together(dialog):
    owner = dialog()
    ref = book_to_the_end(owner)["reference"]
    other = dialog()
    other.manage("cancel")
    assert other.state["step"] == "lookup"
    other.say(ref)
    assert "personnumret" in other.texts()
    other.say("[personnummer]", number="19981201-2385")  # wrong check digit: told so, nothing found
    assert "Kontrollsiffran" in other.texts()
    other.say(f"{ref} [personnummer]", number="20190101-2391")  # a valid number, but not this booking's
    assert "Jag hittar ingen bokning med den koden" in other.texts() and other.state is not None
    other.say(f"{ref} [personnummer]", number="20190101-2391")
    assert other.state is None and "Kontrollera koden i bekräftelsen" in other.texts()  # three tries, then no more
    again = dialog(sender=other.sender)
    again.manage("cancel")
    again.say(f"{ref} [personnummer]", number=PNR)
    assert again.state["step"] == "confirm_cancel"
    again.say("ja")
    assert again.payloads("cancelled")[-1]["reference"] == ref


@pytest.mark.parametrize("urgency", ["akut", "112"])
def test_never_booked_after_akut_or_112(dialog, urgency):
    d = dialog()
    d.book(triage(urgency))
    assert d.state is None and "Jag bokar ingen tid" in d.texts()


def test_an_infant_is_only_booked_in_person(dialog):
    d = dialog()
    d.book(triage("vardcentral", band="spadbarn", protocol="feber_barn"))
    if d.state["step"] == "unit":
        d.say(d.last_buttons()[0])
    assert d.state["mode"] == "fysiskt" and d.state["step"] == "when"


def test_stop_word_ends_the_booking(dialog):
    d = dialog()
    d.book(triage("vardcentral"))
    d.say("avbryt")
    assert d.state is None and "jag bokar ingen tid" in d.texts()
