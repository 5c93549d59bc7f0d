"""Handover rules without servers: who is queued with what priority, what the citizen is told."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.gateway import handover_texts as texts
from bot.gateway.handover import staffed
from bot.handover.offer import GO_NOW, NURSE_BUTTON, offer_after_result
from bot.handover.request import build_request

STHLM = ZoneInfo("Europe/Stockholm")


def triage(urgency: str) -> dict:
    return {"urgency": urgency, "protocol_id": "halsont", "protocol_title": "Ont i halsen", "reason_text": "x",
            "decided_by": [], "advice": "a", "worsening_advice": "w", "subject": {"who": "self", "age_band": "vuxen"}}


def test_asking_before_any_triage_is_samma_dag():
    request = build_request("asked", None, None, None, "jag vill prata med någon")
    assert request["priority"] == "samma_dag" and request["triage"] is None
    assert request["first_message"] == "jag vill prata med någon"


@pytest.mark.parametrize("urgency", ["akut", "samma_dag", "vardcentral", "egenvard", "112"])
def test_priority_follows_the_triage(urgency):
    assert build_request("after_result", triage(urgency), None, None, None)["priority"] == urgency


def test_answers_are_passed_on_exactly_as_given():
    state = {"protocol_id": "halsont", "answers": {
        "andning": {"value": False, "text": "nej jag andas fint \"typ\" <b>", "question": "Har du svårt att andas?"}}}
    request = build_request("asked", None, state, {"who": "other", "relation": "dotter"}, None)
    assert request["answers"] == [{"question_id": "andning", "question": "Har du svårt att andas?",
                                   "answer": "nej jag andas fint \"typ\" <b>"}]
    assert request["subject"]["who"] == "other" and request["subject"]["relation"] == "dotter"


def test_the_offer_after_a_result():
    assert offer_after_result("112", True) is None
    akut = offer_after_result("akut", False)
    assert akut is not None and akut.text.startswith(GO_NOW) and akut.buttons == [NURSE_BUTTON]
    assert offer_after_result("samma_dag", False).buttons == [NURSE_BUTTON]
    assert offer_after_result("egenvard", False) is None
    assert "osäkert" in offer_after_result("vardcentral", True).text


def test_akut_in_the_queue_always_repeats_go_now():
    assert texts.queued(2, 600, "akut").startswith(GO_NOW)
    assert texts.still_queued(2, 600, "akut").startswith(GO_NOW)
    assert GO_NOW not in texts.queued(2, 600, "samma_dag")
    assert "plats 2" in texts.queued(2, 600, "samma_dag") and "10 minuter" in texts.queued(2, 600, "samma_dag")


@pytest.mark.parametrize("hours,hour,expected", [
    ("00:00-24:00", 3, True), ("07:00-22:00", 6, False), ("07:00-22:00", 7, True), ("07:00-22:00", 22, False),
    ("22:00-06:00", 23, True), ("22:00-06:00", 5, True), ("22:00-06:00", 12, False),
])
def test_staffed_hours(hours, hour, expected):
    assert staffed(hours, datetime(2026, 11, 26, hour, 0, tzinfo=STHLM)) is expected


@pytest.mark.parametrize("typed,digits", [
    ("070-123 45 67", "0701234567"), ("+46 70 123 45 67", "0701234567"), ("ring 08-123 456 78", "0812345678"),
    ("nej", None), ("12345", None), ("112", None),
])
def test_phone_numbers(typed, digits):
    assert texts.phone_digits(typed) == digits


def test_a_phone_number_is_never_repeated_in_full():
    assert texts.mask_phone("0701234567") == "numret som slutar på 4567"
