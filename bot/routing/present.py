"""Routing results as the `care_units` payload (contract) and a short Swedish reply."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, Optional

from bot.messages import CLOSING
from bot.routing import hours
from bot.routing.engine import RankedUnit, Request, Routing, national, route
from bot.routing.model import Region
from bot.text.normalize import fold


def card(ranked: RankedUnit) -> dict[str, Any]:
    unit = ranked.unit
    return {
        "id": unit.id, "name": unit.name, "type": unit.type, "address": unit.address, "phone": unit.phone,
        "lat": unit.lat, "lon": unit.lon, "open_now": ranked.open_now,
        "opens_at": ranked.opens_at.isoformat() if ranked.opens_at and not ranked.open_now else None,
        "distance_km": ranked.distance_km, "digital": list(unit.digital), "bookable": unit.bookable,
        "example_data": unit.example_data, "why": ranked.why,
    }


def reply_text(result: Routing, extra_services: tuple[str, ...] = ()) -> str:
    lines = []
    if result.call_112:
        return national()["112"]["text"]
    if result.units:
        lines.append("Här kan du söka vård:")
        for n, ranked in enumerate(result.units, 1):
            example = " (exempeldata)" if ranked.unit.example_data and "exempel" not in ranked.unit.name.lower() else ""
            lines.append(f"{n}. {ranked.unit.name}{example} – {ranked.why}. Tel {ranked.unit.phone}.")
    lines += result.notes
    lines += [national()[key]["text"] for key in extra_services]
    if not result.units and not result.notes:
        lines.append(f"Jag hittar ingen passande enhet nära dig. {CLOSING}")
    return "\n".join(lines)


def services_for(protocol_id: Optional[str], urgency: str) -> tuple[str, ...]:
    """National services that belong with some outcomes."""
    if protocol_id == "forgiftning" and urgency != "112":
        return ("giftinformation",)
    if protocol_id in ("sjalvmordstankar", "angest_nedstamdhet") and urgency != "112":
        return ("sjalvmordslinjen",)
    return ()


def worsening_hint(request: Request, regions: dict[str, Region]) -> Optional[str]:
    """What will be open in the next hours if it gets worse: "närakuten X har öppet till 22, därefter Y"."""
    later = request.now + timedelta(hours=1)
    soon = route(Request("samma_dag", request.group, request.lat, request.lon, request.region, request.now), regions)
    night = route(Request("akut", request.group, request.lat, request.lon, request.region, later), regions)
    first = next((u for u in soon.units if u.open_now and u.closes_at), None)
    last = next((u for u in night.units if u.open_now), None)
    if first is None and last is None:
        return None
    parts = []
    if first is not None:
        local = first.closes_at.astimezone(hours.STOCKHOLM)
        until = f"{local.hour}" if local.minute == 0 else f"{local.hour}.{local.minute:02d}"
        parts.append(f"{first.unit.name} har öppet till {until}")
    if last is not None and (first is None or last.unit.id != first.unit.id):
        parts.append(f"därefter {last.unit.name}" if parts else f"{last.unit.name} har öppet")
    return "Om det blir värre: " + ", ".join(parts) + ". Vid livshotande tillstånd, ring 112."


_TYPE_WORDS = [
    (r"\bnarakut", "narakut"), (r"\bvardcentral", "vardcentral"), (r"\bakuten\b|\bakutmottagning", "akutmottagning"),
    (r"\bbarnakut", "barnakut"), (r"\btandakut|\btandlakar", "tandakut"), (r"\bjourmottagning|\bjouren\b", "jourmottagning"),
    (r"\bpsykakut|\bpsykiatrisk", "psykiatrisk_akutmottagning"), (r"\bungdomsmottagning", "ungdomsmottagning"),
    (r"\bbvc\b", "bvc"), (r"\bbarnmorsk", "barnmorskemottagning"), (r"\bforlossning", "forlossning"), (r"\bgynakut", "gynakut"),
]
_WEEKDAYS = ["mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"]


def wanted_types(text: str) -> tuple[str, ...]:
    folded = fold(text)
    return tuple(kind for pattern, kind in _TYPE_WORDS if re.search(pattern, folded))


def wanted_time(text: str, now: datetime) -> datetime:
    """"på lördag" → that day at 10:00; "i kväll" → 19:00 today; otherwise now."""
    folded = fold(text)
    local = now.astimezone(hours.STOCKHOLM)
    for index, day in enumerate(_WEEKDAYS):
        if re.search(rf"\b{day}(en)?\b", folded):
            ahead = (index - local.weekday()) % 7
            return (local + timedelta(days=ahead)).replace(hour=10, minute=0, second=0, microsecond=0) if ahead else local
    if re.search(r"\bimorgon|\bi morgon", folded):
        return (local + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    if re.search(r"\bikvall|\bi kvall", folded) and local.hour < 19:
        return local.replace(hour=19, minute=0, second=0, microsecond=0)
    return local
