"""See, cancel and move bookings: only in the conversation that made them, or with code + personnummer."""
from __future__ import annotations

from bot.booking.desk import Desk
from bot.booking.identity import PersonnummerError, parse_personnummer
from bot.booking.payload import record_payload, visit_text
from bot.booking.policy import policy_for
from bot.booking.records import BookingRecord, normalise_reference, with_change
from bot.booking.search import begin_when, search
from bot.booking.turns import Context, State, Turn, range_of
from bot.messages import BotMessage

MAX_LOOKUPS = 3
NOT_FOUND = "Jag hittar ingen bokning med den koden och det personnumret."
GIVE_UP = ("Jag hittar ingen bokning. Kontrollera koden i bekräftelsen, eller ring mottagningen. "
           "Vid livshotande tillstånd, ring 112.")

def listing(bookings: list[BookingRecord], desk: Desk) -> list[BotMessage]:
    today = desk.now().date()
    lead = "Din kommande bokning:" if len(bookings) == 1 else f"Dina {len(bookings)} kommande bokningar:"
    out = [BotMessage(lead)]
    for record in bookings:
        unit = desk.unit(record.unit_id)
        out.append(BotMessage(f"{visit_text(record, unit, today)}. Bokningskod: {record.reference}.",
                              custom=record_payload(record, record.status, unit)))
    out.append(BotMessage("Vill du avboka eller flytta en tid, skriv \"avboka\" eller \"flytta min tid\"."))
    return out

async def lookup(desk: Desk, state: State, ctx: Context) -> Turn:
    """The citizen gives the booking code and the personnummer (in one message or two)."""
    ref = normalise_reference(ctx.text) or state.get("lookup_ref")
    if ref and not ctx.number:
        return Turn(state={**state, "lookup_ref": ref}).say("Skriv också personnumret för den som är bokad.")
    if not ref:
        return _retry(state, "Skriv bokningskoden också (den börjar med VL-), gärna i samma meddelande som "
                             "personnumret.")
    try:
        number = parse_personnummer(ctx.number or "", desk.now().date())
    except PersonnummerError as error:
        return _retry(state, error.message)
    record = await desk.book.find(ref, number.number)
    if record is None or not record.active:
        return _retry({**state, "lookup_ref": None}, NOT_FOUND)
    await desk.book.attach(record.reference, ctx.sender)
    if state["task"] == "show":
        return Turn(listing([record], desk))
    return await act_on(desk, {**state, "lookup_ref": None}, record)

def _retry(state: State, text: str) -> Turn:
    tries = state.get("tries", 0) + 1
    if tries >= MAX_LOOKUPS:
        return Turn().say(GIVE_UP)
    return Turn(state={**state, "tries": tries}).say(text)

async def act_on(desk: Desk, state: State, record: BookingRecord) -> Turn:
    """Cancel asks for a yes; move searches new times at the same unit, for the same kind of visit."""
    base = {**state, "ref": record.reference, "unit_id": record.unit_id, "unit_name": record.unit_name,
            "mode": record.mode, "label": visit_text(record, desk.unit(record.unit_id), desk.now().date())}
    if state["task"] == "cancel":
        return Turn(state={**base, "step": "confirm_cancel"})
    policy = policy_for(record.triage, (record.mode,), desk.now(), desk.weekdays)
    base.update({"triage": record.triage, "modes": [record.mode], "today_only": policy.today_only,
                 "until": policy.until.isoformat() if policy.until else None, "worsening": policy.worsening})
    return await begin_when(desk, base)

async def cancel(desk: Desk, state: State, ctx: Context) -> Turn:
    record = await desk.book.owned_by(state["ref"], ctx.sender)
    if record is None or not record.active:
        return Turn().say("Den bokningen finns inte längre.")
    await desk.slots.release(record.slot_id, record.reference)
    now = desk.now()
    cancelled = with_change(record, "cancelled", now)
    await desk.book.save(cancelled, now)
    unit = desk.unit(record.unit_id)
    return Turn().say(f"Tiden är avbokad: {visit_text(record, unit, now.date())}. Tack – nu kan någon annan få "
                      "tiden. Vid livshotande tillstånd, ring 112.", custom=record_payload(cancelled, "cancelled", unit))

async def move(desk: Desk, state: State, ctx: Context) -> Turn:
    record = await desk.book.owned_by(state["ref"], ctx.sender)
    if record is None or not record.active:
        return Turn().say("Den bokningen finns inte längre.")
    slot, now = state["slot"], desk.now()
    if not await desk.slots.move(record.slot_id, slot["id"], record.reference):
        retry = await search(desk, {**state, "step": "when"}, range_of(state["range"]), announce=False)
        return Turn().say("Tiden hann tyvärr bokas av någon annan. Här är nya förslag.").then(retry)
    moved = with_change(record, "moved", now, slot_id=slot["id"], start=slot["start"], end=slot["end"])
    await desk.book.save(moved, now)
    unit = desk.unit(record.unit_id)
    return Turn().say(f"Klart! Din tid är flyttad till {visit_text(moved, unit, now.date())}. Bokningskoden är "
                      f"densamma: {moved.reference}. Vid livshotande tillstånd, ring 112.",
                      custom=record_payload(moved, "moved", unit))

