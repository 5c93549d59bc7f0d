"""Helpers shared by the action modules (plain functions: rasa-sdk registers every Action class)."""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Optional
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.messages import BotMessage
from bot.settings import ActionSettings
from bot.triage.engine import TriageState
from bot.triage.subject import Subject

log = logging.getLogger("vardlotsen.actions")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@lru_cache(maxsize=1)
def settings() -> ActionSettings:
    """The process's one settings object (rasa-sdk builds the actions itself, so it is fetched, not passed)."""
    return ActionSettings()


@lru_cache(maxsize=1)
def _clock_offset() -> timedelta:
    start = settings().clock_start
    if start is None:
        return timedelta(0)
    log.warning("clock_start is set: the action server's clock is shifted (tests and demos only)")
    return start - datetime.now(STOCKHOLM)


def stockholm_now() -> datetime:
    """The default clock (shifted only when CLOCK_START is set); unit tests pass their own."""
    return (datetime.now(STOCKHOLM) + _clock_offset()).astimezone(STOCKHOLM)


def send(dispatcher: CollectingDispatcher, message: BotMessage) -> None:
    kwargs: dict[str, Any] = {"text": message.text}
    if message.buttons:
        kwargs["buttons"] = message.buttons
    if message.custom:
        kwargs["json_message"] = message.custom
    dispatcher.utter_message(**kwargs)


def triage_state(tracker: Tracker) -> Optional[TriageState]:
    data = tracker.get_slot("triage_state")
    return TriageState.from_dict(data) if isinstance(data, dict) and data.get("protocol_id") else None


def subject(tracker: Tracker) -> Optional[Subject]:
    data = tracker.get_slot("subject")
    return Subject.from_dict(data) if isinstance(data, dict) else None


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def log_action(tracker: Tracker, action: str, started: float, **fields: Any) -> None:
    """Ids, intents, actions and timings only: never message text or personal data."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    extra = " ".join(f"{k}={v}" for k, v in fields.items())
    log.info("sender=%s action=%s intent=%s ms=%.1f %s", tracker.sender_id, action, intent,
             (time.perf_counter() - started) * 1000, extra)
