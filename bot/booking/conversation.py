"""The booking conversation as a state machine in plain Python: book, see, cancel and move a visit.

The state is a JSON-able dict kept by the caller (a Rasa slot). `start_booking` / `start_manage` open a
conversation, `answer` takes the citizen's next message and `questions.question` says what to ask in the
current step. Each returns a `Turn`: the messages to send now and the next state (None: it is over).

Steps: place → unit → mode → when [→ late_ok] → pick → confirm → name → pnr     (book)
       [lookup →] [choose →] confirm_cancel | when → pick → confirm            (cancel, move; show lists)
The personnummer only arrives in `Context.number` (from the identity vault), is used at once and is
never put in the state.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from bot.booking import texts
from bot.booking.book import book_slot
from bot.booking.desk import Desk
from bot.booking.identity import MASK, IdentityError, clean_name
from bot.booking.manage import act_on, cancel, listing, lookup, move
from bot.booking.policy import policy_for
from bot.booking.records import BookingRecord
from bot.booking.search import asap, begin_when, search
from bot.booking.timeparse import asks_for_night, parse_range
from bot.booking.turns import Context, State, Turn, range_of
from bot.booking.units import bookable_units, offered_modes
from bot.messages import CLOSING
from bot.routing.dialogue import place_from
from bot.text.normalize import fold
from bot.text.yes_no import yes_no
from bot.triage.dialogue import protocols


def _triage_summary(triage: dict[str, Any]) -> dict[str, Any]:
    """What the clinician sees with the booking: why the citizen comes."""
    keep = ("urgency", "protocol_id", "protocol_title", "reason_text", "decided_by", "worsening_advice", "subject")
    return {k: triage[k] for k in keep if k in triage}


def _visit_types(protocol_id: str) -> tuple[str, ...]:
    protocol = protocols().get(protocol_id)
    return protocol.visit_types if protocol else ("fysiskt",)


class BookingConversation:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    async def start_booking(self, ctx: Context) -> Turn:
        """Book after a triage result (the caller runs a triage first when there is none)."""
        triage = ctx.triage or {}
        policy = policy_for(triage, _visit_types(triage.get("protocol_id", "")), self.desk.now(), self.desk.weekdays)
        if not policy.allowed:
            return Turn().say(not_bookable(triage))
        state: State = {"task": "book", "triage": _triage_summary(triage), "modes": list(policy.modes),
                        "until": policy.until.isoformat() if policy.until else None,
                        "today_only": policy.today_only, "worsening": policy.worsening}
        if not ctx.place:
            return Turn(state={**state, "step": "place"})
        return await self._after_place(state, ctx.place)

    async def start_manage(self, ctx: Context, task: str) -> Turn:
        """"mina bokningar" (show), "avboka" (cancel), "flytta min tid" (move)."""
        now = self.desk.now()
        bookings = [r for r in await self.desk.book.for_sender(ctx.sender)
                    if r.active and datetime.fromisoformat(r.end) > now]
        if not bookings:
            return Turn(state={"task": task, "step": "lookup", "tries": 0}).say(
                "Jag hittar ingen kommande bokning i den här konversationen.")
        if task == "show":
            return Turn(listing(bookings, self.desk))
        if len(bookings) == 1:
            return await act_on(self.desk, {"task": task}, bookings[0])
        return Turn(state={"task": task, "step": "choose", "bookings": _booking_options(bookings, now)})

    async def answer(self, state: State, ctx: Context) -> Turn:
        if texts.wants_to_stop(ctx.text):
            return Turn().say(texts.STOPPED)
        handler = getattr(self, f"_on_{state.get('step')}", None)
        return await handler(state, ctx) if handler else Turn()

    # ---- one handler per step -----------------------------------------------------------------------

    async def _on_place(self, state: State, ctx: Context) -> Turn:
        place = ctx.place or place_from(ctx.text)
        if place is None:
            return Turn(state=state).say("Jag hittade inte den orten. Skriv namnet på staden eller orten där du "
                                         "vill ha din tid.")
        return await self._after_place(state, place)

    async def _on_unit(self, state: State, ctx: Context) -> Turn:
        chosen = texts.choice_from(ctx.text, state["units"]) or _named(ctx.text, state["units"])
        if chosen is None:
            return Turn(state=state).say("Välj en av mottagningarna.")
        return await self._after_unit(state, chosen["id"])

    async def _on_mode(self, state: State, ctx: Context) -> Turn:
        mode = texts.mode_from(ctx.text, tuple(state["choices"]))
        if mode is None:
            return Turn(state=state).say("Jag förstod inte vilken sorts besök du vill ha.")
        return await begin_when(self.desk, {**state, "mode": mode})

    async def _on_when(self, state: State, ctx: Context) -> Turn:
        wish = parse_range(ctx.text, self.desk.now())
        if wish is None:
            why = ("Vi har inga tider på natten." if asks_for_night(ctx.text)
                   else "Jag förstod inte vilken dag eller tid du menar.")
            return Turn(state=state).say(f"{why} Skriv till exempel \"i morgon förmiddag\", \"på fredag efter "
                                         "lunch\" eller \"första lediga tid\".")
        return await search(self.desk, state, wish, announce=True)

    async def _on_late_ok(self, state: State, ctx: Context) -> Turn:
        agreed = yes_no(ctx.text)
        if agreed is None:
            return await self._on_when({**state, "step": "when"}, ctx)
        if agreed:
            return await search(self.desk, {**state, "late_ok": True}, range_of(state["pending_range"]), announce=False)
        return await search(self.desk, {**state, "step": "when"}, asap(self.desk.now()), announce=True)

    async def _on_pick(self, state: State, ctx: Context) -> Turn:
        chosen = texts.choice_from(ctx.text, state["offered"])
        if chosen is not None:
            return Turn(state={**state, "step": "confirm", "slot": chosen})
        wish = parse_range(ctx.text, self.desk.now())
        if wish is not None:
            return await search(self.desk, state, wish, announce=True)
        return Turn(state=state).say("Välj en av tiderna, eller skriv en annan dag eller tid.")

    async def _on_confirm(self, state: State, ctx: Context) -> Turn:
        agreed = yes_no(ctx.text)
        if agreed is None:
            return await self._on_pick({**state, "step": "pick"}, ctx)
        if not agreed:
            return Turn(state={**state, "step": "pick"}).say("Okej. Välj en annan tid, eller skriv när det passar.")
        if state["task"] == "move":
            return await move(self.desk, state, ctx)
        return Turn(state={**state, "step": "name", "tries": 0})

    async def _on_name(self, state: State, ctx: Context) -> Turn:
        try:
            name = clean_name(ctx.text.replace(MASK, " "))
        except IdentityError as error:
            return Turn(state=state).say(error.message)
        state = {**state, "name": name, "step": "pnr"}
        return await book_slot(self.desk, state, ctx) if ctx.number else Turn(state=state)

    async def _on_pnr(self, state: State, ctx: Context) -> Turn:
        return await book_slot(self.desk, state, ctx)

    async def _on_lookup(self, state: State, ctx: Context) -> Turn:
        return await lookup(self.desk, state, ctx)

    async def _on_choose(self, state: State, ctx: Context) -> Turn:
        chosen = texts.choice_from(ctx.text, state["bookings"])
        if chosen is None:
            return Turn(state=state).say("Välj en av bokningarna.")
        record = await self.desk.book.owned_by(chosen["id"], ctx.sender)
        if record is None:
            return Turn().say(f"Jag hittar inte den bokningen längre. {CLOSING}")
        return await act_on(self.desk, state, record)

    async def _on_confirm_cancel(self, state: State, ctx: Context) -> Turn:
        agreed = yes_no(ctx.text)
        if agreed is None:
            return Turn(state=state).say("Svara ja om du vill avboka tiden, annars nej.")
        if not agreed:
            return Turn().say("Okej, tiden ligger kvar.")
        return await cancel(self.desk, state, ctx)

    # ---- steps that need no answer ------------------------------------------------------------------

    async def _after_place(self, state: State, place: dict[str, Any]) -> Turn:
        units = bookable_units(state["triage"], place, self.desk.regions, self.desk.schedules, tuple(state["modes"]))
        if not units:
            return Turn().say(_no_unit_text(state, place.get("name", "")))
        if len(units) == 1:
            return await self._after_unit(state, units[0].id)
        listed = [{"id": u.id, "label": u.name, "button": u.name, "clock": ""} for u in units]
        return Turn(state={**state, "step": "unit", "units": listed})

    async def _after_unit(self, state: State, unit_id: str) -> Turn:
        unit = self.desk.unit(unit_id)
        modes = offered_modes(unit, self.desk.schedules, tuple(state["modes"])) if unit else ()
        if unit is None or not modes:
            return Turn().say(f"Den mottagningen har inga tider som passar. {CLOSING}")
        state = {**state, "unit_id": unit.id, "unit_name": unit.name}
        if len(modes) == 1:
            return await begin_when(self.desk, {**state, "mode": modes[0]})
        return Turn(state={**state, "step": "mode", "choices": list(modes)})


def _booking_options(bookings: list[BookingRecord], now: datetime) -> list[dict[str, str]]:
    return [{"id": r.reference, "clock": "", "label": r.reference,
             "button": f"{texts.short_label(datetime.fromisoformat(r.start), now.date())} {r.unit_name}"}
            for r in bookings]


def _named(text: str, units: list[dict[str, Any]]) -> Optional[dict[str, Any]]:
    folded = fold(text)
    hits = [u for u in units if any(word in folded for word in fold(u["label"]).split() if len(word) > 4)]
    return hits[0] if len(hits) == 1 else None


def not_bookable(triage: dict[str, Any]) -> str:
    urgency = triage.get("urgency")
    if urgency == "112":
        return "Jag bokar ingen tid: det du har berättat kan vara livshotande. Ring 112 nu."
    if urgency == "akut":
        return ("Jag bokar ingen tid: du behöver komma till en akutmottagning nu, inte vänta på en bokad tid. "
                "Är det livshotande, ring 112.")
    return f"Jag kan inte boka en tid utan att först veta vad det gäller. {CLOSING}"


def _no_unit_text(state: State, place_name: str) -> str:
    where = f" nära {place_name}" if place_name else ""
    if state.get("today_only"):
        return (f"Jag kan inte boka en tid åt dig{where}. Du behöver vård i dag: sök dig till en vårdcentral, "
                "närakut eller jourmottagning som är öppen, eller ring 1177. Vid livshotande tillstånd, ring 112.")
    return (f"Jag hittar ingen mottagning{where} där jag kan boka en tid åt dig. Ring din vårdcentral eller 1177. "
            "Vid livshotande tillstånd, ring 112.")
