"""Which units a citizen can book at: bookable, of the kind the complaint needs, near where they are."""
from __future__ import annotations

from typing import Any, Optional

from bot.booking.schedule import Schedules
from bot.routing.engine import group_for
from bot.routing.model import Region, Unit
from bot.routing.places import distance_km

MAX_KM = 60.0
MAX_CHOICES = 3
# The kind of unit that takes booked visits for each patient group of the routing rules.
BOOKING_TYPES = {
    "vuxen": ("vardcentral",),
    "barn": ("vardcentral", "bvc"),
    "psykisk": ("vardcentral", "ungdomsmottagning"),
    "tand": ("tandvard",),
    "gravid_tidig": ("barnmorskemottagning", "vardcentral"),
    "gravid_sen": ("barnmorskemottagning",),
}


def booking_group(triage: dict[str, Any]) -> str:
    subject = triage.get("subject") or {}
    return group_for(subject.get("age_band", "vuxen"), subject.get("pregnant"), None, triage.get("protocol_id"))


def bookable_units(triage: dict[str, Any], place: Optional[dict[str, Any]], regions: dict[str, Region],
                   schedules: Schedules, modes: tuple[str, ...]) -> list[Unit]:
    """Up to three units, nearest first, that offer at least one of `modes`. Without coordinates: the
    units of the place's region."""
    types = BOOKING_TYPES.get(booking_group(triage), ("vardcentral",))
    lat, lon = (place or {}).get("lat"), (place or {}).get("lon")
    found: list[tuple[int, float, str, Unit]] = []
    for region in regions.values():
        for unit in region.units:
            schedule = schedules.for_unit(unit) if unit.type in types else None
            if schedule is None or not any(schedule.mode(m) for m in modes):
                continue
            if lat is not None and lon is not None:
                distance = distance_km(lat, lon, unit.lat, unit.lon)
                if distance > MAX_KM:
                    continue
            elif region.id != (place or {}).get("region"):
                continue
            else:
                distance = 0.0
            found.append((types.index(unit.type), distance, unit.id, unit))
    found.sort(key=lambda row: (row[1] + row[0] * 10.0, row[2]))
    return [row[3] for row in found[:MAX_CHOICES]]


def offered_modes(unit: Unit, schedules: Schedules, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The allowed visit types this unit has, in the order the protocol lists them."""
    schedule = schedules.for_unit(unit)
    return tuple(m for m in allowed if schedule is not None and schedule.mode(m)) if schedule else ()
