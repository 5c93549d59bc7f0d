"""Bookable slots from opening hours and schedules, with a fixed clock (issue 7, "Schedules")."""
from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from bot.booking.schedule import SCHEDULES_FILE, ModeConfig, ScheduleError, UnitSchedule, load, parse, shipped
from bot.booking.slots import bookable_slots, day_slots, parse_slot_id, slot_id
from bot.routing.hours import STOCKHOLM
from bot.routing.model import Unit, load_all

UNITS = {u.id: u for region in load_all().values() for u in region.units}
WEEKDAYS = {d: ("08:00-17:00",) for d in ("mon", "tue", "wed", "thu", "fri")}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def unit(**changes) -> Unit:
    """A bookable vårdcentral open weekdays 08–17, closed weekends, holidays and eves; no exceptions."""
    base = Unit(id="test_vc", name="Testcentralen", type="vardcentral", address="Testgatan 1", lat=59.3, lon=18.0,
                phone="08-465 004 99", example_data=True, bookable=True, digital=("chatt", "video", "telefon"),
                hours={**WEEKDAYS, "sat": (), "sun": (), "holiday": ()})
    return replace(base, **changes)


def schedule(*modes: ModeConfig, breaks: tuple[tuple[time, time], ...] = ((time(12), time(13)),),
             horizon_days: int = 14, min_notice_min: int = 30) -> UnitSchedule:
    return UnitSchedule(horizon_days, min_notice_min, breaks, modes or (ModeConfig("fysiskt", 20, 1),))


def times(slots) -> list[str]:
    return [f"{s.start:%H:%M}-{s.end:%H:%M}" for s in slots]


TUESDAY = date(2026, 11, 24)
EARLY = at("2026-11-23 06:00")  # the Monday before, long before opening


# --- opening hours, lunch, weekends, holidays and eves ---------------------------------------------------------


def test_weekday_slots_fill_the_opening_hours_and_nothing_else():
    slots = day_slots(unit(), schedule(breaks=()), TUESDAY)
    assert times(slots)[0] == "08:00-08:20" and times(slots)[-1] == "16:40-17:00"
    assert len(slots) == 27
    assert all(at("2026-11-24 08:00") <= s.start and s.end <= at("2026-11-24 17:00") for s in slots)
    assert all(s.start.tzinfo is STOCKHOLM and s.end - s.start == timedelta(minutes=20) for s in slots)


def test_no_slot_touches_the_lunch_break():
    slots = day_slots(unit(), schedule(ModeConfig("fysiskt", 25, 1)), TUESDAY)
    lunch_start, lunch_end = at("2026-11-24 12:00"), at("2026-11-24 13:00")
    assert not [s for s in slots if s.start < lunch_end and s.end > lunch_start]
    assert "11:20-11:45" in times(slots) and "11:45-12:10" not in times(slots)  # the last one would cross 12:00
    assert "13:00-13:25" in times(slots)  # the afternoon starts again at the end of the break


def test_a_configured_break_moves_with_the_schedule():
    slots = day_slots(unit(), schedule(breaks=((time(11, 30), time(12, 30)),)), TUESDAY)
    assert "11:00-11:20" in times(slots) and "11:20-11:40" not in times(slots) and "12:30-12:50" in times(slots)


def test_a_unit_closed_at_weekends_has_no_weekend_slots():
    saturday, sunday = date(2026, 11, 28), date(2026, 11, 29)
    assert day_slots(unit(), schedule(), saturday) == [] and day_slots(unit(), schedule(), sunday) == []
    found = bookable_slots(unit(), schedule(), saturday, date(2026, 11, 30), at("2026-11-27 18:00"))
    assert {s.start.date() for s in found} == {date(2026, 11, 30)}


def test_a_unit_open_on_saturdays_gets_saturday_slots():
    lund = UNITS["sk_lund_vaster_vc"]  # Saturdays 09–14 in skane.yml
    slots = day_slots(lund, shipped().for_unit(lund), date(2026, 11, 28), modes=["fysiskt"])
    assert slots and min(s.start for s in slots) == at("2026-11-28 09:00")
    assert max(s.end for s in slots) == at("2026-11-28 14:00")


@pytest.mark.parametrize("holiday, day_before", [
    (date(2026, 12, 24), date(2026, 12, 23)),  # julafton (an eve, kept as a holiday)
    (date(2026, 12, 25), date(2026, 12, 23)),  # juldagen
    (date(2026, 6, 19), date(2026, 6, 18)),    # midsommarafton
    (date(2026, 5, 14), date(2026, 5, 13)),    # Kristi himmelsfärd
    (date(2026, 12, 31), date(2026, 12, 30)),  # nyårsafton
])
def test_no_slots_on_holidays_and_eves_when_the_unit_is_closed_then(holiday, day_before):
    assert holiday.weekday() < 5  # a weekday: it is the holiday that closes the unit, not the weekend
    assert day_slots(unit(), schedule(), holiday) == []
    assert day_slots(unit(), schedule(), day_before)


def test_holiday_hours_and_exceptions_from_the_region_data_are_used():
    open_on_holidays = unit(hours={**WEEKDAYS, "sat": (), "sun": (), "holiday": ("10:00-12:00",)})
    assert times(day_slots(open_on_holidays, schedule(breaks=()), date(2026, 6, 19)))[0] == "10:00-10:20"
    assert times(day_slots(open_on_holidays, schedule(breaks=()), date(2026, 6, 19)))[-1] == "11:40-12:00"
    solna = UNITS["sthlm_solna_vc"]  # "2026-12-23": 08:00-15:00 in stockholm.yml
    slots = day_slots(solna, shipped().for_unit(solna), date(2026, 12, 23))
    assert max(s.end for s in slots) == at("2026-12-23 15:00")
    assert day_slots(solna, shipped().for_unit(solna), date(2026, 12, 24)) == []


def test_midsommarafton_closes_a_shipped_vardcentral():
    molndal = UNITS["vg_molndal_vc"]
    assert bookable_slots(molndal, shipped().for_unit(molndal), date(2026, 6, 19), date(2026, 6, 21),
                          at("2026-06-18 12:00")) == []


# --- the clock: not in the past, not too soon, not beyond the horizon -------------------------------------------


def test_nothing_in_the_past_nor_within_the_minimum_notice():
    now = at("2026-11-24 10:05")
    slots = bookable_slots(unit(), schedule(), TUESDAY, TUESDAY, now)
    assert times(slots)[0] == "10:40-11:00"  # 10:20 is in 15 minutes: too soon; 10:40 is 35 minutes away
    fifteen = bookable_slots(unit(), schedule(ModeConfig("video", 15, 1)), TUESDAY, TUESDAY, now)
    assert times(fifteen)[0] == "10:45-11:00"  # 10:30 is within 30 minutes
    exact = bookable_slots(unit(), schedule(), TUESDAY, TUESDAY, at("2026-11-24 10:10"))
    assert times(exact)[0] == "10:40-11:00"  # exactly 30 minutes ahead is allowed


def test_the_clock_may_be_given_in_utc():
    local = bookable_slots(unit(), schedule(), TUESDAY, TUESDAY, at("2026-11-24 10:05"))
    utc = bookable_slots(unit(), schedule(), TUESDAY, TUESDAY, datetime(2026, 11, 24, 9, 5, tzinfo=timezone.utc))
    assert local == utc


def test_past_days_and_days_beyond_the_horizon_give_nothing():
    now = at("2026-11-24 18:00")  # after closing on Tuesday
    slots = bookable_slots(unit(), schedule(horizon_days=3), date(2026, 11, 1), date(2026, 12, 31), now)
    assert {s.start.date() for s in slots} == {date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)}


def test_the_minimum_notice_is_configurable():
    slots = bookable_slots(unit(), schedule(min_notice_min=120), TUESDAY, TUESDAY, at("2026-11-24 08:00"))
    assert times(slots)[0] == "10:00-10:20"


# --- visit types, lengths, parallel slots, ids ------------------------------------------------------------------


def test_slot_length_follows_the_visit_type():
    sodermalm = UNITS["sthlm_sodermalm_vc"]
    slots = day_slots(sodermalm, shipped().for_unit(sodermalm), TUESDAY)
    lengths = {s.mode: s.end - s.start for s in slots}
    assert lengths == {"fysiskt": timedelta(minutes=20), "video": timedelta(minutes=15),
                       "telefon": timedelta(minutes=15), "chatt": timedelta(minutes=15)}
    tandvard = UNITS["sk_lund_tandvard"]
    lengths = {s.mode: s.end - s.start for s in day_slots(tandvard, shipped().for_unit(tandvard), TUESDAY)}
    assert lengths == {"fysiskt": timedelta(minutes=30), "telefon": timedelta(minutes=10)}


def test_parallel_slots_one_per_member_of_staff():
    slots = day_slots(unit(), schedule(ModeConfig("telefon", 15, 3), ModeConfig("video", 15, 1)), TUESDAY)
    at_eight = [s for s in slots if s.start == at("2026-11-24 08:00")]
    assert sorted((s.mode, s.lane) for s in at_eight) == [("telefon", 1), ("telefon", 2), ("telefon", 3), ("video", 1)]
    assert len({s.id for s in slots}) == len(slots)
    assert "test_vc:telefon:202611240800:3" in {s.id for s in at_eight}


def test_only_the_digital_types_the_unit_has():
    solna = UNITS["sthlm_solna_vc"]  # digital: [chatt, telefon]
    offered = shipped().for_unit(solna)
    assert [m.mode for m in offered.modes] == ["telefon", "chatt", "fysiskt"]
    assert not [s for s in day_slots(solna, offered, TUESDAY) if s.mode == "video"]


def test_the_modes_filter():
    slots = day_slots(unit(), schedule(ModeConfig("video", 15, 1), ModeConfig("fysiskt", 20, 1)), TUESDAY, ["video"])
    assert {s.mode for s in slots} == {"video"}


def test_ids_are_stable_and_parse_back():
    first = day_slots(unit(), schedule(), TUESDAY)
    assert first == day_slots(unit(), schedule(), TUESDAY)
    slot = first[6]
    assert slot.id == "test_vc:fysiskt:202611241000:1"
    ref = parse_slot_id(slot.id)
    assert (ref.unit_id, ref.mode, ref.start, ref.lane) == ("test_vc", "fysiskt", slot.start, 1)
    assert slot_id("test_vc", "fysiskt", slot.start.astimezone(timezone.utc), 1) == slot.id
    for bad in ("", "test_vc:fysiskt:202611241000", "test_vc:sms:202611241000:1", "Test:video:202611241000:1",
                "test_vc:video:202611241000:0"):
        with pytest.raises(ValueError):
            parse_slot_id(bad)


def test_dst_change_nights_give_no_duplicate_or_missing_local_times():
    always = unit(hours={d: ("00:00-24:00",) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday")})
    plan = schedule(ModeConfig("telefon", 30, 1), breaks=())
    spring, autumn = day_slots(always, plan, date(2026, 3, 29)), day_slots(always, plan, date(2026, 10, 25))
    assert not [s for s in spring + autumn if s.start.hour == 2]
    assert len({s.id for s in autumn}) == len(autumn)


# --- units that are not bookable ---------------------------------------------------------------------------------


def test_units_that_are_not_bookable_get_no_slots():
    akut = UNITS["sthlm_solna_akut"]
    assert not akut.bookable and shipped().for_unit(akut) is None
    assert bookable_slots(akut, shipped().for_unit(akut), TUESDAY, TUESDAY, EARLY) == []
    assert bookable_slots(unit(bookable=False), schedule(), TUESDAY, TUESDAY, EARLY) == []
    assert all(shipped().for_unit(u) is None for u in UNITS.values() if u.type in {"akutmottagning", "barnakut"})


def test_every_shipped_bookable_unit_has_slots_on_an_ordinary_tuesday():
    for u in (u for u in UNITS.values() if u.bookable):
        assert day_slots(u, shipped().for_unit(u), TUESDAY), u.id


# --- the configuration file --------------------------------------------------------------------------------------

RAW = yaml.safe_load(SCHEDULES_FILE.read_text(encoding="utf-8"))
PATH = Path("schedules.yml")


def problem(change, units=tuple(UNITS.values())) -> str:
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(ScheduleError) as caught:
        parse(data, PATH, units)
    return str(caught.value)


def test_the_shipped_file_is_valid_and_overrides_merge_per_field():
    schedules = load()
    sodermalm = schedules.settings("sthlm_sodermalm_vc")
    assert sodermalm.mode("fysiskt") == ModeConfig("fysiskt", 20, 3)  # length from default, parallel overridden
    assert sodermalm.breaks == schedules.default.breaks
    assert schedules.settings("sk_lund_tandvard").breaks == ((time(11, 30), time(12, 30)),)
    assert schedules.settings("no_override_here") == schedules.default


def test_a_mode_can_be_switched_off_for_one_unit():
    data = copy.deepcopy(RAW)
    data["units"]["jh_sveg_hc"]["modes"]["video"] = False
    sveg = parse(data, PATH, UNITS.values()).for_unit(UNITS["jh_sveg_hc"])
    assert [m.mode for m in sveg.modes] == ["telefon", "fysiskt"]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.pop("default"), "schedules.yml: (roten): 'default' is a required property"),
    (lambda d: d["default"].pop("breaks"), "schedules.yml: default: 'breaks' is a required property"),
    (lambda d: d["default"]["modes"]["video"].update(length_min="15"), "schedules.yml: default/modes/video/length_min: "),
    (lambda d: d["default"]["modes"]["video"].pop("parallel"), "schedules.yml: default/modes/video: 'parallel' is a required"),
    (lambda d: d["default"]["modes"].update(sms={"length_min": 5, "parallel": 1}), "schedules.yml: default/modes: "),
    (lambda d: d["default"].update(breaks=["12-13"]), "schedules.yml: default/breaks/0: "),
    (lambda d: d["default"].update(breaks=["13:00-12:00"]), "schedules.yml: default/breaks/0: '13:00-12:00' slutar inte"),
    (lambda d: d["default"].update(horizon_days=-1), "schedules.yml: default/horizon_days: "),
    (lambda d: d["units"]["jh_sveg_hc"].update(lunch=["12:00-13:00"]), "schedules.yml: units/jh_sveg_hc: "),
    (lambda d: d["units"]["jh_sveg_hc"]["modes"].update(fysiskt={"parallel": 0}),
     "schedules.yml: units/jh_sveg_hc/modes/fysiskt/parallel: 0 is less than the minimum of 1"),
    (lambda d: d["default"]["modes"].update(video=False),
     "schedules.yml: units/sthlm_sodermalm_vc/modes/video: length_min saknas"),
    (lambda d: d["units"].update(sthlm_solna_vcc={"horizon_days": 3}),
     "schedules.yml: units/sthlm_solna_vcc: ingen sådan enhet i regionfilerna"),
    (lambda d: d["units"].update(sthlm_solna_akut={"horizon_days": 3}),
     "schedules.yml: units/sthlm_solna_akut: enheten har bookable: false"),
    (lambda d: d["units"].update(sthlm_solna_vc={"modes": {"video": {"parallel": 2}}}),
     "schedules.yml: units/sthlm_solna_vc/modes/video: enheten har inte video i sin digital-lista"),
])
def test_configuration_errors_name_the_file_and_the_field(change, expected):
    assert problem(change).startswith(expected), problem(change)


def test_without_region_units_the_overrides_are_not_cross_checked():
    data = copy.deepcopy(RAW)
    data["units"]["someone_else"] = {"horizon_days": 3}
    assert parse(data, PATH).settings("someone_else").horizon_days == 3


def test_a_broken_yaml_file_is_named(tmp_path):
    bad = tmp_path / "schedules.yml"
    bad.write_text("default: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScheduleError, match=r"^schedules\.yml: ogiltig YAML"):
        load(bad)
