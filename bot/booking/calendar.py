"""An iCalendar (RFC 5545) file for a booked visit: what the citizen adds to their phone's calendar.

It names the visit, the unit and the place, and says how to cancel; it never holds the personnummer,
the name or the complaint (a calendar is often shared or synced to other services).
"""
from __future__ import annotations

from datetime import datetime, timezone

from bot.booking.records import BookingRecord
from bot.booking.texts import MODE_NAMES

PRODID = "-//Vardlotsen//Bokning//SV"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1), never inside a character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def ics(record: BookingRecord, location: str, now: datetime) -> str:
    """The .ics text (CRLF line ends). A cancelled booking gives METHOD:CANCEL, so calendars remove it."""
    cancelled = record.status == "cancelled"
    summary = f"Vårdbesök: {MODE_NAMES.get(record.mode, record.mode)} – {record.unit_name}"
    description = (f"Bokningskod {record.reference}. Avboka eller flytta i chatten med koden och ditt "
                   "personnummer, eller ring mottagningen. Vid livshotande tillstånd, ring 112.")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{record.reference}@vardlotsen",
        f"SEQUENCE:{len(record.history)}",
        f"DTSTAMP:{_utc(now.isoformat())}",
        f"DTSTART:{_utc(record.start)}",
        f"DTEND:{_utc(record.end)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if not cancelled:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", f"DESCRIPTION:{_escape(summary)}", "END:VALARM"]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
