"""Opening hours in Europe/Stockholm, with Swedish public holidays and their eves.

Every function takes the time as an argument: the clock is passed in, never read here.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Optional
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter

from bot.routing.model import Unit

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    """Public holidays plus the eves that Swedes keep as holidays (påsk-, pingst-, midsommar-, jul-, nyårsafton)."""
    public = holidays.Sweden(years=[year], include_sundays=False)
    bank = holidays.Sweden(years=[year], include_sundays=False, categories=("bank",), language="sv")
    eves = {d for d, name in bank.items() if name.endswith("afton")}
    easter_day = easter(year)  # the holidays package has no påsk- or pingstafton (both Saturdays)
    eves |= {easter_day - timedelta(days=1), easter_day + timedelta(days=48)}
    return frozenset(set(public) | eves)


def is_holiday(day: date) -> bool:
    return day in _holidays(day.year)


def _intervals(unit: Unit, day: date) -> tuple[tuple[time, datetime | None], ...]:
    key = day.isoformat()
    if key in unit.exceptions:
        spans = unit.exceptions[key]
    elif is_holiday(day):
        spans = unit.hours["holiday"]
    else:
        spans = unit.hours[DAYS[day.weekday()]]
    return tuple(_span(day, s) for s in spans)


def _span(day: date, text: str) -> tuple[datetime, datetime]:
    start, end = text.split("-")
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    begins = datetime.combine(day, time(h1, m1), STOCKHOLM)
    ends = datetime.combine(day, time(0, 0), STOCKHOLM) + timedelta(hours=h2, minutes=m2)
    return begins, ends


def is_open(unit: Unit, now: datetime) -> bool:
    local = now.astimezone(STOCKHOLM)
    for day in (local.date() - timedelta(days=1), local.date()):
        if any(start <= local < end for start, end in _intervals(unit, day)):
            return True
    return False


def closes_at(unit: Unit, now: datetime) -> Optional[datetime]:
    """When an open unit closes (the end of the current interval), None when closed or always open."""
    local = now.astimezone(STOCKHOLM)
    end_at: Optional[datetime] = None
    for day in (local.date() - timedelta(days=1), local.date()):
        for start, end in _intervals(unit, day):
            if start <= local < end:
                end_at = end
    if end_at is None:
        return None
    following = next_opening(unit, end_at - timedelta(seconds=1), horizon_days=2, strictly_after=end_at)
    return None if following == end_at else end_at


def next_opening(unit: Unit, now: datetime, horizon_days: int = 14,
                 strictly_after: Optional[datetime] = None) -> Optional[datetime]:
    """The next time the unit opens (now if it is open), within the horizon."""
    local = now.astimezone(STOCKHOLM)
    if strictly_after is None and is_open(unit, local):
        return local
    after = strictly_after or local
    for offset in range(horizon_days + 1):
        for start, _ in sorted(_intervals(unit, local.date() + timedelta(days=offset))):
            if start >= after:
                return start
    return None
