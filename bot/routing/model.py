"""Regions and care units, loaded from YAML and validated. Errors name the file, unit and field."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.datafiles import read_yaml_object
from bot.schema_check import first_error

HERE = Path(__file__).parent
REGION_DIR = HERE / "regions"
SCHEMA = json.loads((HERE / "region.schema.json").read_text(encoding="utf-8"))
GROUPS = ("vuxen", "barn", "gravid_tidig", "gravid_sen", "psykisk", "tand")


class RegionError(ValueError):
    """A region file is invalid; the message names the file, the unit and the field."""


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    address: str
    lat: float
    lon: float
    phone: str
    example_data: bool
    bookable: bool
    digital: tuple[str, ...]
    hours: dict[str, tuple[str, ...]]
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    booking_url: str | None = None
    region: str = ""


@dataclass(frozen=True, eq=False)
class Region:
    id: str
    name: str
    units: tuple[Unit, ...]
    routing: dict[str, dict[str, dict[str, tuple[str, ...]]]]
    forlossning_from_week: int = 22


def _unit(raw: dict[str, Any], region: str) -> Unit:
    return Unit(
        id=raw["id"], name=raw["name"], type=raw["type"], address=raw["address"], lat=raw["lat"], lon=raw["lon"],
        phone=raw["phone"], example_data=raw["example_data"], bookable=raw["bookable"], digital=tuple(raw["digital"]),
        hours={day: tuple(v) for day, v in raw["hours"].items()},
        exceptions={str(day): tuple(v) for day, v in (raw.get("exceptions") or {}).items()},
        groups=tuple(raw.get("groups", ())), booking_url=raw.get("booking_url"), region=region,
    )


def _where(path: Path, data: dict[str, Any], problem: str) -> str:
    """Name the unit when the error is inside one: 'file: unit X: field: message'."""
    parts = problem.split("/", 2)
    if parts[0] == "units" and len(parts) > 1 and parts[1].split(":")[0].isdigit():
        index = int(parts[1].split(":")[0])
        unit_id = (data.get("units") or [{}])[index].get("id", f"#{index}") if index < len(data.get("units") or []) else index
        rest = parts[2] if len(parts) > 2 else parts[1].split(":", 1)[1].strip()
        return f"{path.name}: unit {unit_id}: {rest}"
    return f"{path.name}: {problem}"


def parse(data: dict[str, Any], path: Path) -> Region:
    problem = first_error(SCHEMA, data)
    if problem:
        raise RegionError(_where(path, data, problem))
    if data["region"] != path.stem:
        raise RegionError(f"{path.name}: region: '{data['region']}' ska vara samma som filnamnet")
    ids = [u["id"] for u in data["units"]]
    if len(ids) != len(set(ids)):
        raise RegionError(f"{path.name}: units: dubbla id:n")
    present = {u["type"] for u in data["units"]}
    for urgency, groups in data["routing"].items():
        for group, periods in groups.items():
            for period, types in periods.items():
                if not set(types) & present:
                    raise RegionError(f"{path.name}: routing/{urgency}/{group}/{period}: ingen enhet av typerna {types}")
    units = tuple(_unit(u, data["region"]) for u in data["units"])
    routing = {u: {g: {p: tuple(t) for p, t in ps.items()} for g, ps in gs.items()} for u, gs in data["routing"].items()}
    return Region(data["region"], data["name"], units, routing, data.get("forlossning_from_week", 22))


def load_file(path: Path) -> Region:
    return parse(read_yaml_object(path, RegionError), path)


@lru_cache(maxsize=4)
def load_all(directory: Path = REGION_DIR) -> dict[str, Region]:
    regions = {r.id: r for r in (load_file(p) for p in sorted(directory.glob("*.yml")))}
    seen: set[str] = set()
    for region in regions.values():
        for unit in region.units:
            if unit.id in seen:
                raise RegionError(f"{region.id}.yml: unit {unit.id}: id finns redan i en annan region")
            seen.add(unit.id)
    return regions


@lru_cache(maxsize=1)
def counties() -> dict[str, dict[str, str]]:
    """Geonames admin1 code → {region, name} for all 21 regions."""
    return yaml.safe_load((HERE / "counties.yml").read_text(encoding="utf-8"))


def region_name(region_id: str) -> str:
    return next((c["name"] for c in counties().values() if c["region"] == region_id), region_id)
