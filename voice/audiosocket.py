"""Asterisk AudioSocket adapter: plain TCP, frames of 1-byte type, 2-byte big-endian length, payload.

0x01 call UUID (16 bytes) · 0x10 audio (PCM16 LE, 8 kHz mono) · 0x03 DTMF digit (ASCII) · 0x00 hang-up ·
0xff error. The caller's number is not part of the protocol (Asterisk can pass it in the dialplan), so
the phone line asks the caller to key it in when a callback is wanted.
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any, Optional

from voice.handler import CallDeps, CallHandler
from voice.interfaces import FRAME_BYTES
from voice.lines import AudioSocketLine

log = logging.getLogger("vardlotsen.voice")
UUID, AUDIO, DTMF, HANGUP, ERROR = 0x01, 0x10, 0x03, 0x00, 0xFF


async def _frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readexactly(3)
    length = int.from_bytes(head[1:3], "big")
    return head[0], await reader.readexactly(length) if length else b""


async def serve_call(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, deps: CallDeps) -> None:
    handler: Optional[CallHandler] = None
    line: Optional[AudioSocketLine] = None
    pending = b""
    try:
        while True:
            kind, payload = await asyncio.wait_for(_frame(reader), timeout=30)
            if kind == UUID and handler is None:
                line = AudioSocketLine(writer)
                call_id = str(uuid.UUID(bytes=payload)) if len(payload) == 16 else uuid.uuid4().hex
                handler = CallHandler(deps, line, call_id)
                await handler.start()
            elif kind == AUDIO and handler is not None:
                pending += payload
                while len(pending) >= FRAME_BYTES:
                    frame, pending = pending[:FRAME_BYTES], pending[FRAME_BYTES:]
                    await handler.audio(frame)
            elif kind == DTMF and handler is not None:
                await handler.dtmf(payload[:1].decode("ascii", "replace"))
            elif kind in (HANGUP, ERROR):
                break
    except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        if handler is not None:
            await handler.stop()
        if line is not None:
            line.task.cancel()
        writer.close()


async def start_server(host: str, port: int, deps: CallDeps) -> Any:
    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await serve_call(reader, writer, deps)

    return await asyncio.start_server(on_connect, host, port)
