"""Finding times to offer: the citizen's wish, kept inside what the triage allows."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from bot.booking import texts
from bot.booking.desk import Desk
from bot.booking.slots import Slot, last_bookable_day
from bot.booking.timeparse import ASAP_LABEL, TimeRange, day_label, parse_range
from bot.booking.turns import State, Turn, range_dict
from bot.messages import BotMessage
from bot.routing.hours import STOCKHOLM

SAME_DAY_ELSEWHERE = ("Du behöver vård i dag: sök dig till en vårdcentral, närakut eller jourmottagning som är "
                      "öppen – skriv \"var finns närmaste närakut\" så visar jag – eller ring 1177. "
                      "Vid livshotande tillstånd, ring 112.")


def asap(now: datetime) -> TimeRange:
    return parse_range("första lediga tid", now) or TimeRange(now, now + timedelta(days=3), ASAP_LABEL)


async def begin_when(desk: Desk, state: State) -> Turn:
    """After unit and visit type are known: a same-day need is offered today's times at once."""
    if not state.get("today_only"):
        return Turn(state={**state, "step": "when"})
    now = desk.now()
    today = TimeRange(now, datetime.fromisoformat(state["until"]), "i dag")
    turn = Turn().say("Du behöver vård i dag, så jag visar bara tider i dag.")
    return turn.then(await search(desk, {**state, "step": "when"}, today, announce=False))


def _looking_for(wish: TimeRange) -> str:
    return f"Jag letar efter {ASAP_LABEL}." if wish.label == ASAP_LABEL else f"Jag letar efter lediga tider {wish.label}."


def _horizon_end(desk: Desk, unit_id: str, now: datetime) -> datetime:
    last = last_bookable_day(desk.schedules.settings(unit_id), now)
    return datetime.combine(last + timedelta(days=1), datetime.min.time(), STOCKHOLM)


def _options(found: list[Slot], now: datetime) -> list[dict[str, str]]:
    today = now.date()
    return [{"id": s.id, "label": texts.slot_label(s.start, s.end, today), "button": texts.short_label(s.start, today),
             "clock": texts.clock(s.start), "start": s.start.isoformat(), "end": s.end.isoformat()} for s in found]


def _offer(turn: Turn, state: State, wish: TimeRange, found: list[Slot], now: datetime) -> Turn:
    return Turn(turn.messages, {**state, "step": "pick", "range": range_dict(wish), "offered": _options(found, now)})


def _late_warning(state: State, wish_label: str, now: datetime) -> str:
    until = datetime.fromisoformat(state["until"]) - timedelta(minutes=1)
    latest = day_label(until.astimezone(STOCKHOLM).date(), now.date(), relative=False)
    worsening = f" Blir du sämre innan dess: {state['worsening']}" if state.get("worsening") else ""
    return (f"Obs! Bedömningen är att du bör få en tid senast {latest}. {wish_label[:1].upper()}{wish_label[1:]} "
            f"är senare än så.{worsening}")


async def search(desk: Desk, state: State, wish: TimeRange, announce: bool) -> Turn:
    """Offer times in the wish; else the first free ones the triage allows; else say what to do instead."""
    unit, mode, now = desk.unit(state["unit_id"]), state["mode"], desk.now()
    until: Optional[datetime] = datetime.fromisoformat(state["until"]) if state.get("until") else None
    turn = Turn().say(_looking_for(wish)) if announce else Turn()
    if unit is None:
        return turn.say(f"Mottagningen finns inte längre i våra uppgifter. {SAME_DAY_ELSEWHERE}")
    if until and wish.start >= until and not state.get("late_ok"):
        if state.get("today_only"):
            turn.say("Du behöver vård i dag, så jag kan bara boka en tid i dag.")
            wish = TimeRange(now, until, "i dag")
        else:
            turn.say(_late_warning(state, wish.label, now))
            return Turn(turn.messages, {**state, "step": "late_ok", "pending_range": range_dict(wish)})
    limit = None if state.get("late_ok") else until
    found = await desk.free_in(unit, mode, wish, limit)
    if found:
        return _offer(turn, state, wish, found, now)
    return await _elsewhere_in_time(desk, turn, state, wish, until)


async def _elsewhere_in_time(desk: Desk, turn: Turn, state: State, wish: TimeRange,
                             until: Optional[datetime]) -> Turn:
    unit, mode, now = desk.unit(state["unit_id"]), state["mode"], desk.now()
    assert unit is not None
    window_end = until if until and not state.get("late_ok") else _horizon_end(desk, unit.id, now)
    found = await desk.free_in(unit, mode, TimeRange(now, window_end, ASAP_LABEL), None)
    if found:
        turn.say(f"Det finns inga lediga tider {wish.label}. Här är de första lediga tiderna.")
        return _offer(turn, state, TimeRange(now, window_end, ASAP_LABEL), found, now)
    if state.get("today_only"):
        return turn.say(f"Det finns inga lediga tider i dag hos {unit.name}. {SAME_DAY_ELSEWHERE}")
    later = TimeRange(window_end, _horizon_end(desk, unit.id, now), "senare")
    found = await desk.free_in(unit, mode, later, None) if until and not state.get("late_ok") else []
    if found:
        warning = _late_warning(state, "den första lediga tiden", now)
        turn.say(f"Det finns inga lediga tider så snart som bedömningen säger. {warning} Ring gärna 1177 om du "
                 "inte kan vänta.")
        return _offer(turn, {**state, "late_ok": True}, later, found, now)
    return turn.say(f"Det finns inga lediga tider hos {unit.name} de närmaste veckorna. Ring mottagningen på "
                    f"{unit.phone} eller 1177. Vid livshotande tillstånd, ring 112.")


def offered_message(state: State) -> BotMessage:
    buttons = [{"title": o["button"], "payload": o["button"]} for o in state["offered"]]
    return BotMessage("Välj en tid, eller skriv en annan dag eller tid:", buttons)
