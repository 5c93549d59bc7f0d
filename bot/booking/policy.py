"""What a triage result allows to be booked: whether at all, which visit types, and until when.

The triage's promise is kept here, in one place:
  112, akut       never a booking (the citizen must go or call now)
  samma_dag       only slots today; none left → an open närakut/jourmottagning or 1177 instead
  vardcentral     slots within `weekdays` weekdays; later ones only after an explicit warning
  egenvard        any slot within the horizon (the citizen may still want to be seen)
Visit types: the protocol's `visit_types`, and only a physical visit for babies under 6 months.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Optional

from bot.routing.hours import STOCKHOLM, is_holiday

BOOKABLE = ("samma_dag", "vardcentral", "egenvard")
PHYSICAL_ONLY_BANDS = ("spadbarn", "litet_barn")
DEFAULT_WEEKDAYS = 3


@dataclass(frozen=True)
class Policy:
    allowed: bool
    urgency: str
    modes: tuple[str, ...] = ()
    until: Optional[datetime] = None  # latest start without a warning; None = the unit's horizon
    today_only: bool = False
    worsening: str = ""


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), STOCKHOLM)


def weekdays_ahead(today: date, count: int) -> date:
    """The last of the next `count` weekdays after today (holidays do not count)."""
    day, seen = today, 0
    while seen < count:
        day += timedelta(days=1)
        if day.weekday() < 5 and not is_holiday(day):
            seen += 1
    return day


def policy_for(triage: Optional[dict[str, Any]], visit_types: tuple[str, ...], now: datetime,
               weekdays: int = DEFAULT_WEEKDAYS) -> Policy:
    """The booking policy of a triage payload (None: no triage yet → not allowed)."""
    urgency = (triage or {}).get("urgency", "")
    if urgency not in BOOKABLE:
        return Policy(False, urgency)
    band = ((triage or {}).get("subject") or {}).get("age_band")
    modes = ("fysiskt",) if band in PHYSICAL_ONLY_BANDS else tuple(visit_types) or ("fysiskt",)
    today = now.astimezone(STOCKHOLM).date()
    worsening = (triage or {}).get("worsening_advice") or ""
    if urgency == "samma_dag":
        return Policy(True, urgency, modes, _end_of(today), True, worsening)
    if urgency == "vardcentral":
        return Policy(True, urgency, modes, _end_of(weekdays_ahead(today, weekdays)), False, worsening)
    return Policy(True, urgency, modes, None, False, worsening)
