"""What the bot asks in each step of the booking conversation (pure: from the state alone)."""
from __future__ import annotations

from typing import Any, Optional

from bot.booking import texts
from bot.booking.payload import offer_payload
from bot.booking.search import offered_message
from bot.booking.turns import State
from bot.messages import BotMessage
from bot.routing.model import Unit

WHEN_BUTTONS = [{"title": t, "payload": t} for t in ("Första lediga tid", "I morgon förmiddag", "I morgon eftermiddag")]


def _buttons(*titles: str) -> list[dict[str, str]]:
    return [{"title": t, "payload": t} for t in titles]


def _other(state: State) -> bool:
    return ((state.get("triage") or {}).get("subject") or {}).get("who") == "other"


def question(state: State, unit: Optional[Unit]) -> Optional[BotMessage]:
    step = state.get("step")
    if step == "place":
        return BotMessage("Var vill du ha din tid? Skriv orten, till exempel \"Lund\" eller \"Östersund\".")
    if step == "unit":
        return BotMessage("Vilken mottagning vill du boka hos?", _buttons(*(u["button"] for u in state["units"])))
    if step == "mode":
        return BotMessage("Vilken sorts besök passar?", [{"title": texts.MODE_BUTTONS[m], "payload": texts.MODE_BUTTONS[m]}
                                                        for m in state["choices"]])
    if step == "when":
        return BotMessage("När passar det? Skriv till exempel \"i morgon förmiddag\", \"på fredag efter lunch\" "
                          "eller \"kl 14 på torsdag\".", WHEN_BUTTONS)
    if step == "late_ok":
        return BotMessage("Vill du ändå ha en tid då?", _buttons("Ja, ändå då", "Nej, tidigare"))
    if step == "pick":
        return offered_message(state)
    return _later_question(state, unit)


def _later_question(state: State, unit: Optional[Unit]) -> Optional[BotMessage]:
    step = state.get("step")
    if step == "confirm":
        slot, verb = state["slot"], "flytta din tid till" if state["task"] == "move" else "boka"
        text = f"Vill du {verb} {texts.MODE_NAMES[state['mode']]} med {state['unit_name']} {slot['label']}?"
        yes = "Ja, flytta" if state["task"] == "move" else "Ja, boka"
        return BotMessage(text, _buttons(yes, "Nej, välj en annan"), custom=offer_payload(state, unit))
    if step == "name":
        return BotMessage("Vad heter den som ska komma? Skriv för- och efternamn." if _other(state)
                          else "Vad heter du? Skriv för- och efternamn.")
    if step == "pnr":
        whose = "den som ska komma" if _other(state) else "dig"
        return BotMessage(f"Skriv personnumret för {whose} (ÅÅÅÅMMDD-XXXX). Samordningsnummer går också bra. "
                          f"{texts.PRIVACY_NOTE}")
    if step == "lookup":
        return BotMessage("Skriv bokningskoden (den börjar med VL-) och personnumret för den som är bokad. "
                          f"{texts.PRIVACY_NOTE}")
    if step == "choose":
        return BotMessage("Vilken bokning gäller det?", _buttons(*(b["button"] for b in state["bookings"])))
    if step == "confirm_cancel":
        return BotMessage(f"Vill du avboka {state['label']}?", _buttons("Ja, avboka", "Nej, behåll tiden"))
    return None


def state_summary(state: Optional[State]) -> dict[str, Any]:
    """Ids and steps only, for logs."""
    if not state:
        return {"step": None}
    return {"task": state.get("task"), "step": state.get("step"), "unit": state.get("unit_id"), "mode": state.get("mode")}
