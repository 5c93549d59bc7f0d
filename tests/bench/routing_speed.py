"""Benchmark: routing one request with 21 regions' worth of synthetic units (target ≤ 5 ms).

Synthetic load data is generated here (not shipped): 21 regions × 60 units around real county seats.
"""
from __future__ import annotations

import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.routing.engine import Request, route
from bot.routing.hours import STOCKHOLM
from bot.routing.model import counties, parse

TYPES = ["vardcentral", "narakut", "jourmottagning", "akutmottagning", "barnakut", "tandakut",
         "psykiatrisk_akutmottagning", "forlossning", "gynakut"]
SEATS = [(59.33, 18.07), (57.71, 11.97), (55.60, 13.00), (63.18, 14.64), (65.58, 22.15), (63.83, 20.26),
         (62.39, 17.31), (60.67, 17.14), (60.61, 15.63), (59.38, 13.50), (59.27, 15.21), (59.61, 16.55),
         (59.86, 17.64), (58.41, 15.62), (57.78, 14.16), (56.88, 14.81), (56.66, 16.36), (56.16, 15.59),
         (56.67, 12.86), (57.64, 18.30), (59.37, 16.51)]


def synthetic_regions(rng: random.Random) -> dict:
    regions = {}
    for (_, info), (lat, lon) in zip(sorted(counties().items()), SEATS, strict=True):
        units = []
        for n in range(60):
            kind = TYPES[n % len(TYPES)]
            week = ["00:00-24:00"] if kind in ("akutmottagning", "barnakut", "forlossning") else ["08:00-17:00"]
            units.append({"id": f"{info['region']}_{n}", "name": f"Enhet {n}", "type": kind, "address": "Gatan 1",
                          "lat": lat + rng.uniform(-0.5, 0.5), "lon": lon + rng.uniform(-0.5, 0.5), "phone": "070-174 06 05",
                          "example_data": True, "bookable": False, "digital": [],
                          "hours": {d: week for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday")}})
        periods = {p: TYPES[:4] for p in ("dag", "kvall", "natt", "helg")}
        by_group = {g: periods for g in ("vuxen", "barn", "gravid_tidig", "gravid_sen", "psykisk", "tand")}
        data = {"region": info["region"], "name": info["name"], "units": units,
                "routing": {u: by_group for u in ("akut", "samma_dag", "vardcentral", "egenvard")}}
        regions[info["region"]] = parse(data, Path(f"{info['region']}.yml"))
    return regions


def main() -> None:
    rng = random.Random(1)
    regions = synthetic_regions(rng)
    start = datetime(2026, 11, 25, 0, 0, tzinfo=STOCKHOLM)
    timings = []
    for _ in range(2000):
        lat, lon = rng.choice(SEATS)
        region = rng.choice(list(regions))
        now = start + timedelta(minutes=rng.randrange(7 * 24 * 60))
        began = time.perf_counter()
        route(Request(rng.choice(["akut", "samma_dag", "vardcentral"]), "vuxen", lat, lon, region, now), regions)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    print(f"routing: {sum(len(r.units) for r in regions.values())} units in {len(regions)} regions; "
          f"n={len(timings)} median={statistics.median(timings):.2f} ms p95={timings[int(.95 * len(timings))]:.2f} ms "
          f"max={timings[-1]:.2f} ms (target ≤ 5 ms)")


if __name__ == "__main__":
    main()
