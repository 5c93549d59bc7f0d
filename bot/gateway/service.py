"""The chat service: a citizen message in → acknowledged at once → the bot's answer (or a fallback) out.

Everything a citizen writes is stored before it is acknowledged, and every bot message is stored
before it is sent, so a reload or reconnect restores the whole conversation from Redis.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from bot.booking.vault import METADATA_KEY, IdentityVault
from bot.gateway.bot_client import BotClient, BotUnavailableError, fallback_messages, first_within
from bot.gateway.frames import ChatMessage, FrameError
from bot.gateway.handover import HandoverService
from bot.gateway.hub import Hub, RateLimit, Sink
from bot.gateway.sessions import Session, SessionStore
from bot.messages import CLOSING
from bot.settings import GatewaySettings

log = logging.getLogger("vardlotsen.gateway")
RATE_LIMITED = f"Du skickar många meddelanden tätt. Vänta en liten stund och försök igen. {CLOSING}"
BOT_FIELDS = ("text", "buttons", "custom", "image", "attachment")


def bot_entry(message: dict[str, Any]) -> dict[str, Any]:
    """A Rasa message as a history entry: only the standard fields, never the recipient id."""
    entry: dict[str, Any] = {"from": "bot"}
    for key in BOT_FIELDS:
        if message.get(key) is not None:
            entry[key] = message[key]
    return entry


def with_meta_on_its_message(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa sends a message's `custom` as an entry of its own. A custom holding only channel metadata
    (`question`: which yes/no answer is alarming) belongs to the question before it, so it is put there:
    no textless entry reaches the widget or the console, and the phone line still reads it."""
    merged: list[dict[str, Any]] = []
    for message in messages:
        custom = message.get("custom")
        only_meta = isinstance(custom, dict) and custom and set(custom) <= {"question"}
        if only_meta and merged and not message.get("text") and not message.get("buttons"):
            merged[-1] = {**merged[-1], "custom": {**(merged[-1].get("custom") or {}), **custom}}
        else:
            merged.append(message)
    return merged


class ChatService:
    def __init__(self, store: SessionStore, bot: BotClient, settings: GatewaySettings) -> None:
        self.store, self.bot, self.settings = store, bot, settings
        self.hub = Hub()
        self.rate = RateLimit(settings.rate_burst, settings.rate_per_s)
        self._tasks: set[asyncio.Task[Any]] = set()
        self.handover: Optional[HandoverService] = None  # wired by the app
        self.vault: Optional[IdentityVault] = None  # wired by the app

    async def open(self, requested: Optional[str], sink: Sink) -> Session:
        """Resume the requested session if it is live, else issue a new one; answers with `session`."""
        session = await self.store.resume(requested) if requested else None
        resumed = session is not None
        if session is None:
            session = await self.store.create()
        history = await self.store.history(session.sid) if resumed else []
        self.hub.join(session.sid, sink)
        await sink.send_json({"type": "session", "session": session.sid, "resumed": resumed,
                              "history": history, "expires_in_s": self.settings.session_idle_s})
        log.info("event=session sender=%s resumed=%s entries=%d", session.sender, resumed, len(history))
        return session

    def close(self, session: Session, sink: Sink) -> None:
        self.hub.leave(session.sid, sink)
        self.hub.forget(session.sid)

    async def receive(self, session: Session, message: ChatMessage, sink: Sink) -> Optional[asyncio.Task[None]]:
        """Store, acknowledge, and hand the message to the bot in the background (in order per session).
        Returns the background turn (None for a duplicate), which the phone line awaits."""
        received = time.perf_counter()
        earlier = await self.store.claim_message(session.sid, message.client_id)
        if earlier is not None:
            await sink.send_json({"type": "ack", "client_id": message.client_id, "seq": earlier, "duplicate": True})
            log.info("event=duplicate sender=%s client_id=%s", session.sender, message.client_id)
            return None
        if not self.rate.allow(session.sid):
            await self.store.unclaim(session.sid, message.client_id)
            raise FrameError("rate_limited", RATE_LIMITED, message.client_id)
        entry = await self.store.append(session.sid, {"from": "user", "text": message.text,
                                                      "client_id": message.client_id}, message.client_id)
        await sink.send_json({"type": "ack", "client_id": message.client_id, "seq": entry["seq"], "duplicate": False})
        await self.hub.send(session.sid, {"type": "entry", "entry": entry})
        task = asyncio.create_task(self._answer(session, message, entry, received))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _answer(self, session: Session, message: ChatMessage, entry: dict[str, Any], received: float) -> None:
        async with self.hub.lock(session.sid):
            if await self._with_nurse(session, message, entry):
                return
            await self.hub.send(session.sid, {"type": "typing", "on": True})
            try:
                outcome = await self._bot_turn(session, message, received)
            except Exception:  # noqa: BLE001 - e.g. Redis away: say so, keep serving
                log.exception("event=turn_failed sender=%s client_id=%s", session.sender, message.client_id)
                outcome = "error"
                await self._deliver(session, fallback_messages(message.text), "system")
            finally:
                await self.hub.send(session.sid, {"type": "typing", "on": False})
        log.info("event=turn sender=%s client_id=%s outcome=%s ms=%.1f", session.sender, message.client_id,
                 outcome, (time.perf_counter() - received) * 1000)

    async def _with_nurse(self, session: Session, message: ChatMessage, entry: dict[str, Any]) -> bool:
        """The handover takes the message (queued, held, callback) instead of the bot."""
        if self.handover is None:
            return False
        try:
            if message.payload == "vl:callback":
                await self.handover.callback_wanted(session)
                return True
            return await self.handover.takes(session, message.text, entry)
        except Exception:  # noqa: BLE001 - never lose the citizen: the bot answers instead
            log.exception("event=handover_failed sender=%s", session.sender)
            return False

    async def _bot_turn(self, session: Session, message: ChatMessage, received: float) -> str:
        """Ask the bot; after `bot_timeout_s` send the fallback and still deliver a late answer."""
        metadata = message.metadata
        if message.personnummer and self.vault is not None:
            ref = await self.vault.keep(session.sender, message.personnummer)
            metadata = {**metadata, METADATA_KEY: ref} if ref else metadata
        task = asyncio.create_task(self.bot.ask(session.sender, message.for_bot, metadata))
        budget = self.settings.bot_timeout_s - (time.perf_counter() - received)
        if await first_within(task, budget) and task.exception() is None:
            await self._deliver(session, task.result(), "bot")
            return "ok"
        await self._deliver(session, fallback_messages(message.text), "system")
        try:
            late = await task
        except BotUnavailableError as exc:
            log.warning("event=bot_unavailable sender=%s reason=%s", session.sender, exc)
            return "fallback"
        except Exception:  # noqa: BLE001 - the fallback is already out; don't send a second one
            log.exception("event=bot_failed sender=%s", session.sender)
            return "fallback"
        await self._deliver(session, late, "bot")
        return "late"

    async def _deliver(self, session: Session, messages: list[dict[str, Any]], source: str) -> None:
        requests = []
        for message in with_meta_on_its_message(messages):
            entry = bot_entry(message)
            entry["from"] = source
            custom = entry.get("custom")
            if isinstance(custom, dict) and "handover_request" in custom:
                requests.append(custom.pop("handover_request"))
                if not custom:
                    del entry["custom"]
            if entry.get("text") or entry.get("custom") or entry.get("buttons"):
                stored = await self.store.append(session.sid, entry)
                await self.hub.send(session.sid, {"type": "entry", "entry": stored})
        for request in requests:
            if self.handover is not None and isinstance(request, dict):
                await self.handover.request(session, request)

    async def end(self, session: Session) -> None:
        if self.handover is not None:
            await self.handover.abandon(session)
        await self.store.end(session.sid)
        await self.hub.send(session.sid, {"type": "ended"})
        self.rate.forget(session.sid)
        log.info("event=ended sender=%s", session.sender)

    async def drain(self) -> None:
        """Let running bot turns finish (on shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=self.settings.bot_timeout_s)
