"""Swedish time expressions → ranges, with fixed clocks in Europe/Stockholm."""
from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from bot.booking.timeparse import ASAP_LABEL, asks_for_night, day_label, parse_range
from bot.routing.hours import STOCKHOLM

WEDNESDAY = datetime(2026, 11, 25, 10, 20, tzinfo=STOCKHOLM)  # Wednesday 25/11 10:20
FRIDAY_EVENING = datetime(2026, 11, 27, 19, 0, tzinfo=STOCKHOLM)  # Friday 27/11 19:00
SUNDAY_NOON = datetime(2026, 11, 29, 12, 0, tzinfo=STOCKHOLM)  # Sunday 29/11 12:00
SUNDAY_EVENING = datetime(2026, 11, 29, 18, 0, tzinfo=STOCKHOLM)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def span(text: str, now: datetime) -> tuple[datetime, datetime] | None:
    found = parse_range(text, now)
    return None if found is None else (found.start, found.end)


WEDNESDAY_TABLE = [
    # day only: office hours 8–17, today from now rounded up to 15 minutes
    ("idag", "2026-11-25 10:30", "2026-11-25 17:00"),
    ("i dag", "2026-11-25 10:30", "2026-11-25 17:00"),
    ("imorgon", "2026-11-26 08:00", "2026-11-26 17:00"),
    ("i morgon", "2026-11-26 08:00", "2026-11-26 17:00"),
    ("I MORGON.", "2026-11-26 08:00", "2026-11-26 17:00"),
    ("i övermorgon", "2026-11-27 08:00", "2026-11-27 17:00"),
    ("i overmorgon", "2026-11-27 08:00", "2026-11-27 17:00"),
    ("fredag", "2026-11-27 08:00", "2026-11-27 17:00"),
    ("på fredag", "2026-11-27 08:00", "2026-11-27 17:00"),
    ("fredagen", "2026-11-27 08:00", "2026-11-27 17:00"),
    ("nästa fredag", "2026-12-04 08:00", "2026-12-04 17:00"),
    ("fredag nästa vecka", "2026-12-04 08:00", "2026-12-04 17:00"),
    ("fredag i nästa vecka", "2026-12-04 08:00", "2026-12-04 17:00"),
    ("måndag", "2026-11-30 08:00", "2026-11-30 17:00"),
    ("mandag", "2026-11-30 08:00", "2026-11-30 17:00"),
    ("lördag", "2026-11-28 08:00", "2026-11-28 17:00"),
    ("onsdag", "2026-11-25 10:30", "2026-11-25 17:00"),  # today, still ahead
    ("onsdag kl 9", "2026-12-02 09:00", "2026-12-02 10:00"),  # today's has passed: next week
    ("nästa vecka", "2026-11-30 08:00", "2026-12-04 17:00"),
    ("i helgen", "2026-11-28 08:00", "2026-11-29 17:00"),
    ("nästa helg", "2026-12-05 08:00", "2026-12-06 17:00"),
    ("i veckan", "2026-11-25 10:30", "2026-11-27 17:00"),
    ("om en vecka", "2026-12-02 08:00", "2026-12-02 17:00"),
    # dates: day before month, passed dates next year
    ("den 3/12", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("3/12", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("3 december", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("3:e december", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("den 3 dec", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("den 3", "2026-12-03 08:00", "2026-12-03 17:00"),  # the 3rd has passed this month
    ("den 27:e", "2026-11-27 08:00", "2026-11-27 17:00"),
    ("den 3.12", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("2026-12-03", "2026-12-03 08:00", "2026-12-03 17:00"),
    ("3/1", "2027-01-03 08:00", "2027-01-03 17:00"),
    ("20/11", "2027-11-20 08:00", "2027-11-20 17:00"),
    ("fredag 27/11", "2026-11-27 08:00", "2026-11-27 17:00"),
    # parts of day: no day said → today if still ahead, else tomorrow
    ("morgon", "2026-11-26 07:00", "2026-11-26 09:00"),
    ("på morgonen", "2026-11-26 07:00", "2026-11-26 09:00"),
    ("förmiddag", "2026-11-25 10:30", "2026-11-25 12:00"),
    ("fm", "2026-11-25 10:30", "2026-11-25 12:00"),
    ("lunch", "2026-11-25 11:00", "2026-11-25 13:00"),
    ("vid lunch", "2026-11-25 11:00", "2026-11-25 13:00"),
    ("efter lunch", "2026-11-25 12:00", "2026-11-25 17:00"),
    ("eftermiddag", "2026-11-25 12:00", "2026-11-25 17:00"),
    ("em", "2026-11-25 12:00", "2026-11-25 17:00"),
    ("kväll", "2026-11-25 17:00", "2026-11-25 21:00"),
    ("ikväll", "2026-11-25 17:00", "2026-11-25 21:00"),
    ("i kväll", "2026-11-25 17:00", "2026-11-25 21:00"),
    ("i kvall", "2026-11-25 17:00", "2026-11-25 21:00"),
    ("hela dagen", "2026-11-25 10:30", "2026-11-25 17:00"),
    ("före lunch", "2026-11-25 10:30", "2026-11-25 11:00"),
    # clock
    ("kl 14", "2026-11-25 14:00", "2026-11-25 15:00"),
    ("klockan 14", "2026-11-25 14:00", "2026-11-25 15:00"),
    ("kl. 14", "2026-11-25 14:00", "2026-11-25 15:00"),
    ("kl 14.30", "2026-11-25 14:30", "2026-11-25 15:30"),
    ("14:30", "2026-11-25 14:30", "2026-11-25 15:30"),
    ("kl 2", "2026-11-25 14:00", "2026-11-25 15:00"),  # no visits at 2 at night
    ("klockan tre", "2026-11-25 15:00", "2026-11-25 16:00"),
    ("halv tre", "2026-11-25 14:30", "2026-11-25 15:30"),
    ("kvart i fyra", "2026-11-25 15:45", "2026-11-25 16:45"),
    ("vid 9", "2026-11-26 09:00", "2026-11-26 10:00"),  # 9 has passed today
    ("runt 14", "2026-11-25 13:00", "2026-11-25 15:00"),
    ("runt 10", "2026-11-25 10:30", "2026-11-25 11:00"),
    ("efter 15", "2026-11-25 15:00", "2026-11-25 17:00"),
    ("efter 18", "2026-11-25 18:00", "2026-11-25 21:00"),
    ("före 10", "2026-11-26 08:00", "2026-11-26 10:00"),
    ("innan 12", "2026-11-25 10:30", "2026-11-25 12:00"),
    ("mellan 13 och 15", "2026-11-25 13:00", "2026-11-25 15:00"),
    ("kl 13-15", "2026-11-25 13:00", "2026-11-25 15:00"),
    ("kl 13–15", "2026-11-25 13:00", "2026-11-25 15:00"),
    # combinations, in any order
    ("på fredag efter lunch", "2026-11-27 12:00", "2026-11-27 17:00"),
    ("efter lunch på fredag", "2026-11-27 12:00", "2026-11-27 17:00"),
    ("imorgon kl 14", "2026-11-26 14:00", "2026-11-26 15:00"),
    ("kl 14 imorgon", "2026-11-26 14:00", "2026-11-26 15:00"),
    ("nästa tisdag förmiddag", "2026-12-01 08:00", "2026-12-01 12:00"),
    ("den 3/12 på eftermiddagen", "2026-12-03 12:00", "2026-12-03 17:00"),
    ("imorgon eftermiddag", "2026-11-26 12:00", "2026-11-26 17:00"),
    ("Imorgon Eftermiddag!", "2026-11-26 12:00", "2026-11-26 17:00"),
    ("morgon eftermiddag", "2026-11-26 12:00", "2026-11-26 17:00"),  # "morgon" meant "i morgon"
    ("i morgon bitti", "2026-11-26 07:00", "2026-11-26 09:00"),
    ("i morgon kväll", "2026-11-26 17:00", "2026-11-26 21:00"),
    ("torsdag kväll kl 7", "2026-11-26 19:00", "2026-11-26 20:00"),
    ("3 dec kl 10", "2026-12-03 10:00", "2026-12-03 11:00"),
    ("kl 14 måndag", "2026-11-30 14:00", "2026-11-30 15:00"),
    ("kl 14 min mamma kan skjutsa", "2026-11-25 14:00", "2026-11-25 15:00"),
    ("om två dagar kl 10", "2026-11-27 10:00", "2026-11-27 11:00"),
    ("2026-12-03 14:00", "2026-12-03 14:00", "2026-12-03 15:00"),
    ("fredag kl 14 nästa vecka", "2026-12-04 14:00", "2026-12-04 15:00"),
    ("på eftermiddagen efter 15 på fredag", "2026-11-27 15:00", "2026-11-27 17:00"),
    ("förmiddag före 10 på måndag", "2026-11-30 08:00", "2026-11-30 10:00"),
    ("kan jag komma på torsdag runt 14?", "2026-11-26 13:00", "2026-11-26 15:00"),
    ("helst nästa vecka på förmiddagen", "2026-11-30 08:00", "2026-12-04 12:00"),
    ("i helgen på eftermiddagen", "2026-11-28 12:00", "2026-11-29 17:00"),
    # as soon as possible: from now to 17.00 three days later
    ("så snart som möjligt", "2026-11-25 10:30", "2026-11-28 17:00"),
    ("snarast", "2026-11-25 10:30", "2026-11-28 17:00"),
    ("första lediga tid", "2026-11-25 10:30", "2026-11-28 17:00"),
    ("sa fort som mojligt tack", "2026-11-25 10:30", "2026-11-28 17:00"),
    ("första lediga tid på fredag", "2026-11-27 08:00", "2026-11-27 17:00"),  # a named day wins
]


@pytest.mark.parametrize("text, start, end", WEDNESDAY_TABLE)
def test_wednesday_morning(text, start, end):
    assert span(text, WEDNESDAY) == (at(start), at(end))


def test_the_table_is_large_enough():
    assert len(WEDNESDAY_TABLE) >= 50


@pytest.mark.parametrize(
    "now, text, start, end",
    [
        (FRIDAY_EVENING, "idag", None, None),  # today's office hours are over
        (FRIDAY_EVENING, "ikväll", "2026-11-27 19:00", "2026-11-27 21:00"),
        (FRIDAY_EVENING, "kväll", "2026-11-27 19:00", "2026-11-27 21:00"),
        (FRIDAY_EVENING, "imorgon", "2026-11-28 08:00", "2026-11-28 17:00"),
        (FRIDAY_EVENING, "på fredag", "2026-12-04 08:00", "2026-12-04 17:00"),  # today's passed → next week
        (FRIDAY_EVENING, "nästa fredag", "2026-12-04 08:00", "2026-12-04 17:00"),
        (FRIDAY_EVENING, "måndag", "2026-11-30 08:00", "2026-11-30 17:00"),
        (FRIDAY_EVENING, "i helgen", "2026-11-28 08:00", "2026-11-29 17:00"),
        (FRIDAY_EVENING, "kl 14", "2026-11-28 14:00", "2026-11-28 15:00"),  # no day: tomorrow's
        (FRIDAY_EVENING, "eftermiddag", "2026-11-28 12:00", "2026-11-28 17:00"),
        (FRIDAY_EVENING, "snarast", "2026-11-27 19:00", "2026-11-30 17:00"),
        (FRIDAY_EVENING, "i veckan", None, None),
        (SUNDAY_NOON, "i helgen", "2026-11-29 12:00", "2026-11-29 17:00"),
        (SUNDAY_NOON, "söndag", "2026-11-29 12:00", "2026-11-29 17:00"),
        (SUNDAY_NOON, "måndag", "2026-11-30 08:00", "2026-11-30 17:00"),
        (SUNDAY_NOON, "nästa måndag", "2026-11-30 08:00", "2026-11-30 17:00"),  # Monday of the following week
        (SUNDAY_NOON, "nästa vecka", "2026-11-30 08:00", "2026-12-04 17:00"),
        (SUNDAY_NOON, "kl 14", "2026-11-29 14:00", "2026-11-29 15:00"),
        (SUNDAY_EVENING, "i helgen", "2026-12-05 08:00", "2026-12-06 17:00"),  # this one is over: the coming
        (SUNDAY_EVENING, "söndag", "2026-12-06 08:00", "2026-12-06 17:00"),
        (SUNDAY_EVENING, "idag", None, None),
        (SUNDAY_EVENING, "ikväll", "2026-11-29 18:00", "2026-11-29 21:00"),
    ],
)
def test_friday_evening_and_sunday(now, text, start, end):
    expected = None if start is None else (at(start), at(end))
    assert span(text, now) == expected


@pytest.mark.parametrize(
    "text",
    ["hej", "jag har ont", "natt", "i natt", "inatt", "mitt i natten", "imorgon natt", "natten till fredag", "fredag nattetid", "kl 25", "kl 14.75", "31/11", "30/2",
     "den 32", "2026-13-01", "2025-12-03", "igår", "i fredags", "förra veckan", "jag har haft ont sedan igår kväll",
     "kl 22", "efter 21", "vet inte", "", "   ", "3-4 dagar", "efter 3 dagar", "runt 2 timmar", "39 grader", "ovanmorgon"],
)
def test_nothing_understood_or_not_bookable(text):
    assert parse_range(text, WEDNESDAY) is None


def test_never_raises_on_odd_input():
    assert parse_range(None, WEDNESDAY) is None  # type: ignore[arg-type]
    assert parse_range("kl 14", None) is None  # type: ignore[arg-type]
    assert parse_range("å" * 100_000, WEDNESDAY) is None
    assert parse_range("29/2", WEDNESDAY).start == at("2028-02-29 08:00")


def test_range_never_starts_in_the_past():
    for text, _, _ in WEDNESDAY_TABLE:
        found = parse_range(text, WEDNESDAY)
        assert found.start >= WEDNESDAY and found.start < found.end, text
        assert found.start.minute % 15 == 0 and found.start.second == 0, text


def test_start_rounds_up_to_the_next_quarter():
    assert parse_range("idag", at("2026-11-25 10:30")).start == at("2026-11-25 10:30")
    assert parse_range("idag", at("2026-11-25 10:30:01")).start == at("2026-11-25 10:45")
    assert parse_range("idag", at("2026-11-25 16:50")) is None  # 17.00 is the end


@pytest.mark.parametrize(
    "text, label",
    [
        ("på fredag efter lunch", "i övermorgon fredag 27/11 efter lunch (kl 12–17)"),
        ("nästa fredag", "fredag 4/12 kl 8–17"),
        ("i morgon förmiddag", "i morgon torsdag 26/11 på förmiddagen (kl 8–12)"),
        ("idag", "i dag onsdag 25/11 kl 10.30–17"),
        ("kl 14.30", "i dag onsdag 25/11 kl 14.30–15.30"),
        ("ikväll", "i dag onsdag 25/11 på kvällen (kl 17–21)"),
        ("3/1", "söndag 3/1 2027 kl 8–17"),
        ("nästa vecka", "nästa vecka, måndag 30/11–fredag 4/12, kl 8–17"),
        ("nästa vecka på förmiddagen", "nästa vecka, måndag 30/11–fredag 4/12, på förmiddagarna (kl 8–12)"),
        ("i helgen", "i helgen, lördag 28/11–söndag 29/11, kl 8–17"),
        ("snarast", ASAP_LABEL),
    ],
)
def test_labels(text, label):
    assert parse_range(text, WEDNESDAY).label == label


def test_rolled_weekend_is_called_next_weekend():
    assert parse_range("i helgen", SUNDAY_EVENING).label == "nästa helg, lördag 5/12–söndag 6/12, kl 8–17"


def test_multi_day_ranges_carry_the_daily_hours():
    found = parse_range("nästa vecka på eftermiddagen", WEDNESDAY)
    assert found.daily == (time(12), time(17))
    assert found.contains(at("2026-12-01 13:00"))
    assert not found.contains(at("2026-12-01 09:00"))
    assert not found.contains(at("2026-12-05 13:00"))
    assert parse_range("fredag", WEDNESDAY).daily is None


def test_naive_and_foreign_clocks_are_read_as_stockholm_time():
    naive = datetime(2026, 11, 25, 10, 20)
    assert span("kl 14", naive) == (at("2026-11-25 14:00"), at("2026-11-25 15:00"))
    utc = WEDNESDAY.astimezone(timezone.utc)
    assert span("idag", utc) == (at("2026-11-25 10:30"), at("2026-11-25 17:00"))


def test_night_is_recognised_so_the_bot_can_say_why():
    assert asks_for_night("kan jag komma i natt?")
    assert not asks_for_night("jag sov dåligt igår natt")
    assert not asks_for_night("imorgon")


def test_day_label():
    assert day_label(at("2026-11-26 00:00").date(), WEDNESDAY.date()) == "i morgon torsdag 26/11"
    assert day_label(at("2027-01-03 00:00").date(), WEDNESDAY.date()) == "söndag 3/1 2027"
