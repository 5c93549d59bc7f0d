"""Which part of the week it is, for the regions' routing rules: dag, kvall, natt or helg."""
from __future__ import annotations

from datetime import datetime

from bot.routing.hours import STOCKHOLM, is_holiday


def period(now: datetime) -> str:
    local = now.astimezone(STOCKHOLM)
    if local.hour >= 22 or local.hour < 8:
        return "natt"
    if local.weekday() >= 5 or is_holiday(local.date()):
        return "helg"
    return "dag" if local.hour < 17 else "kvall"
