"""Care routing in the conversation, in plain Python: what the bot says (actions/routing.py adapts it)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Optional

from bot.messages import BotMessage
from bot.routing.engine import Request, group_for, route
from bot.routing.model import load_all
from bot.routing.places import Place, find_place, place_at
from bot.routing.present import card, reply_text, services_for, wanted_time, wanted_types, worsening_hint

PLACE_NOT_FOUND = "Jag hittade inte den orten. Skriv gärna namnet på närmaste stad eller tätort."
SV_DAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
SKIP_WORDS = ("hoppa over", "vet inte", "nej tack", "vill inte", "skippa")


def place_from(text: str, metadata: Optional[dict[str, Any]] = None, bare: bool = True) -> Optional[dict[str, Any]]:
    """The place from the browser's geolocation (metadata {"geo": {"lat", "lon"}}) or from the text."""
    geo = (metadata or {}).get("geo") if isinstance(metadata, dict) else None
    if isinstance(geo, dict):
        place = place_at(geo.get("lat"), geo.get("lon"))
        if place is not None:
            return asdict(place)
    place = find_place(text, bare)
    return asdict(place) if place else None


def _place(data: Optional[dict[str, Any]]) -> Optional[Place]:
    return Place(**data) if data else None


def pregnancy_week(subject: Optional[dict[str, Any]], answers: Optional[dict[str, Any]]) -> Optional[int]:
    """The pregnancy week from what the citizen wrote, or from the pregnancy protocol's week answer."""
    if subject and subject.get("pregnancy_week"):
        return int(subject["pregnancy_week"])
    value = ((answers or {}).get("vecka") or {}).get("value")
    return int(value) if isinstance(value, (int, float)) else None


def for_triage(triage: dict[str, Any], place_data: dict[str, Any], now: datetime,
               week: Optional[int] = None) -> BotMessage:
    """Units that fit a triage result, near the citizen, open now or next."""
    place = _place(place_data)
    age_band = triage["subject"].get("age_band", "okand")
    pregnant = triage["subject"].get("pregnant") or (True if week else None)
    group = group_for(age_band, pregnant, week, triage.get("protocol_id"))
    request = Request(triage["urgency"], group, place.lat if place else None, place.lon if place else None,
                      place.region if place else None, now)
    regions = load_all()
    result = route(request, regions)
    text = reply_text(result, services_for(triage.get("protocol_id"), triage["urgency"]))
    hint = worsening_hint(request, regions) if triage["urgency"] in ("samma_dag", "vardcentral", "egenvard") else None
    if hint and result.units:
        text += "\n" + hint
    return BotMessage(text, custom={"care_units": [card(u) for u in result.units]})


def for_question(text: str, place_data: Optional[dict[str, Any]], now: datetime) -> Optional[BotMessage]:
    """"var finns närmaste närakut som är öppen nu", "vilken vårdcentral har öppet i Lund på lördag"."""
    place = find_place(text) or _place(place_data)
    if place is None:
        return None
    types = wanted_types(text) or ("narakut", "vardcentral", "jourmottagning")
    when = wanted_time(text, now)
    urgency = "akut" if set(types) & {"akutmottagning", "barnakut"} else "samma_dag"
    request = Request(urgency, "vuxen", place.lat, place.lon, place.region, when, unit_types=types)
    result = route(request, load_all())
    prefix = "" if when == now else f"För {SV_DAYS[when.weekday()]} {when:%-d/%-m} kl {when:%H}: "
    return BotMessage(prefix + reply_text(result), custom={"care_units": [card(u) for u in result.units]})
