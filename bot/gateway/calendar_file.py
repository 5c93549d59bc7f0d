"""GET /bokning/{ref}.ics?t=… — the booked visit as a calendar file.

The link is in the confirmation (the `booking` payload's `calendar_url`). The token is the record's own
random calendar token, compared in constant time; a wrong or missing one gets 404, like an unknown code,
so the endpoint says nothing about which codes exist.
"""
from __future__ import annotations

import hmac
from datetime import datetime

from fastapi import APIRouter, Request, Response

from bot.booking.calendar import ics
from bot.booking.records import BookingBook
from bot.booking.texts import MODE_NAMES
from bot.routing.hours import STOCKHOLM
from bot.routing.model import load_all

router = APIRouter()
NOT_FOUND = "Kalenderfilen finns inte. Kontrollera länken i bokningsbekräftelsen."


def _location(unit_id: str, mode: str) -> str:
    unit = next((u for region in load_all().values() for u in region.units if u.id == unit_id), None)
    if mode == "fysiskt" and unit is not None:
        return f"{unit.name}, {unit.address}"
    return MODE_NAMES.get(mode, mode).capitalize()


@router.get("/bokning/{ref}.ics")
async def calendar_file(ref: str, request: Request, t: str = "") -> Response:
    record = await BookingBook(request.app.state.redis).get(ref) if len(ref) <= 16 else None
    if record is None or not t or not hmac.compare_digest(record.calendar_token.encode(), t.encode()):
        return Response(NOT_FOUND, status_code=404, media_type="text/plain; charset=utf-8")
    body = ics(record, _location(record.unit_id, record.mode), datetime.now(STOCKHOLM))
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="vardbesok-{record.reference}.ics"',
        "Cache-Control": "no-store"})
