"""Twilio Media Streams adapter: websocket `/twilio`, JSON events with base64 μ-law 8 kHz audio.

Incoming: `connected`, `start` (streamSid, callSid, customParameters — `from` may carry the caller's
number), `media`, `dtmf`, `mark` (our marks, echoed when played), `stop`. Outgoing: `media`, `mark`,
`clear` (barge-in); with debug events on and `vl_debug=1` in customParameters also `vl_text`, `vl_timing`
and `vl_end`, which the test caller prints (never enable that towards real telephony).
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import uuid
from typing import Any, Optional

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from voice.audio import ulaw_to_pcm
from voice.handler import CallHandler
from voice.interfaces import FRAME_BYTES
from voice.lines import TwilioLine

router = APIRouter()
log = logging.getLogger("vardlotsen.voice")
MAX_MESSAGE = 64 * 1024


def _media(data: dict[str, Any]) -> Optional[bytes]:
    try:
        return ulaw_to_pcm(base64.b64decode(data["media"]["payload"], validate=True))
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None


async def _start(ws: WebSocket, line: TwilioLine, data: dict[str, Any]) -> CallHandler:
    start = data.get("start") if isinstance(data.get("start"), dict) else {}
    params = start.get("customParameters") if isinstance(start.get("customParameters"), dict) else {}
    line.stream_sid = str(start.get("streamSid") or uuid.uuid4().hex)
    line.debug_on = ws.app.state.settings.debug_events and params.get("vl_debug") == "1"
    call_id = str(start.get("callSid") or line.stream_sid)[:64]
    handler = CallHandler(ws.app.state.deps, line, call_id, str(params.get("from") or "") or None)
    await handler.start()
    return handler


@router.websocket("/twilio")
async def media_stream(ws: WebSocket) -> None:
    await ws.accept()
    line = TwilioLine(ws)
    handler: Optional[CallHandler] = None
    pending = b""
    try:
        while True:
            raw = await ws.receive_text()
            if len(raw) > MAX_MESSAGE:
                continue
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            event = data.get("event") if isinstance(data, dict) else None
            if event == "start" and handler is None:
                handler = await _start(ws, line, data)
            elif event == "media" and handler is not None:
                pending += _media(data) or b""
                while len(pending) >= FRAME_BYTES:
                    frame, pending = pending[:FRAME_BYTES], pending[FRAME_BYTES:]
                    await handler.audio(frame)
            elif event == "dtmf" and handler is not None:
                digit = str((data.get("dtmf") or {}).get("digit", ""))[:1]
                if digit in "0123456789*#" and digit:
                    await handler.dtmf(digit)
            elif event == "mark":
                line.marked(str((data.get("mark") or {}).get("name", "")))
            elif event == "stop":
                break
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        if handler is not None:
            await handler.stop()
