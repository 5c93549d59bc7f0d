"""The two ways audio goes back to the caller: Twilio Media Streams (JSON over a websocket, μ-law, with
marks to learn what has been played) and Asterisk AudioSocket (TCP frames, paced at real time here)."""
from __future__ import annotations

import asyncio
import base64
import json
import struct
import time
from typing import Any, Optional

from voice.audio import pcm_to_ulaw
from voice.interfaces import FRAME_BYTES, FRAME_MS, frames


class TwilioLine:
    """Audio is sent at once (Twilio buffers and plays it); a `mark` after each piece tells when it has been
    played, so `playing()` is true until the caller's side echoes the last mark (or the audio must be over)."""

    def __init__(self, ws: Any, debug: bool = False) -> None:
        self.ws, self.debug_on = ws, debug
        self.stream_sid: Optional[str] = None
        self.marks: set[str] = set()
        self.counter = 0
        self.until = 0.0

    async def _send(self, message: dict[str, Any]) -> None:
        await self.ws.send_text(json.dumps(message))

    async def play(self, pcm: bytes) -> None:
        for chunk in frames(pcm):
            payload = base64.b64encode(pcm_to_ulaw(chunk)).decode()
            await self._send({"event": "media", "streamSid": self.stream_sid, "media": {"payload": payload}})
        self.counter += 1
        name = f"vl-{self.counter}"
        self.marks.add(name)
        await self._send({"event": "mark", "streamSid": self.stream_sid, "mark": {"name": name}})
        self.until = max(time.monotonic(), self.until) + len(pcm) / 16000

    def marked(self, name: str) -> None:
        self.marks.discard(name)

    def playing(self) -> bool:
        return bool(self.marks) and time.monotonic() < self.until + 1.0

    async def clear(self) -> None:
        self.marks.clear()
        self.until = 0.0
        await self._send({"event": "clear", "streamSid": self.stream_sid})

    async def hangup(self) -> None:
        await self.ws.close()

    async def debug(self, event: dict[str, Any]) -> None:
        if self.debug_on:
            await self._send(event)


AUDIO, HANGUP = 0x10, 0x00


def audiosocket_frame(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack(">BH", kind, len(payload)) + payload


class AudioSocketLine:
    """AudioSocket has no buffering on the other side: frames are written every 20 ms by a pacing task."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.buffer = bytearray()
        self.task = asyncio.create_task(self._pace())

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            if self.buffer:
                chunk, self.buffer[:FRAME_BYTES] = bytes(self.buffer[:FRAME_BYTES]), b""
                self.writer.write(audiosocket_frame(AUDIO, chunk.ljust(FRAME_BYTES, b"\x00")))
                await self.writer.drain()
            next_at = max(next_at + FRAME_MS / 1000, loop.time() - 0.1)
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    async def play(self, pcm: bytes) -> None:
        self.buffer += pcm

    def playing(self) -> bool:
        return bool(self.buffer)

    async def clear(self) -> None:
        self.buffer.clear()

    async def hangup(self) -> None:
        self.task.cancel()
        try:
            self.writer.write(audiosocket_frame(HANGUP))
            await self.writer.drain()
            self.writer.close()
        except (ConnectionError, RuntimeError):
            pass

    async def debug(self, event: dict[str, Any]) -> None:
        return None
