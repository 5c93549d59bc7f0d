"""The pieces every booking step shares: the context of a message, a turn, and the state's time ranges."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Optional

from bot.booking.timeparse import TimeRange
from bot.messages import BotMessage

State = dict[str, Any]


@dataclass
class Context:
    sender: str
    text: str
    number: Optional[str] = None  # the personnummer this message carried (from the vault), or None
    place: Optional[dict[str, Any]] = None
    triage: Optional[dict[str, Any]] = None


@dataclass
class Turn:
    """What to send now, and the next state (None: the booking conversation is over)."""

    messages: list[BotMessage] = field(default_factory=list)
    state: Optional[State] = None

    def say(self, text: str, **kwargs: Any) -> Turn:
        self.messages.append(BotMessage(text, **kwargs))
        return self

    def then(self, later: Turn) -> Turn:
        return Turn(self.messages + later.messages, later.state)


def range_dict(wish: TimeRange) -> dict[str, Any]:
    daily = [t.isoformat() for t in wish.daily] if wish.daily else None
    return {"start": wish.start.isoformat(), "end": wish.end.isoformat(), "label": wish.label, "daily": daily}


def range_of(data: dict[str, Any]) -> TimeRange:
    daily = (time.fromisoformat(data["daily"][0]), time.fromisoformat(data["daily"][1])) if data.get("daily") else None
    return TimeRange(datetime.fromisoformat(data["start"]), datetime.fromisoformat(data["end"]), data["label"], daily)
