"""The routing engine on a small fixture region, with a fixed clock."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bot.routing import hours
from bot.routing.engine import Request, group_for, route
from bot.routing.model import RegionError, parse
from bot.routing.periods import period

TZ = hours.STOCKHOLM
ALWAYS = ["00:00-24:00"]
OFFICE = ["08:00-17:00"]


def unit(uid, kind, lat, lon, week, sat=(), sun=(), holiday=(), **extra):
    days = {d: list(week) for d in ("mon", "tue", "wed", "thu", "fri")}
    return {"id": uid, "name": uid.replace("_", " ").title(), "type": kind, "address": "Exempelgatan 1", "lat": lat,
            "lon": lon, "phone": "070-174 06 05", "example_data": True, "bookable": False, "digital": ["chatt"],
            "hours": {**days, "sat": list(sat), "sun": list(sun), "holiday": list(holiday)}, **extra}


def types(**kw):
    return {p: kw.get(p, kw.get("all")) for p in ("dag", "kvall", "natt", "helg")}


def fixture_region() -> dict:
    groups = ("vuxen", "barn", "gravid_tidig", "gravid_sen", "psykisk", "tand")
    samma = {g: types(dag=["vardcentral", "narakut"], kvall=["narakut"], natt=["akutmottagning"], helg=["narakut"]) for g in groups}
    akut = {g: types(all=["akutmottagning"]) for g in groups}
    akut["barn"] = types(all=["barnakut", "akutmottagning"])
    akut["gravid_sen"] = types(all=["forlossning"])
    akut["psykisk"] = types(all=["psykiatrisk_akutmottagning"])
    return {
        "region": "testregion", "name": "Region Test",
        "units": [
            unit("vc_centrum", "vardcentral", 59.33, 18.06, OFFICE, sat=["10:00-14:00"],
                 exceptions={"2026-12-24": []}),
            unit("narakut_norr", "narakut", 59.40, 18.00, ["08:00-22:00"], sat=["08:00-22:00"], sun=["08:00-22:00"],
                 holiday=["10:00-16:00"]),
            unit("akuten", "akutmottagning", 59.35, 18.03, ALWAYS, sat=ALWAYS, sun=ALWAYS, holiday=ALWAYS),
            unit("barnakuten", "barnakut", 59.34, 18.05, ALWAYS, sat=ALWAYS, sun=ALWAYS, holiday=ALWAYS),
            unit("forlossningen", "forlossning", 59.34, 18.04, ALWAYS, sat=ALWAYS, sun=ALWAYS, holiday=ALWAYS),
            unit("psykakuten", "psykiatrisk_akutmottagning", 59.32, 18.07, ALWAYS, sat=ALWAYS, sun=ALWAYS, holiday=ALWAYS),
        ],
        "routing": {"akut": akut, "samma_dag": samma, "vardcentral": samma, "egenvard": samma},
    }


@pytest.fixture(scope="module")
def regions():
    return {"testregion": parse(fixture_region(), Path("testregion.yml"))}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


WEEKDAY_MORNING, WEEKDAY_EVENING = at("2026-11-25 09:30"), at("2026-11-25 19:00")
SATURDAY, NIGHT = at("2026-11-28 11:00"), at("2026-11-26 03:00")
MIDSOMMARAFTON, JULAFTON = at("2026-06-19 11:00"), at("2026-12-24 11:00")


@pytest.mark.parametrize(
    "now, expected_period",
    [(WEEKDAY_MORNING, "dag"), (WEEKDAY_EVENING, "kvall"), (SATURDAY, "helg"), (NIGHT, "natt"),
     (MIDSOMMARAFTON, "helg"), (JULAFTON, "helg")],
)
def test_period(now, expected_period):
    assert period(now) == expected_period


@pytest.mark.parametrize(
    "urgency, group, now, first",
    [
        ("samma_dag", "vuxen", WEEKDAY_MORNING, "vc_centrum"),
        ("samma_dag", "vuxen", WEEKDAY_EVENING, "narakut_norr"),
        ("samma_dag", "vuxen", SATURDAY, "narakut_norr"),
        ("samma_dag", "vuxen", NIGHT, "akuten"),
        ("samma_dag", "vuxen", MIDSOMMARAFTON, "narakut_norr"),
        ("akut", "barn", WEEKDAY_MORNING, "barnakuten"),
        ("akut", "gravid_sen", NIGHT, "forlossningen"),
        ("akut", "psykisk", SATURDAY, "psykakuten"),
    ],
)
def test_routing_table(regions, urgency, group, now, first):
    result = route(Request(urgency, group, 59.33, 18.06, "testregion", now), regions)
    assert result.units and result.units[0].unit.id == first
    assert result.units[0].open_now


def test_a_closed_unit_is_never_sent_as_open_and_says_when_it_opens(regions):
    result = route(Request("samma_dag", "vuxen", 59.33, 18.06, "testregion", at("2026-11-25 23:30"),
                           unit_types=("vardcentral",)), regions)
    card = result.units[0]
    assert not card.open_now and card.opens_at == at("2026-11-26 08:00")
    assert "öppnar" in card.why and any("1177" in n for n in result.notes)


def test_holiday_exception_closes_the_unit(regions):
    vc = regions["testregion"].units[0]
    assert not hours.is_open(vc, JULAFTON)
    assert hours.is_open(vc, at("2026-11-28 12:00"))


def test_112_never_routes_to_a_unit(regions):
    result = route(Request("112", "vuxen", 59.33, 18.06, "testregion", WEEKDAY_MORNING), regions)
    assert result.call_112 and result.units == []


def test_region_without_data_is_said_plainly_and_far_units_are_not_listed(regions):
    result = route(Request("samma_dag", "vuxen", 67.85, 20.22, "norrbotten", WEEKDAY_MORNING), regions)
    assert result.units == []
    assert "Vi har inte uppgifter om vårdenheter i Region Norrbotten än" in result.notes[0]


def test_a_unit_in_another_region_within_50_km_is_listed(regions):
    result = route(Request("samma_dag", "vuxen", 59.60, 18.06, "uppsala", WEEKDAY_MORNING), regions)
    assert result.units and all(u.distance_km <= 50 for u in result.units)


def test_why_is_plain_swedish(regions):
    result = route(Request("samma_dag", "vuxen", 59.40, 18.00, "testregion", WEEKDAY_EVENING), regions)
    assert result.units[0].why.startswith("öppen till 22") and "närmast dig" in result.units[0].why


@pytest.mark.parametrize(
    "band, pregnant, week, protocol, group",
    [("vuxen", None, None, "buksmarta", "vuxen"), ("barn", None, None, "feber_barn", "barn"),
     ("vuxen", True, 12, "graviditetsbesvar", "gravid_tidig"), ("vuxen", True, 30, "graviditetsbesvar", "gravid_sen"),
     ("vuxen", None, None, "sjalvmordstankar", "psykisk"), ("vuxen", None, None, "tandvark", "tand")],
)
def test_patient_group(band, pregnant, week, protocol, group):
    assert group_for(band, pregnant, week, protocol) == group


def test_bad_data_names_file_unit_and_field():
    data = fixture_region()
    data["units"][1]["lat"] = "norr"
    with pytest.raises(RegionError, match=r"testregion.yml: unit narakut_norr: lat"):
        parse(data, Path("testregion.yml"))


@pytest.mark.parametrize("day,holiday", [
    (date(2026, 4, 4), True),    # påskafton
    (date(2026, 5, 23), True),   # pingstafton
    (date(2026, 6, 19), True),   # midsommarafton
    (date(2026, 12, 24), True),  # julafton
    (date(2026, 12, 31), True),  # nyårsafton
    (date(2026, 4, 11), False),  # an ordinary Saturday
    (date(2026, 5, 22), False),  # dag före pingstafton: a working day
])
def test_the_eves_swedes_keep_as_holidays(day, holiday):
    assert hours.is_holiday(day) is holiday
