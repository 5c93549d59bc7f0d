"""Booking end to end through the running bot's REST channel: triage → book → see → rebook → cancel.

The action server's clock starts at an ordinary Tuesday 09:05 (conftest.CLOCK_START), so there are
times left today and a full working week ahead.
"""
from __future__ import annotations

from typing import Any

from tests.contract import validate_messages
from tests.integration.conftest import CLOCK_START
from tests.support.booking_flow import book, buttons_of, custom_of, run_triage, text_of, triage_answer

TODAY = CLOCK_START.date().isoformat()


class Citizen:
    """One REST conversation that validates every bot message against the contract."""

    def __init__(self, say, sender: str) -> None:
        self._say, self.sender, self.seen = say, sender, []

    def __call__(self, text: str) -> list[dict[str, Any]]:
        replies = self._say(self.sender, text)
        validate_messages(replies)
        self.seen += replies
        return replies


def triage_then_place(citizen: Citizen, opening: str, yes_to: str = "") -> list[dict[str, Any]]:
    def send(text: str) -> list[dict[str, Any]]:
        replies = citizen(text)
        return replies

    replies = send(opening)
    while not custom_of(replies, "triage"):
        answer = "Ja" if yes_to and yes_to in text_of(replies) else triage_answer(replies)
        replies = send(answer)
    assert "Var befinner du dig" in text_of(replies), text_of(replies)
    return citizen("Lund")


def test_triage_book_see_rebook_and_cancel(say, sender):
    citizen = Citizen(say, sender)
    replies = triage_then_place(citizen, "jag har yrsel sedan två dagar")
    assert custom_of(citizen.seen, "triage")["urgency"] == "vardcentral"
    assert custom_of(replies, "care_units")
    offer = [b for b in buttons_of(replies) if b["payload"] == "/book_appointment"]
    assert offer, "no booking offer after a vardcentral result"
    confirmed = book(citizen, citizen(offer[0]["payload"]), when="i morgon förmiddag")
    assert confirmed["status"] == "confirmed" and confirmed["reference"].startswith("VL-")
    assert confirmed["start"] > TODAY and f"Bokningskod: {confirmed['reference']}" in text_of(citizen.seen[-3:])

    shown = citizen("mina bokningar")
    assert custom_of(shown, "booking")["reference"] == confirmed["reference"]

    moved = book(citizen, citizen("jag vill flytta min tid"), when="på torsdag eftermiddag")
    assert moved["status"] == "moved" and moved["reference"] == confirmed["reference"]
    assert moved["start"] != confirmed["start"]

    asked = citizen("avboka min tid")
    assert "Vill du avboka" in text_of(asked)
    cancelled = custom_of(citizen("Ja, avboka"), "booking")
    assert cancelled["status"] == "cancelled" and cancelled["reference"] == confirmed["reference"]
    assert "Jag hittar ingen kommande bokning" in text_of(citizen("mina bokningar"))


def test_same_day_triage_is_never_offered_a_later_day(say, sender):
    citizen = Citizen(say, sender)
    replies = triage_then_place(citizen, "jag har ont i örat", yes_to="smärtstillande")
    assert custom_of(citizen.seen, "triage")["urgency"] == "samma_dag"
    replies = citizen("/book_appointment")
    if "Vilken mottagning" in text_of(replies):
        replies = citizen(buttons_of(replies)[0]["title"])
    assert "bara tider i dag" in text_of(replies), text_of(replies)
    for wish in ("i morgon förmiddag", "nästa vecka", "på fredag kl 10"):
        replies = citizen(wish)
        offered = [o for o in buttons_of(replies)]
        assert offered, text_of(replies)
        assert "bara boka en tid i dag" in text_of(replies)
    confirmed = book(citizen, citizen(buttons_of(replies)[0]["title"]))
    assert confirmed["start"].startswith(TODAY)
    offered_payloads = [(m.get("custom") or {}).get("booking") for m in citizen.seen]
    assert all(p["start"].startswith(TODAY) for p in offered_payloads if p)


def test_chest_pain_in_the_middle_of_booking_gives_112_at_once(say, sender):
    citizen = Citizen(say, sender)
    triage_then_place(citizen, "jag har yrsel sedan två dagar")
    replies = citizen("jag vill boka en tid")
    while "När passar det" not in text_of(replies):
        replies = citizen(buttons_of(replies)[0]["title"])
    replies = citizen("jag har fått jätteont i bröstet, det trycker och strålar ut i vänster arm")
    triage = custom_of(replies, "triage")
    assert triage and triage["urgency"] == "112", text_of(replies)
    later = citizen("i morgon förmiddag")
    assert "112" in text_of(later) and not custom_of(later, "booking") and not buttons_of(later)


def test_a_direct_booking_request_runs_a_short_triage_first(say, sender):
    citizen = Citizen(say, sender)
    replies = citizen("jag vill boka en tid")
    assert "Innan jag bokar en tid" in text_of(replies)
    replies = run_triage(citizen, "jag har yrsel sedan två dagar")
    assert custom_of(replies, "triage")["urgency"] == "vardcentral"
    replies = citizen("Lund")  # the place; booking goes on by itself
    assert custom_of(replies, "care_units")
    confirmed = book(citizen, replies)
    assert confirmed["status"] == "confirmed"


def test_no_booking_after_akut(say, sender):
    citizen = Citizen(say, sender)
    replies = citizen("min pappa är 80 och har blivit förvirrad i dag")
    triage = custom_of(replies, "triage")
    assert triage and triage["urgency"] in ("akut", "112"), text_of(replies)
    replies = citizen("jag vill boka en tid")
    assert not custom_of(replies, "booking")
    assert "akut" in text_of(replies).lower() or "112" in text_of(replies)
