"""Check every region file: python -m bot.routing.validate"""
from __future__ import annotations

import sys

from bot.routing.model import REGION_DIR, RegionError, load_file


def main() -> int:
    bad = 0
    files = sorted(REGION_DIR.glob("*.yml"))
    for path in files:
        try:
            region = load_file(path)
        except RegionError as exc:
            bad += 1
            print(f"FEL  {exc}")
            continue
        print(f"ok   {path.name}: {len(region.units)} enheter")
    print(f"{len(files) - bad}/{len(files)} regioner giltiga")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
