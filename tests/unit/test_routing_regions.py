"""Routing on the shipped example regions, with a fixed clock: the table from issue 4."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.routing import dialogue, hours
from bot.routing.engine import Request, route
from bot.routing.hours import STOCKHOLM
from bot.routing.model import load_all
from bot.routing.places import find_place
from tests.contract import validate_custom

REGIONS = load_all()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


MORNING, EVENING, SATURDAY = at("2026-11-25 09:30"), at("2026-11-25 19:30"), at("2026-11-28 11:00")
MIDSOMMARAFTON, NIGHT = at("2026-06-19 13:00"), at("2026-11-26 02:30")


@pytest.mark.parametrize(
    "text, name, region",
    [("jag är i Kiruna", "Kiruna", "norrbotten"), ("i Östersund", "Östersund", "jamtland_harjedalen"),
     ("Ostersund", "Östersund", "jamtland_harjedalen"), ("nära Mölndal", "Mölndal", "vastra_gotaland"),
     ("Molndal", "Mölndal", "vastra_gotaland"), ("Åre", "Åre", "jamtland_harjedalen"), ("are", "Åre", "jamtland_harjedalen"),
     ("jag är i Sälen", "Sälen", "dalarna"), ("Salen", "Sälen", "dalarna"), ("Östersnud", "Östersund", "jamtland_harjedalen"),
     ("jag befinner mig i lund", "Lund", "skane")],
)
def test_places_spelled_in_several_ways(text, name, region):
    place = find_place(text)
    assert place is not None and (place.name, place.region) == (name, region)


def request(urgency: str, group: str, place: str, now: datetime) -> Request:
    found = find_place(place)
    return Request(urgency, group, found.lat, found.lon, found.region, now)


@pytest.mark.parametrize(
    "urgency, group, place, now, allowed_types",
    [
        ("samma_dag", "vuxen", "Mölndal", MORNING, {"vardcentral", "narakut"}),
        ("samma_dag", "vuxen", "Mölndal", EVENING, {"narakut", "jourmottagning", "akutmottagning"}),
        ("samma_dag", "vuxen", "Östersund", SATURDAY, {"jourmottagning", "narakut", "vardcentral", "akutmottagning"}),
        ("samma_dag", "vuxen", "Lund", MIDSOMMARAFTON, {"narakut", "jourmottagning", "akutmottagning"}),
        ("samma_dag", "vuxen", "Stockholm", NIGHT, {"akutmottagning", "narakut", "jourmottagning"}),
        ("akut", "barn", "Göteborg", NIGHT, {"barnakut", "akutmottagning"}),
        ("akut", "gravid_tidig", "Stockholm", MORNING, {"gynakut", "akutmottagning"}),
        ("akut", "gravid_sen", "Stockholm", NIGHT, {"forlossning"}),
        ("samma_dag", "tand", "Malmö", SATURDAY, {"tandakut", "tandvard"}),
        ("akut", "psykisk", "Östersund", NIGHT, {"psykiatrisk_akutmottagning"}),
    ],
)
def test_right_kind_of_unit_open_now(urgency, group, place, now, allowed_types):
    result = route(request(urgency, group, place, now), REGIONS)
    assert result.units, result.notes
    first = result.units[0]
    assert first.unit.type in allowed_types
    assert first.open_now, f"{first.unit.name} is not open at {now}"
    for ranked in result.units:
        assert ranked.open_now or ranked.opens_at is not None


def test_a_closed_unit_is_never_sent_as_open():
    for place in ("Mölndal", "Östersund", "Lund", "Stockholm", "Åre"):
        for now in (MORNING, EVENING, SATURDAY, MIDSOMMARAFTON, NIGHT):
            for card in route(request("vardcentral", "vuxen", place, now), REGIONS).units:
                assert card.open_now == hours.is_open(card.unit, now)


def test_region_without_data():
    result = route(request("samma_dag", "vuxen", "Kiruna", MORNING), REGIONS)
    assert result.units == []
    assert result.notes[0].startswith("Vi har inte uppgifter om vårdenheter i Region Norrbotten än")
    assert "1177" in result.notes[0] and "112" in result.notes[0]


def test_sälen_gets_no_units_from_far_away():
    result = route(request("samma_dag", "vuxen", "Sälen", MORNING), REGIONS)
    assert all(u.distance_km <= 50 for u in result.units)


@pytest.mark.parametrize(
    "protocol, urgency, expected_service",
    [("forgiftning", "samma_dag", "Giftinformationscentralen"), ("sjalvmordstankar", "akut", "Självmordslinjen")],
)
def test_poisoning_and_suicidal_thoughts_name_national_services(protocol, urgency, expected_service):
    triage = {"urgency": urgency, "protocol_id": protocol, "subject": {"who": "self", "age_band": "vuxen", "pregnant": None}}
    message = dialogue.for_triage(triage, dialogue.place_from("Östersund"), EVENING)
    assert expected_service in message.text
    validate_custom(message.custom)


def test_cards_meet_the_contract_and_show_example_data():
    message = dialogue.for_question("vilken vårdcentral har öppet i Lund på lördag", None, MORNING)
    validate_custom(message.custom)
    assert message.custom["care_units"] and all(c["example_data"] for c in message.custom["care_units"])
    assert message.text.startswith("För lördag 28/11")
    assert message.custom["care_units"][0]["open_now"] is True


def test_worsening_advice_names_what_is_open_tonight():
    triage = {"urgency": "vardcentral", "protocol_id": "hosta", "subject": {"who": "self", "age_band": "vuxen", "pregnant": None}}
    message = dialogue.for_triage(triage, dialogue.place_from("nära Mölndal"), EVENING)
    assert "Om det blir värre:" in message.text and "har öppet till" in message.text


def test_browser_geolocation_gives_a_place_in_the_right_region():
    place = dialogue.place_from("", {"geo": {"lat": 57.656, "lon": 12.014}})
    assert place is not None and place["region"] == "vastra_gotaland" and place["name"].startswith("nära")
    assert dialogue.place_from("", {"geo": {"lat": 48.85, "lon": 2.35}}) is None
    assert dialogue.place_from("", {"geo": {"lat": "x", "lon": None}}) is None
