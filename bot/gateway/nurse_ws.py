"""The nurse console's websocket, /ws/nurse (docs/handover-protocol.md §3). Needs a console session."""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from bot.gateway.chat import origin_allowed
from bot.gateway.handover import HandoverService
from bot.gateway.nurse_auth import NurseSession, current
from bot.messages import MAX_MESSAGE_CHARS

router = APIRouter()
log = logging.getLogger("vardlotsen.handover")
HEARTBEAT_S = 20.0
NOT_YOURS = "Det gick inte: samtalet är inte ditt längre."


class NurseConnection:
    def __init__(self, ws: WebSocket, nurse: NurseSession, handover: HandoverService) -> None:
        self.ws, self.nurse, self.handover = ws, nurse, handover

    async def send_json(self, data: Any) -> None:
        if self.ws.application_state == WebSocketState.CONNECTED:
            await self.ws.send_json(data)

    async def run(self) -> None:
        queue = self.handover.queue
        self.handover.nurses.join(self.nurse.username, self)
        await queue.heartbeat(self.nurse.username)
        beat = asyncio.create_task(self._heartbeat())
        try:
            await self.send_json({"type": "hello", "nurse": {"username": self.nurse.username, "name": self.nurse.name,
                                                             "admin": self.nurse.admin}})
            queue_frame = await self.handover.queue_frame()
            await self.send_json(queue_frame)
            await self._reopen_mine(queue_frame["items"])
            while True:
                await self._handle(await self.ws.receive_text())
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            beat.cancel()
            self.handover.nurses.leave(self.nurse.username, self)
            if self.nurse.username not in self.handover.nurses.keys():
                await queue.offline(self.nurse.username)

    async def _reopen_mine(self, items: list[dict[str, Any]]) -> None:
        """After a reconnect (or a gateway restart) the console gets back the conversations it holds."""
        for item in items:
            if item["status"] == "held" and item["nurse"] == self.nurse.name:
                await self.handover.open(self.nurse.username, item["conversation"], self)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            await self.handover.queue.heartbeat(self.nurse.username)

    async def _handle(self, raw: str) -> None:
        try:
            frame = json.loads(raw)
            kind, conv = frame.get("type"), frame.get("conversation")
        except (ValueError, AttributeError):
            await self.send_json({"type": "error", "text": "Meddelandet kunde inte läsas."})
            return
        if kind == "ping":
            await self.send_json({"type": "pong"})
            return
        if not isinstance(conv, str) or not (3 <= len(conv) <= 64):
            await self.send_json({"type": "error", "text": "Samtalet saknas."})
            return
        try:
            await self._dispatch(kind, conv, frame)
        except Exception:  # noqa: BLE001 - a failing action must not close the console
            log.exception("event=nurse_action_failed nurse=%s action=%s", self.nurse.username, kind)
            await self.send_json({"type": "error", "text": "Tekniskt fel. Försök igen."})

    async def _dispatch(self, kind: str, conv: str, frame: dict[str, Any]) -> None:
        who, name, h = self.nurse.username, self.nurse.name, self.handover
        if kind == "claim":
            await h.claim(who, name, conv, self)
        elif kind == "open":
            await h.open(who, conv, self)
        elif kind == "message":
            text = frame.get("text")
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_MESSAGE_CHARS:
                await self.send_json({"type": "error", "text": f"Skriv ett svar på högst {MAX_MESSAGE_CHARS} tecken."})
            elif not await h.say(who, name, conv, text.strip()):
                await self.send_json({"type": "error", "text": NOT_YOURS})
        elif kind == "priority":
            if not await h.set_priority(who, conv, str(frame.get("urgency"))):
                await self.send_json({"type": "error", "text": "Prioriteten kunde inte ändras."})
        elif kind == "release":
            if not await h.release(who, conv):
                await self.send_json({"type": "error", "text": NOT_YOURS})
        elif kind == "close":
            note = frame.get("note") if isinstance(frame.get("note"), str) else ""
            if not await h.close(who, conv, note):
                await self.send_json({"type": "error", "text": NOT_YOURS})
        else:
            await self.send_json({"type": "error", "text": "Okänd åtgärd."})


@router.websocket("/ws/nurse")
async def nurse_socket(ws: WebSocket) -> None:
    nurse = await current(ws)
    same_origin = origin_allowed(ws.headers.get("origin"), ws.headers.get("host"), frozenset())
    if nurse is None or not same_origin:
        await ws.close(code=1008)
        return
    await ws.accept()
    await NurseConnection(ws, nurse, ws.app.state.handover).run()
