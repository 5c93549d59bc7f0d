"""Load every data file once at process start, so that no citizen waits for it and bad data fails early."""
from __future__ import annotations

import logging
import time

log = logging.getLogger("vardlotsen.warmup")


def warm() -> None:
    from bot.emergency.screen import screen
    from bot.routing.model import load_all as load_regions
    from bot.routing.places import gazetteer
    from bot.triage.loader import load_all as load_protocols

    started = time.perf_counter()
    protocols = load_protocols()
    regions = load_regions()
    places = gazetteer()
    screen("uppvärmning")
    log.info("warm protocols=%d regions=%d places=%d ms=%.0f", len(protocols), len(regions), len(places),
             (time.perf_counter() - started) * 1000)
