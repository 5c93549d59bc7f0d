"""Per-unit schedule configuration for booking: visit types, slot lengths, staff, breaks, horizon.

`schedules.yml` holds a `default` and per-unit overrides (see docs/booking-slots.md). An override
replaces the default's fields; `modes` is merged per visit type, so `fysiskt: {parallel: 3}` keeps the
default length, and `video: false` drops the type for that unit. Errors name the file and the field.

What a unit actually offers also depends on the region data: a unit with `bookable: false` gets no
schedule at all, and a digital type is offered only when it is in the unit's `digital` list.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from bot.datafiles import read_yaml_object
from bot.routing.model import Unit, load_all
from bot.schema_check import first_error

HERE = Path(__file__).parent
SCHEDULES_FILE = HERE / "schedules.yml"
SCHEMA = json.loads((HERE / "schedules.schema.json").read_text(encoding="utf-8"))
MODES = ("video", "telefon", "chatt", "fysiskt")
DIGITAL = frozenset({"video", "telefon", "chatt"})


class ScheduleError(ValueError):
    """The schedule file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class ModeConfig:
    mode: str
    length_min: int
    parallel: int  # staff seeing patients of this type at the same time: parallel slots per start time


@dataclass(frozen=True)
class UnitSchedule:
    horizon_days: int  # bookable days after today (0 = today only)
    min_notice_min: int  # no slot starts sooner than this after now
    breaks: tuple[tuple[time, time], ...]  # lunch and other breaks, every day
    modes: tuple[ModeConfig, ...]

    def mode(self, name: str) -> Optional[ModeConfig]:
        return next((m for m in self.modes if m.mode == name), None)

    def offered_by(self, unit: Unit) -> UnitSchedule:
        """Only the types the unit has: digital ones must be in its `digital` list; fysiskt always."""
        kept = tuple(m for m in self.modes if m.mode not in DIGITAL or m.mode in unit.digital)
        return UnitSchedule(self.horizon_days, self.min_notice_min, self.breaks, kept)


@dataclass(frozen=True, eq=False)
class Schedules:
    default: UnitSchedule
    overrides: Mapping[str, UnitSchedule]  # unit id → the merged schedule

    def settings(self, unit_id: str) -> UnitSchedule:
        """The configured schedule for a unit id, before the region data is consulted."""
        return self.overrides.get(unit_id, self.default)

    def for_unit(self, unit: Unit) -> Optional[UnitSchedule]:
        """What the unit offers; None when it is not bookable (akutmottagning and the like)."""
        if not unit.bookable:
            return None
        return self.settings(unit.id).offered_by(unit)


def _clock(text: str) -> time:
    hour, minute = map(int, text.split(":"))
    return time(hour, minute)


def _breaks(raw: list[str], where: str) -> tuple[tuple[time, time], ...]:
    spans = []
    for index, text in enumerate(raw):
        start, end = (_clock(t) for t in text.split("-"))
        if end <= start:
            raise ScheduleError(f"{where}/breaks/{index}: '{text}' slutar inte efter att den börjar")
        spans.append((start, end))
    return tuple(sorted(spans))


def _modes(raw: Mapping[str, Any], where: str) -> tuple[ModeConfig, ...]:
    modes = []
    for name in MODES:
        value = raw.get(name, False)
        if value is False:
            continue
        for field in ("length_min", "parallel"):
            if field not in value:
                raise ScheduleError(f"{where}/modes/{name}: {field} saknas (och finns inte i default)")
        modes.append(ModeConfig(name, value["length_min"], value["parallel"]))
    return tuple(modes)


def _build(raw: Mapping[str, Any], where: str) -> UnitSchedule:
    return UnitSchedule(raw["horizon_days"], raw["min_notice_min"], _breaks(raw["breaks"], where), _modes(raw["modes"], where))


def _merge(default: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = {**default, **{k: v for k, v in override.items() if k != "modes"}}
    modes = dict(default["modes"])
    for name, value in (override.get("modes") or {}).items():
        base = modes.get(name) or {}
        modes[name] = False if value is False else {**base, **value}
    merged["modes"] = modes
    return merged


def _check_units(name: str, raw_units: Mapping[str, Any], units: Iterable[Unit]) -> None:
    """Overrides must name a known, bookable unit and only digital types that the unit has."""
    known = {u.id: u for u in units}
    for unit_id, override in raw_units.items():
        unit = known.get(unit_id)
        if unit is None:
            raise ScheduleError(f"{name}: units/{unit_id}: ingen sådan enhet i regionfilerna")
        if not unit.bookable:
            raise ScheduleError(f"{name}: units/{unit_id}: enheten har bookable: false i regionfilen")
        for mode, value in (override.get("modes") or {}).items():
            if value is not False and mode in DIGITAL and mode not in unit.digital:
                raise ScheduleError(f"{name}: units/{unit_id}/modes/{mode}: enheten har inte {mode} i sin digital-lista")


def parse(data: dict[str, Any], path: Path, units: Optional[Iterable[Unit]] = None) -> Schedules:
    """Validate and merge; with `units`, also check the overrides against the region data."""
    problem = first_error(SCHEMA, data)
    if problem:
        raise ScheduleError(f"{path.name}: {problem}")
    raw_units = data.get("units") or {}
    if units is not None:
        _check_units(path.name, raw_units, units)
    default = _build(data["default"], f"{path.name}: default")
    overrides = {uid: _build(_merge(data["default"], o), f"{path.name}: units/{uid}") for uid, o in raw_units.items()}
    return Schedules(default, overrides)


def load(path: Path = SCHEDULES_FILE, units: Optional[Iterable[Unit]] = None) -> Schedules:
    return parse(read_yaml_object(path, ScheduleError), path, units)


@lru_cache(maxsize=1)
def shipped() -> Schedules:
    """The shipped schedules.yml, checked against the shipped region data. Call at start-up, not import."""
    return load(SCHEDULES_FILE, [u for region in load_all().values() for u in region.units])
