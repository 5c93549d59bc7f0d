"""Insektsstick och fästingbett: how long ago the sting or bite was decides whether infection and a
borrelia ring are asked about (neither can show in the first hours)."""
from __future__ import annotations

from tests.support.triage_play import play_opening


def _play(opening: str, replies: dict[str, str]) -> tuple[list[str], str]:
    return play_opening(opening, "insektsstick_fastingbett", replies)


def test_a_sting_an_hour_ago_is_not_asked_about_infection_and_can_be_self_care():
    asked, urgency = _play("fick ett getingstick på handen", {"alder": "8", "sedan": "en timme sen"})
    assert "sedan" in asked and "infektion" not in asked and urgency == "egenvard"


def test_a_sting_two_days_ago_is_asked_about_infection():
    asked, urgency = _play("fick ett getingstick på handen", {"alder": "8", "sedan": "två dagar", "infektion": "ja"})
    assert "infektion" in asked and urgency == "samma_dag"


def test_an_unknown_time_asks_about_infection_and_the_ring():
    asked, _ = _play("hittade en fästing på benet", {"alder": "40", "sedan": "vet inte"})
    assert {"infektion", "ring"} <= set(asked)


def test_a_tick_bite_from_this_morning_is_not_asked_about_the_ring():
    asked, urgency = _play("hittade en fästing på benet", {"alder": "40", "sedan": "3 timmar"})
    assert "ring" not in asked and "infektion" not in asked and urgency == "egenvard"


def test_a_tick_bite_a_week_ago_with_a_ring_goes_to_the_vardcentral():
    asked, urgency = _play("fick ett fästingbett", {"alder": "40", "sedan": "en vecka", "ring": "ja"})
    assert "ring" in asked and urgency == "vardcentral"


def test_a_ring_in_the_first_message_is_taken_as_said():
    asked, urgency = _play("fick en fästing för nån vecka sen o nu är det en röd ring runt", {"alder": "38"})
    assert "ring" not in asked and urgency == "vardcentral"
