"""The pure parts of the booking conversation: policy, answers, references, calendar file, spread."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from bot.booking.calendar import ics
from bot.booking.desk import spread
from bot.booking.policy import policy_for, weekdays_ahead
from bot.booking.records import BookingRecord, new_reference, normalise_reference
from bot.booking.slots import Slot
from bot.booking.texts import choice_from, mode_from, wants_to_stop
from bot.booking.vault import split_personnummer
from bot.routing.hours import STOCKHOLM
from bot.text.yes_no import yes_no

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=STOCKHOLM)


def triage(urgency: str, band: str = "vuxen") -> dict:
    return {"urgency": urgency, "protocol_id": "halsont", "worsening_advice": "Sök vård om det blir värre.",
            "subject": {"who": "self", "age_band": band}}


@pytest.mark.parametrize("urgency", ["112", "akut", "", None])
def test_no_booking_after_an_emergency_or_without_triage(urgency):
    assert not policy_for(triage(urgency) if urgency is not None else None, ("fysiskt",), TUESDAY_9).allowed


def test_same_day_means_before_midnight_today():
    policy = policy_for(triage("samma_dag"), ("fysiskt", "video"), TUESDAY_9)
    assert policy.allowed and policy.today_only
    assert policy.until == datetime(2026, 11, 25, 0, 0, tzinfo=STOCKHOLM)


def test_vardcentral_means_three_weekdays_skipping_the_weekend():
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)
    policy = policy_for(triage("vardcentral"), ("fysiskt",), friday)
    assert policy.until == datetime(2026, 12, 3, 0, 0, tzinfo=STOCKHOLM)  # mon, tue, wed → end of wednesday
    assert not policy.today_only and policy.worsening


def test_weekdays_skip_holidays():
    assert weekdays_ahead(date(2026, 12, 23), 3) == date(2026, 12, 30)  # 24th is an eve (weekday), 25/26 holidays
    assert weekdays_ahead(date(2026, 11, 24), 3) == date(2026, 11, 27)


@pytest.mark.parametrize("band", ["spadbarn", "litet_barn"])
def test_babies_are_only_booked_in_person(band):
    assert policy_for(triage("vardcentral", band), ("fysiskt", "video", "telefon"), TUESDAY_9).modes == ("fysiskt",)


def test_head_injury_protocol_allows_no_remote_visit():
    from bot.triage.dialogue import protocols

    assert protocols()["huvudskada"].visit_types == ("fysiskt",)


OPTIONS = [{"id": f"s{i}", "label": f"i dag tisdag 24/11 kl {h}–x", "button": f"tis 24/11 {h}", "clock": h}
           for i, h in enumerate(["09.00", "09.30", "13.20", "14.00"], start=1)]


@pytest.mark.parametrize("text, expected", [
    ("tis 24/11 13.20", "s3"), ("TIS 24/11 13.20", "s3"), ("2", "s2"), ("nr 4", "s4"), ("den första", "s1"),
    ("det tredje", "s3"), ("den sista", "s4"), ("13:20", "s3"), ("kl 14.00", "s4"), ("14.00 passar", "s4"),
    ("9", None), ("den femte", None), ("kl 16.00", None), ("vet inte", None),
])
def test_choosing_an_offered_time(text, expected):
    chosen = choice_from(text, OPTIONS)
    assert (chosen["id"] if chosen else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ja, boka", True), ("ja", True), ("japp", True), ("Okej", True), ("gärna", True), ("stämmer", True),
    ("Nej, välj en annan", False), ("nej", False), ("nä", False), ("Nej, behåll tiden", False),
    ("kanske", None), ("vad menar du", None),
])
def test_yes_and_no(text, expected):
    assert yes_no(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Videosamtal", "video"), ("video tack", "video"), ("kan ni ringa mig", "telefon"), ("telefon", "telefon"),
    ("Besök på mottagningen", "fysiskt"), ("jag vill komma in", "fysiskt"), ("chatt", "chatt"),
    ("spelar ingen roll", "fysiskt"), ("brevduva", None),
])
def test_visit_type_answers(text, expected):
    assert mode_from(text, ("fysiskt", "video", "telefon", "chatt")) == expected


def test_a_type_the_unit_lacks_is_not_chosen():
    assert mode_from("chatt", ("fysiskt", "video")) is None


def test_stopping_the_booking():
    assert wants_to_stop("avbryt") and wants_to_stop("jag vill inte boka ändå")
    assert not wants_to_stop("Ja, avboka") and not wants_to_stop("i morgon")


def test_references_are_readable_and_found_in_text():
    for _ in range(200):
        ref = new_reference()
        assert len(ref) == 9 and ref.startswith("VL-") and any(c.isdigit() for c in ref)
        assert not set(ref[3:]) & set("01OIL")
        assert normalise_reference(f"koden är {ref.lower()} tack") == ref
        assert normalise_reference(ref[3:]) == ref
    assert normalise_reference("VL ABCDEF") == "VL-ABCDEF"
    assert normalise_reference("jag vill AVBOKA min tid") is None
    assert normalise_reference("FLYTTA") is None


def test_the_number_is_split_from_the_text():
    masked, number = split_personnummer("Anna 19981201-2384 tack")
    assert masked == "Anna [personnummer] tack" and number == "19981201-2384"
    assert split_personnummer("ring 070-123 45 67") == ("ring 070-123 45 67", None)


RECORD = BookingRecord(
    reference="VL-AB3K9Q", status="confirmed", unit_id="u1", unit_name="Vårdcentralen Testby, Norra", mode="fysiskt",
    slot_id="u1:fysiskt:202611241320:1", start="2026-11-24T13:20:00+01:00", end="2026-11-24T13:40:00+01:00",
    name="Tolvan Tolvansson", personnummer="199812012384", created="2026-11-24T09:00:00+01:00",
    triage={"reason_text": "ont i halsen"}, calendar_token="tok")


def test_calendar_file_has_the_visit_and_nothing_personal():
    text = ics(RECORD, "Vårdcentralen Testby, Storgatan 1", TUESDAY_9)
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and lines[0] == "BEGIN:VCALENDAR"
    assert "DTSTART:20261124T122000Z" in lines and "DTEND:20261124T124000Z" in lines
    assert "UID:VL-AB3K9Q@vardlotsen" in lines and "STATUS:CONFIRMED" in lines
    assert "LOCATION:Vårdcentralen Testby\\, Storgatan 1" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "Avboka eller flytta" in unfolded
    for secret in ("199812012384", "9812012384", "Tolvan", "halsen"):
        assert secret not in unfolded


def test_a_cancelled_booking_cancels_the_calendar_event():
    text = ics(replace(RECORD, status="cancelled", history=({"status": "cancelled"},)), "x", TUESDAY_9)
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text and "SEQUENCE:1" in text
    assert "VALARM" not in text


def _slot(minutes: int) -> Slot:
    start = TUESDAY_9 + timedelta(minutes=minutes)
    return Slot(f"u:video:{start:%Y%m%d%H%M}:1", "u", "video", start, start + timedelta(minutes=15), 1)


def test_offered_times_are_spread_out_then_filled_up():
    quarter_hours = [_slot(m) for m in range(0, 240, 15)]
    assert [s.start.strftime("%H.%M") for s in spread(quarter_hours)] == ["09.00", "09.30", "10.00", "10.30", "11.00"]
    few = [_slot(0), _slot(15), _slot(30)]
    assert spread(few) == few
