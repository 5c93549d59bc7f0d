"""Handover inside the gateway: queue a conversation, relay it between citizen and nurse, hand it back.

The conversation id nurses see is the Rasa sender id; the citizen's session id (a secret) stays in Redis.
While a conversation is queued or held, citizen messages never reach the bot, and the emergency screen
runs on each one: the citizen gets the 112 advice at once and every online nurse gets an alert.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any, Optional
from zoneinfo import ZoneInfo

from bot.emergency.screen import screen
from bot.gateway import handover_texts as texts
from bot.gateway.hub import Hub, Sink
from bot.gateway.sessions import Session, SessionStore
from bot.handover import audit
from bot.handover.offer import GO_NOW
from bot.handover.queue import RANK, HandoverQueue
from bot.handover.summary import build_summary
from bot.triage import dialogue
from bot.triage.subject import Subject, parse_subject

log = logging.getLogger("vardlotsen.handover")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
ACTIVE = ("queued", "held", "callback_pending")


def staffed(hours: str, now: Optional[datetime] = None) -> bool:
    """`hours` like "07:00-22:00" (Swedish time); "00:00-24:00" is always."""
    now = now or datetime.now(STOCKHOLM)
    start, end = (part.strip() for part in hours.split("-"))
    minute = now.hour * 60 + now.minute
    to_min = [int(h) * 60 + int(m) for h, m in (t.split(":") for t in (start, end))]
    return to_min[0] <= minute < to_min[1] if to_min[0] <= to_min[1] else minute >= to_min[0] or minute < to_min[1]


class HandoverService:
    def __init__(self, queue: HandoverQueue, store: SessionStore, citizens: Hub, hours: str) -> None:
        self.queue, self.store, self.citizens, self.hours = queue, store, citizens, hours
        self.nurses = Hub()  # keyed by nurse username

    # --- citizen side -------------------------------------------------------------------------
    async def request(self, session: Session, request: dict[str, Any]) -> None:
        """The bot decided a nurse should take over (docs/handover-protocol.md §1)."""
        triage = request.get("triage") if isinstance(request.get("triage"), dict) else {}
        if (triage or {}).get("urgency") == "112" or request.get("priority") == "112":
            await self._tell(session.sid, texts.CALL_112)
            return
        urgency = request.get("priority") if request.get("priority") in RANK else "samma_dag"
        is_staffed = staffed(self.hours)
        summary = build_summary(request, await self.store.history(session.sid), session.channel)
        first_line = str(request.get("complaint") or "Vill prata med en sjuksköterska")[:80]
        if not is_staffed or await self.queue.nurses_online() == 0:
            await self._tell(session.sid, texts.unavailable(is_staffed, session.channel), {"status": "unavailable",
                             "channel": session.channel}, buttons=[texts.CALLBACK_BUTTON])
            await self.queue.mark(session.sender, "unavailable", session.sid, urgency=urgency, channel=session.channel,
                                  summary=summary, first_line=first_line)  # kept for a callback
            log.info("event=handover_unavailable sender=%s staffed=%s", session.sender, is_staffed)
            return
        position = await self.queue.enqueue(session.sender, urgency, session.channel, session.sid, summary, first_line)
        wait = await self.queue.estimated_wait_s(position)
        await self._tell(session.sid, texts.queued(position, wait, urgency, session.channel),
                         {"status": "queued", "position": position, "estimated_wait_s": wait, "urgency": urgency,
                          "channel": session.channel})
        log.info("event=handover_queued sender=%s urgency=%s position=%d", session.sender, urgency, position)
        await self.broadcast_queue()

    async def takes(self, session: Session, text: str, entry: dict[str, Any]) -> bool:
        """Handle a citizen message if the conversation is with the nurse queue; False: the bot's turn."""
        item = await self.queue.get(session.sender)
        if item is None or item.status not in ACTIVE:
            return False
        if item.status == "callback_pending":
            return await self._take_phone(session, text)
        found = screen(text)
        if found is not None:
            for message in dialogue.screen_messages(found, text, parse_subject(text, Subject())):
                await self._tell(session.sid, message.text, custom=message.custom)
            await self.nurses_send_all({"type": "alert", "conversation": session.sender, "level": found.level,
                                        "title": found.title, "text": found.advice})
            log.info("event=handover_alert sender=%s level=%s sign=%s", session.sender, found.level, found.sign_id)
        if item.status == "held" and item.nurse:
            await self.nurses.send(item.nurse, {"type": "entry", "conversation": session.sender, "entry": entry})
        elif item.status == "queued" and found is None:
            position = await self.queue.position(session.sender) or 1
            wait = await self.queue.estimated_wait_s(position)
            await self.citizens.send(session.sid, {"type": "status", "handover": self._payload(
                "queued", position=position, estimated_wait_s=wait, urgency=item.urgency)})
            if item.urgency == "akut":
                await self._tell(session.sid, texts.still_queued(position, wait, item.urgency))
        return True

    async def callback_wanted(self, session: Session) -> None:
        await self.queue.mark(session.sender, "callback_pending", session.sid)
        await self._tell(session.sid, texts.ASK_PHONE)

    async def phone_callback(self, session: Session, digits: str) -> None:
        """The phone line: the caller confirmed the number to call back (from the telephony metadata or
        keyed in). The call ends in `callback_requested`; the console shows the number with the summary."""
        await self.queue.request_callback(session.sender, digits)
        await self._tell(session.sid, texts.callback_booked(texts.mask_phone(digits)),
                         {"status": "callback_requested", "channel": session.channel})
        log.info("event=callback_requested sender=%s channel=%s", session.sender, session.channel)
        await self.broadcast_queue()

    async def _take_phone(self, session: Session, text: str) -> bool:
        """A phone number books the callback; anything else cancels it and goes to the bot as usual."""
        digits = texts.phone_digits(text)
        if digits is None:
            await self.queue.mark(session.sender, "bot", session.sid)
            await self._tell(session.sid, texts.NO_PHONE, buttons=[texts.CALLBACK_BUTTON])
            return False
        await self.queue.request_callback(session.sender, digits)
        await self._tell(session.sid, texts.callback_booked(texts.mask_phone(digits)),
                         {"status": "callback_requested", "channel": session.channel})
        log.info("event=callback_requested sender=%s", session.sender)
        await self.broadcast_queue()
        return True

    async def abandon(self, session: Session) -> None:
        """The citizen ended the chat: leave the queue; a holding nurse is told."""
        item = await self.queue.get(session.sender)
        if item is None or item.status not in ACTIVE:
            return
        await self.queue.finish(session.sender, "ended", "avbrutet av invånaren")
        if item.nurse:
            await self.nurses.send(item.nurse, {"type": "closed", "conversation": session.sender,
                                                "reason": "Invånaren avslutade chatten."})
        await self.broadcast_queue()

    async def sweep(self) -> int:
        """Drop queued conversations whose chat session expired (the citizen left). Returns how many."""
        dropped = 0
        for item in await self.queue.listing():
            if item.status == "queued" and item.channel == "chatt" and item.sid \
                    and not await self.store.alive(item.sid):
                await self.queue.finish(item.conversation, "ended", "invånaren lämnade kön")
                dropped += 1
        if dropped:
            await self.broadcast_queue()
        return dropped

    # --- nurse side ---------------------------------------------------------------------------
    async def claim(self, nurse: str, nurse_name: str, conv: str, sink: Sink) -> None:
        ok = await self.queue.claim(conv, nurse, nurse_name)
        await sink.send_json({"type": "claimed", "conversation": conv, "ok": ok})
        if not ok:
            return
        await audit.record(self.queue.redis, nurse, conv, "claim")
        item = await self.queue.get(conv)
        if item and item.sid:
            await self._tell(item.sid, texts.connected(nurse_name), {"status": "connected", "nurse_name": nurse_name})
        await self.open(nurse, conv, sink, audited=True)
        log.info("event=handover_claimed sender=%s nurse=%s", conv, nurse)
        await self.broadcast_queue()

    async def open(self, nurse: str, conv: str, sink: Sink, audited: bool = False) -> None:
        """Send the summary and history of a conversation this nurse holds."""
        item = await self.queue.get(conv)
        if item is None or item.nurse != nurse or item.status != "held":
            await sink.send_json({"type": "error", "text": "Samtalet är inte ditt eller finns inte längre."})
            return
        if not audited:
            await audit.record(self.queue.redis, nurse, conv, "open")
        history = await self.store.history(item.sid) if item.sid else []
        await sink.send_json({"type": "conversation", "conversation": conv, "channel": item.channel,
                              "summary": await self.queue.summary(conv), "history": history})

    async def say(self, nurse: str, nurse_name: str, conv: str, text: str) -> bool:
        item = await self._held_by(nurse, conv)
        if item is None or not item.sid:
            return False
        await audit.record(self.queue.redis, nurse, conv, "message")
        entry = await self.store.append(item.sid, {"from": "nurse", "text": text, "nurse_name": nurse_name})
        await self.citizens.send(item.sid, {"type": "entry", "entry": entry})
        await self.nurses.send(nurse, {"type": "entry", "conversation": conv, "entry": entry})
        return True

    async def release(self, nurse: str, conv: str) -> bool:
        item = await self._held_by(nurse, conv)
        if item is None:
            return False
        await audit.record(self.queue.redis, nurse, conv, "release")
        await self.queue.finish(conv, "bot")
        if item.sid:
            await self._tell(item.sid, texts.released(), {"status": "ended"})
        await self.broadcast_queue()
        return True

    async def close(self, nurse: str, conv: str, note: str) -> bool:
        item = await self._held_by(nurse, conv)
        if item is None:
            return False
        await audit.record(self.queue.redis, nurse, conv, "close")
        await self.queue.finish(conv, "ended", note[:4000])
        if item.sid:
            await self._tell(item.sid, texts.closed(), {"status": "ended"})
        await self.nurses.send(nurse, {"type": "closed", "conversation": conv})
        await self.broadcast_queue()
        return True

    async def set_priority(self, nurse: str, conv: str, urgency: str) -> bool:
        """A nurse changes the priority (e.g. of someone who asked for a nurse before any triage)."""
        item = await self.queue.get(conv)
        if urgency not in RANK or item is None or item.status not in ("queued", "held") \
                or (item.status == "held" and item.nurse != nurse):
            return False
        await audit.record(self.queue.redis, nurse, conv, f"priority:{urgency}")
        await self.queue.reprioritise(conv, urgency)
        await self.broadcast_queue()
        return True

    async def _held_by(self, nurse: str, conv: str) -> Optional[Any]:
        item = await self.queue.get(conv)
        return item if item is not None and item.status == "held" and item.nurse == nurse else None

    # --- fan-out ------------------------------------------------------------------------------
    async def queue_frame(self) -> dict[str, Any]:
        now = time.time()
        items = await self.queue.listing()
        positions = {item.conversation: i + 1 for i, item in enumerate(x for x in items if x.status == "queued")}
        return {"type": "queue", "items": [item.public(positions.get(item.conversation), now) for item in items]}

    async def broadcast_queue(self) -> None:
        """Every console gets the new queue; every queued citizen gets their new place and wait."""
        frame = await self.queue_frame()
        await self.nurses_send_all(frame)
        for entry in frame["items"]:
            if entry["status"] == "queued":
                item = await self.queue.get(entry["conversation"])
                if item and item.sid:
                    wait = await self.queue.estimated_wait_s(entry["position"])
                    await self.citizens.send(item.sid, {"type": "status", "handover": self._payload(
                        "queued", position=entry["position"], estimated_wait_s=wait, urgency=item.urgency)})

    async def nurses_send_all(self, frame: dict[str, Any]) -> None:
        for nurse in self.nurses.keys():
            await self.nurses.send(nurse, frame)

    @staticmethod
    def _payload(status: str, **fields: Any) -> dict[str, Any]:
        payload = {"status": status, "position": fields.get("position"),
                   "estimated_wait_s": fields.get("estimated_wait_s"), "nurse_name": fields.get("nurse_name"),
                   "channel": fields.get("channel") or "chatt"}
        if fields.get("urgency") == "akut":
            payload["notice"] = GO_NOW  # after akut, every queue status repeats: go now
        return payload

    async def _tell(self, sid: str, text: str, handover: Optional[dict[str, Any]] = None,
                    buttons: Optional[list[dict[str, str]]] = None, custom: Optional[dict[str, Any]] = None) -> None:
        """A system entry to the citizen, with a contract `handover` payload when the status changed."""
        entry: dict[str, Any] = {"from": "system", "text": text}
        if handover is not None:
            entry["custom"] = {"handover": self._payload(handover.pop("status"), **handover)}
        if custom is not None:
            entry["custom"] = custom
        if buttons:
            entry["buttons"] = buttons
        stored = await self.store.append(sid, entry)
        await self.citizens.send(sid, {"type": "entry", "entry": stored})
