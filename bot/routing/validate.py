"""Check every region file: python -m bot.routing.validate"""
from __future__ import annotations

import sys

from bot.datafiles import check_all
from bot.routing.model import REGION_DIR, RegionError, load_file

if __name__ == "__main__":
    sys.exit(check_all(sorted(REGION_DIR.glob("*.yml")), load_file, RegionError,
                       lambda r: f"{len(r.units)} enheter", "regioner"))
