"""Bookable slots, generated from a unit's opening hours and its schedule. Pure: the clock is passed in.

A slot id is `{unit_id}:{mode}:{YYYYMMDDHHMM}:{lane}` with the start in Swedish local time and the lane
1..parallel (one per member of staff), e.g. `sk_lund_vaster_vc:video:202611241320:2`. Ids are stable: the
same configuration gives the same ids, so they can be offered as buttons and reserved later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator, Optional

from bot.booking.schedule import MODES, ModeConfig, UnitSchedule
from bot.routing.hours import STOCKHOLM, _intervals
from bot.routing.model import Unit

_ID = re.compile(r"^([a-z0-9_]+):(" + "|".join(MODES) + r"):(\d{12}):([1-9]\d{0,2})$")


@dataclass(frozen=True)
class Slot:
    id: str
    unit_id: str
    mode: str
    start: datetime  # Europe/Stockholm
    end: datetime
    lane: int


@dataclass(frozen=True)
class SlotRef:
    """What a slot id says by itself (the end needs the schedule or the store)."""

    unit_id: str
    mode: str
    start: datetime
    lane: int


def slot_id(unit_id: str, mode: str, start: datetime, lane: int) -> str:
    return f"{unit_id}:{mode}:{start.astimezone(STOCKHOLM):%Y%m%d%H%M}:{lane}"


def parse_slot_id(text: str) -> SlotRef:
    """The parts of a slot id; ValueError when it is not one."""
    match = _ID.match(text)
    if not match:
        raise ValueError(f"not a slot id: {text!r}")
    unit_id, mode, stamp, lane = match.groups()
    start = datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=STOCKHOLM)
    return SlotRef(unit_id, mode, start, int(lane))


def _real(moment: datetime) -> bool:
    """False for local times that do not exist or happen twice (the DST change nights), so ids stay unique."""
    utc = moment.astimezone(timezone.utc).astimezone(STOCKHOLM)
    return utc.replace(tzinfo=None) == moment.replace(tzinfo=None) and moment.replace(fold=1).utcoffset() == moment.utcoffset()


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, STOCKHOLM)


def _minus(span: tuple[datetime, datetime], holes: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """An interval with the (sorted) holes cut out."""
    pieces, cursor = [], span[0]
    for start, end in holes:
        if end <= cursor or start >= span[1]:
            continue
        if start > cursor:
            pieces.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < span[1]:
        pieces.append((cursor, span[1]))
    return pieces


def working_windows(unit: Unit, schedule: UnitSchedule, day: date) -> list[tuple[datetime, datetime]]:
    """The day's opening hours (weekday, holiday and eve rules, exceptions) minus the breaks."""
    breaks = [(_at(day, start), _at(day, end)) for start, end in schedule.breaks]
    return [piece for span in sorted(_intervals(unit, day)) for piece in _minus(span, breaks)]


def _mode_slots(unit_id: str, mode: ModeConfig, windows: list[tuple[datetime, datetime]]) -> Iterator[Slot]:
    step = timedelta(minutes=mode.length_min)
    for window_start, window_end in windows:
        start = window_start
        while start + step <= window_end:
            if _real(start):
                for lane in range(1, mode.parallel + 1):
                    yield Slot(slot_id(unit_id, mode.mode, start, lane), unit_id, mode.mode, start, start + step, lane)
            start += step


def day_slots(unit: Unit, schedule: UnitSchedule, day: date, modes: Optional[Iterable[str]] = None) -> list[Slot]:
    """Every slot of one day, ignoring the clock: what is materialised in Redis.

    `schedule` should come from `Schedules.for_unit(unit)` (which already leaves out what the unit does not offer).
    """
    wanted = set(modes) if modes is not None else set(MODES)
    windows = working_windows(unit, schedule, day)
    slots = [s for m in schedule.modes if m.mode in wanted for s in _mode_slots(unit.id, m, windows)]
    return sorted(slots, key=lambda s: (s.start, s.mode, s.lane))


def last_bookable_day(schedule: UnitSchedule, now: datetime) -> date:
    return now.astimezone(STOCKHOLM).date() + timedelta(days=schedule.horizon_days)


def not_before(schedule: UnitSchedule, now: datetime) -> datetime:
    """The earliest start that may still be booked."""
    return now + timedelta(minutes=schedule.min_notice_min)


def bookable_slots(unit: Unit, schedule: Optional[UnitSchedule], first: date, last: date, now: datetime,
                   modes: Optional[Iterable[str]] = None) -> list[Slot]:
    """Slots from `first` to `last` (inclusive) that can be booked at `now`: within the horizon and not
    sooner than the minimum notice. None for a schedule (a unit that is not bookable) gives none."""
    if schedule is None or not unit.bookable:
        return []
    today = now.astimezone(STOCKHOLM).date()
    first, last = max(first, today), min(last, last_bookable_day(schedule, now))
    earliest = not_before(schedule, now)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [s for day in days for s in day_slots(unit, schedule, day, modes) if s.start >= earliest]
