"""The widget's websocket, /ws/chat (protocol: docs/chat-protocol.md).

Refuses foreign origins before accepting; survives any frame (bad ones get a Swedish `error`).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional
from urllib.parse import urlparse

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from bot.gateway.frames import BAD_FRAME, ChatMessage, FrameError, Hello, Simple, parse
from bot.gateway.service import ChatService
from bot.gateway.sessions import Session
from bot.messages import CLOSING

router = APIRouter()
log = logging.getLogger("vardlotsen.gateway")
HELLO_TIMEOUT_S = 15.0
NO_SESSION = f"Chatten startar fortfarande. Försök igen om en sekund. {CLOSING}"
TECHNICAL = f"Förlåt, ett tekniskt fel hindrade ditt meddelande. Försök igen. {CLOSING}"


def origin_allowed(origin: Optional[str], host: Optional[str], allowlist: frozenset[str]) -> bool:
    """Same origin as the gateway, or listed in ALLOWED_ORIGINS. No Origin header: refused."""
    if not origin:
        return False
    origin = origin.rstrip("/")
    if origin in allowlist:
        return True
    parsed = urlparse(origin)
    return parsed.scheme in ("http", "https") and bool(host) and parsed.netloc == host


class Connection:
    """One open widget: the hello handshake, then a frame loop."""

    def __init__(self, ws: WebSocket, service: ChatService, max_bytes: int) -> None:
        self.ws, self.service, self.max_bytes = ws, service, max_bytes
        self.session: Optional[Session] = None

    async def send_json(self, data: Any) -> None:
        if self.ws.application_state == WebSocketState.CONNECTED:
            await self.ws.send_json(data)

    async def run(self) -> None:
        try:
            while True:
                raw = await asyncio.wait_for(self._receive(), HELLO_TIMEOUT_S) if self.session is None \
                    else await self._receive()
                await self._handle(raw)
        except (WebSocketDisconnect, asyncio.TimeoutError, RuntimeError):
            pass
        finally:
            if self.session is not None:
                self.service.close(self.session, self)

    async def _receive(self) -> Optional[str]:
        message = await self.ws.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        text = message.get("text")
        if text is None or len(text) > self.max_bytes:
            return None  # binary or over-size: refused below
        return text

    async def _handle(self, raw: Optional[str]) -> None:
        frame: Any = None
        try:
            frame = parse(raw)
            await self._dispatch(frame)
        except FrameError as exc:
            await self.send_json({"type": "error", "code": exc.code, "text": exc.text, "client_id": exc.client_id})
        except (WebSocketDisconnect, RuntimeError):
            raise
        except Exception:  # noqa: BLE001 - e.g. Redis away: the citizen hears it, the socket stays open
            log.exception("event=frame_failed")
            await self.send_json({"type": "error", "code": "unavailable", "text": TECHNICAL,
                                  "client_id": getattr(frame, "client_id", None)})

    async def _dispatch(self, frame: Any) -> None:
        if isinstance(frame, Hello):
            if self.session is not None:
                self.service.close(self.session, self)
            self.session = await self.service.open(frame.session, self)
        elif isinstance(frame, Simple) and frame.kind == "ping":
            await self.send_json({"type": "pong"})
        elif self.session is None:
            raise FrameError("no_session", NO_SESSION, getattr(frame, "client_id", None))
        elif isinstance(frame, ChatMessage):
            await self.service.receive(self.session, frame, self)
        elif isinstance(frame, Simple) and frame.kind == "end":
            await self.service.end(self.session)
            self.service.close(self.session, self)
            self.session = None
        else:
            raise FrameError("bad_frame", BAD_FRAME)


@router.websocket("/ws/chat")
async def chat(ws: WebSocket) -> None:
    settings = ws.app.state.settings
    if not origin_allowed(ws.headers.get("origin"), ws.headers.get("host"), settings.origin_allowlist):
        log.info("event=origin_refused")
        await ws.close(code=1008)
        return
    await ws.accept()
    await Connection(ws, ws.app.state.chat, settings.max_frame_bytes).run()
