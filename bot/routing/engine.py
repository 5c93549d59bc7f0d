"""Routing engine: (urgency, patient group, place, time, region data) → ranked units with reasons.

Plain Python; the clock is passed in. "112" never routes to a unit. A region without data gets an
honest message and national numbers; units from another region are listed only within 50 km.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from bot.routing import hours
from bot.routing.model import Region, Unit, region_name
from bot.routing.periods import period
from bot.routing.places import distance_km

NEIGHBOUR_KM = 50.0
TYPE_STEP_KM = 15.0  # a less preferred type wins when it is more than this much closer per step
MAX_UNITS = 3
TYPE_NAMES = {
    "vardcentral": "vårdcentral", "narakut": "närakut", "jourmottagning": "jourmottagning",
    "akutmottagning": "akutmottagning", "barnakut": "barnakut", "tandvard": "tandvård", "tandakut": "tandakut",
    "psykiatrisk_akutmottagning": "psykiatrisk akutmottagning", "ungdomsmottagning": "ungdomsmottagning",
    "bvc": "BVC", "barnmorskemottagning": "barnmorskemottagning", "forlossning": "förlossning", "gynakut": "gynakut",
}


@lru_cache(maxsize=1)
def national() -> dict[str, dict[str, str]]:
    return yaml.safe_load((Path(__file__).with_name("national.yml")).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Request:
    urgency: str
    group: str  # vuxen | barn | gravid_tidig | gravid_sen | psykisk | tand
    lat: Optional[float]
    lon: Optional[float]
    region: Optional[str]
    now: datetime
    unit_types: tuple[str, ...] = ()  # an explicit wish ("närakut"), else from the region's rules


@dataclass(frozen=True)
class RankedUnit:
    unit: Unit
    open_now: bool
    opens_at: Optional[datetime]
    closes_at: Optional[datetime]
    distance_km: Optional[float]
    why: str


@dataclass
class Routing:
    units: list[RankedUnit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    call_112: bool = False
    region_has_data: bool = True


def group_for(age_band: str, pregnant: Optional[bool], pregnancy_week: Optional[int], protocol_id: Optional[str],
              forlossning_from_week: int = 22) -> str:
    """The patient group of the routing rules, from the triage result."""
    if protocol_id in ("tandvark",):
        return "tand"
    if protocol_id in ("angest_nedstamdhet", "sjalvmordstankar"):
        return "psykisk"
    if pregnant:
        return "gravid_sen" if (pregnancy_week or 0) >= forlossning_from_week else "gravid_tidig"
    return "barn" if age_band in ("spadbarn", "litet_barn", "barn") else "vuxen"


def _types(request: Request, region: Region) -> tuple[str, ...]:
    if request.unit_types:
        return request.unit_types
    rules = region.routing.get(request.urgency) or region.routing["vardcentral"]
    return rules[request.group][period(request.now)]


def _distance(request: Request, unit: Unit) -> Optional[float]:
    if request.lat is None or request.lon is None:
        return None
    return round(distance_km(request.lat, request.lon, unit.lat, unit.lon), 1)


@lru_cache(maxsize=64)
def _bounds(region: Region) -> tuple[float, float, float, float]:
    lats = [u.lat for u in region.units]
    lons = [u.lon for u in region.units]
    return min(lats), max(lats), min(lons), max(lons)


def _may_be_near(region: Region, lat: float, lon: float) -> bool:
    """Cheap box test before distances: 50 km is < 0.5° latitude and < 1.1° longitude in Sweden."""
    south, north, west, east = _bounds(region)
    return south - 0.5 <= lat <= north + 0.5 and west - 1.1 <= lon <= east + 1.1


def _candidates(request: Request, regions: dict[str, Region]) -> list[tuple[Unit, tuple[str, ...]]]:
    out = []
    for region in regions.values():
        if region.id != request.region:
            if request.lat is None or request.lon is None or not _may_be_near(region, request.lat, request.lon):
                continue
        types = _types(request, region)
        for unit in region.units:
            if unit.type not in types or (unit.groups and request.group not in unit.groups):
                continue
            if region.id != request.region:
                distance = _distance(request, unit)
                if distance is None or distance > NEIGHBOUR_KM:
                    continue
            out.append((unit, types))
    return out


def _clock(moment: Optional[datetime], now: datetime, prefix: str = "kl ") -> str:
    """"kl 8", "kl 17.30", or "3/12 kl 8" for another day."""
    if moment is None:
        return ""
    local = moment.astimezone(hours.STOCKHOLM)
    day = "" if local.date() == now.astimezone(hours.STOCKHOLM).date() else f"{local.day}/{local.month} "
    clock = f"{local.hour}" if local.minute == 0 else f"{local.hour}.{local.minute:02d}"
    return f"{day}{prefix}{clock}"


def _why(ranked_open: bool, opens: Optional[datetime], closes: Optional[datetime], distance: Optional[float],
         nearest: bool, now: datetime, unit: Unit) -> str:
    parts = []
    if ranked_open:
        if closes:
            parts.append(f"öppen till {_clock(closes, now, prefix='')}")
        else:
            parts.append("öppen dygnet runt" if _always(unit) else "öppen nu")
    elif opens:
        parts.append(f"stängd nu, öppnar {_clock(opens, now)}")
    else:
        parts.append("stängd de närmaste två veckorna")
    if distance is not None:
        parts.append("närmast dig" if nearest else f"{distance:.0f} km bort".replace(".", ","))
    parts.append(TYPE_NAMES.get(unit.type, unit.type))
    return ", ".join(parts)


def _always(unit: Unit) -> bool:
    return all(unit.hours[d] == ("00:00-24:00",) for d in (*hours.DAYS, "holiday"))


def route(request: Request, regions: dict[str, Region]) -> Routing:
    """Ranked units, at most three: open first, then the region's preferred type weighed against distance."""
    if request.urgency == "112":
        return Routing(call_112=True, notes=[national()["112"]["text"]])
    result = Routing(region_has_data=request.region in regions)
    if not result.region_has_data and request.region:
        result.notes.append(f"Vi har inte uppgifter om vårdenheter i {region_name(request.region)} än. "
                            f"{national()['1177']['text']} {national()['112']['text']}")
    ranked = []
    for unit, types in _candidates(request, regions):
        is_open = hours.is_open(unit, request.now)
        ranked.append((not is_open, types.index(unit.type), _distance(request, unit) or 0.0, unit, is_open))
    ranked.sort(key=lambda r: (r[0], r[1] * TYPE_STEP_KM + r[2], r[3].id))
    distances = [r[2] for r in ranked if request.lat is not None]
    nearest = min(distances) if distances else None
    for _, _, distance, unit, is_open in ranked[:MAX_UNITS]:
        opens = None if is_open else hours.next_opening(unit, request.now)
        closes = hours.closes_at(unit, request.now) if is_open else None
        shown = distance if request.lat is not None else None
        why = _why(is_open, opens, closes, shown, shown is not None and shown == nearest, request.now, unit)
        result.units.append(RankedUnit(unit, is_open, opens, closes, shown, why))
    if result.units and not any(u.open_now for u in result.units):
        result.notes.append(f"Inget passande ställe är öppet just nu. {national()['1177']['text']} "
                            f"{national()['112']['text']}")
    return result
