"""The last step of booking: identity, then the slot is reserved atomically and the record written."""
from __future__ import annotations

from bot.booking.desk import Desk
from bot.booking.identity import MASK, IdentityError
from bot.booking.payload import record_payload, visit_text, where_text
from bot.booking.records import BookingRecord, new_reference
from bot.booking.search import search
from bot.booking.turns import Context, State, Turn, range_of

MAX_TRIES = 3
UNREADABLE = "Jag kunde inte läsa numret. Skriv personnumret en gång till (ÅÅÅÅMMDD-XXXX)."
TAKEN = "Tiden hann tyvärr bokas av någon annan medan vi pratade. Här är nya förslag."


async def book_slot(desk: Desk, state: State, ctx: Context) -> Turn:
    if ctx.number is None and MASK in ctx.text:
        return Turn(state=state).say(UNREADABLE)  # masked at the door but not in the vault (expired)
    try:
        identity = await desk.identity.identify(ctx.number or ctx.text, state["name"])
    except IdentityError as error:
        tries = state.get("tries", 0) + 1
        if tries >= MAX_TRIES:
            return Turn().say(f"{error.message} Jag bokar ingen tid nu. Ring mottagningen eller 1177 så får du hjälp. "
                              "Vid livshotande tillstånd, ring 112.")
        return Turn(state={**state, "tries": tries}).say(error.message)
    slot, now = state["slot"], desk.now()
    reference = new_reference()
    if not await desk.slots.reserve(slot["id"], reference):
        retry = await search(desk, {**state, "step": "when"}, range_of(state["range"]), announce=False)
        return Turn().say(TAKEN).then(retry)
    record = BookingRecord(
        reference=reference, status="confirmed", unit_id=state["unit_id"], unit_name=state["unit_name"],
        mode=state["mode"], slot_id=slot["id"], start=slot["start"], end=slot["end"], name=identity.name,
        personnummer=identity.personnummer.number, created=now.isoformat(timespec="seconds"),
        triage=state.get("triage") or {}, calendar_token=_token(),
    )
    if not await desk.book.create(record, ctx.sender, now):  # a reference clash: astronomically rare
        await desk.slots.release(slot["id"], reference)
        return Turn(state=state).say("Något gick fel när tiden skulle bokas. Skriv ja för att försöka igen.")
    return Turn().say(confirmed_text(desk, record), custom=record_payload(record, "confirmed", desk.unit(record.unit_id)))


def _token() -> str:
    import secrets

    return secrets.token_urlsafe(16)


def confirmed_text(desk: Desk, record: BookingRecord) -> str:
    unit = desk.unit(record.unit_id)
    worsening = (record.triage or {}).get("worsening_advice")
    lines = [f"Klart! Du har fått en tid: {visit_text(record, unit, desk.now().date())}.",
             f"Bokningskod: {record.reference}. {where_text(record, unit)}"]
    if worsening:
        lines.append(f"Blir du sämre innan dess: {worsening}")
    lines.append("Vill du avboka eller flytta tiden, skriv \"avboka\" eller \"flytta min tid\". "
                 "Vid livshotande tillstånd, ring 112.")
    return "\n".join(lines)



