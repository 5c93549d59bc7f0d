"""A websocket client of the gateway's chat protocol (docs/chat-protocol.md), for tests and benchmarks."""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any, Callable, Optional

import websockets

Frame = dict[str, Any]


class ChatClient:
    """One widget connection. `frames` keeps everything received, in order."""

    def __init__(self, port: int, origin: Optional[str] = None, host: str = "127.0.0.1") -> None:
        self.url = f"ws://{host}:{port}/ws/chat"
        self.origin = origin if origin is not None else f"http://{host}:{port}"
        self.frames: list[Frame] = []
        self.session: Optional[str] = None
        self.ws: Any = None
        self._reader: Optional[asyncio.Task[None]] = None
        self._arrived = asyncio.Event()

    async def connect(self, session: Optional[str] = None) -> Frame:
        headers = {"Origin": self.origin} if self.origin else {}
        self.ws = await websockets.connect(self.url, extra_headers=headers, max_size=2**20, open_timeout=10)
        self._reader = asyncio.create_task(self._read())
        await self.send_raw({"type": "hello", "session": session})
        frame = await self.wait_for(lambda f: f["type"] == "session")
        self.session = frame["session"]
        return frame

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                frame["_t"] = time.perf_counter()
                self.frames.append(frame)
                self._arrived.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self._arrived.set()

    async def send_raw(self, data: Any) -> None:
        await self.ws.send(data if isinstance(data, (str, bytes)) else json.dumps(data))

    async def say(self, text: str, payload: Optional[str] = None, client_id: Optional[str] = None,
                  **extra: Any) -> str:
        client_id = client_id or uuid.uuid4().hex
        frame: Frame = {"type": "message", "client_id": client_id, "text": text, **extra}
        if payload:
            frame["payload"] = payload
        await self.send_raw(frame)
        return client_id

    async def wait_for(self, match: Callable[[Frame], bool], timeout: float = 30.0, start: int = 0) -> Frame:
        """The first frame from index `start` on that matches; waits for it up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for frame in self.frames[start:]:
                if match(frame):
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.closed:
                raise AssertionError(f"no matching frame within {timeout}s; got {self.frames[start:]}")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def turn(self, text: str, payload: Optional[str] = None, timeout: float = 30.0) -> list[Frame]:
        """Send a message; return the entries that arrived until the bot stopped typing."""
        start = len(self.frames)
        await self.say(text, payload)
        await self.wait_for(lambda f: f["type"] == "typing" and f["on"] is False, timeout, start)
        return [f["entry"] for f in self.frames[start:] if f["type"] == "entry" and f["entry"]["from"] != "user"]

    @property
    def closed(self) -> bool:
        return self.ws is None or self.ws.closed

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader


class NurseClient(ChatClient):
    """The nurse console's websocket, logged in with a session cookie."""

    def __init__(self, port: int, cookie: str, origin: Optional[str] = None) -> None:
        super().__init__(port, origin)
        self.url = f"ws://127.0.0.1:{port}/ws/nurse"
        self.cookie = cookie

    async def connect(self, session: Optional[str] = None) -> Frame:
        headers = {"Origin": self.origin, "Cookie": f"vl_nurse={self.cookie}"}
        self.ws = await websockets.connect(self.url, extra_headers=headers, max_size=2**22, open_timeout=10)
        self._reader = asyncio.create_task(self._read())
        return await self.wait_for(lambda f: f["type"] == "queue")

    async def queue_item(self, conversation: str, timeout: float = 10.0) -> Frame:
        """The newest queue frame's item for this conversation (waits until one lists it)."""
        frame = await self.wait_for(lambda f: f["type"] == "queue" and any(
            i["conversation"] == conversation for i in f["items"]), timeout, start=0)
        for later in reversed(self.frames):
            if later["type"] == "queue":
                frame = later
                break
        return next((i for i in frame["items"] if i["conversation"] == conversation), {})
