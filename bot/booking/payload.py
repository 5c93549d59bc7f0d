"""The `booking` payload (contract: ../shared/contract/payloads.schema.json) and the confirmation texts."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from bot.booking import texts
from bot.booking.records import BookingRecord
from bot.routing.model import Unit

VIDEO_LINK = "https://video.vardlotsen.example/{reference}"  # exempeldata, like the units


def calendar_path(record: BookingRecord) -> str:
    return f"/bokning/{record.reference}.ics?t={record.calendar_token}"


def place_of(mode: str, unit: Optional[Unit], reference: str = "") -> dict[str, str]:
    if mode == "fysiskt" and unit is not None:
        return {"address": unit.address}
    if mode == "video" and reference:
        return {"link": VIDEO_LINK.format(reference=reference)}
    return {}


def record_payload(record: BookingRecord, status: str, unit: Optional[Unit]) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "reference": record.reference, "unit_id": record.unit_id,
                            "unit_name": record.unit_name, "start": record.start, "end": record.end,
                            "mode": record.mode, **place_of(record.mode, unit, record.reference)}
    if status != "cancelled":
        body["calendar_url"] = calendar_path(record)
    return {"booking": body}


def offer_payload(state: dict[str, Any], unit: Optional[Unit]) -> dict[str, Any]:
    slot = state["slot"]
    body: dict[str, Any] = {"status": "offered", "unit_id": state["unit_id"], "unit_name": state["unit_name"],
                            "start": slot["start"], "end": slot["end"], "mode": state["mode"],
                            **place_of(state["mode"], unit)}
    if state.get("ref"):
        body["reference"] = state["ref"]
    return {"booking": body}


def visit_text(record: BookingRecord, unit: Optional[Unit], today: Any) -> str:
    start, end = datetime.fromisoformat(record.start), datetime.fromisoformat(record.end)
    return f"{texts.MODE_NAMES[record.mode]} med {record.unit_name} {texts.slot_label(start, end, today)}"


def where_text(record: BookingRecord, unit: Optional[Unit]) -> str:
    if record.mode == "fysiskt":
        address = unit.address if unit else "mottagningen"
        return f"Kom till {record.unit_name}, {address}, gärna tio minuter innan."
    if record.mode == "video":
        return f"Länk till videosamtalet: {VIDEO_LINK.format(reference=record.reference)}"
    if record.mode == "telefon":
        return f"{record.unit_name} ringer upp dig på den bokade tiden."
    return f"{record.unit_name} öppnar chatten i 1177 på den bokade tiden."
