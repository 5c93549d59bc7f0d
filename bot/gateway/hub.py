"""Open websocket connections per session, so every tab of a session sees the same conversation."""
from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any, Protocol


class Sink(Protocol):
    async def send_json(self, data: Any) -> None: ...


class Hub:
    def __init__(self) -> None:
        self._connections: dict[str, set[Sink]] = defaultdict(set)
        self._locks: dict[str, asyncio.Lock] = {}

    def join(self, sid: str, sink: Sink) -> None:
        self._connections[sid].add(sink)

    def leave(self, sid: str, sink: Sink) -> None:
        sinks = self._connections.get(sid)
        if sinks is not None:
            sinks.discard(sink)
            if not sinks:
                del self._connections[sid]

    def lock(self, sid: str) -> asyncio.Lock:
        """One bot turn at a time per session, in arrival order (asyncio.Lock is first-come first-served)."""
        lock = self._locks.get(sid)
        if lock is None:
            lock = self._locks[sid] = asyncio.Lock()
        return lock

    def forget(self, sid: str) -> None:
        lock = self._locks.get(sid)
        if lock is not None and not lock.locked() and sid not in self._connections:
            del self._locks[sid]

    async def send(self, sid: str, frame: dict[str, Any]) -> None:
        """Send to every open connection of the session; a closed one is dropped, never an error."""
        for sink in list(self._connections.get(sid, ())):
            try:
                await sink.send_json(frame)
            except Exception:  # noqa: BLE001 - a closed socket must not stop the others
                self.leave(sid, sink)

    def keys(self) -> list[str]:
        return list(self._connections)

    def open_sessions(self) -> int:
        return len(self._connections)


class RateLimit:
    """Token bucket per session: `burst` messages at once, then `per_s` per second."""

    def __init__(self, burst: int, per_s: float) -> None:
        self.burst, self.per_s = burst, per_s
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, sid: str) -> bool:
        now = time.monotonic()
        tokens, last = self._buckets.get(sid, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_s)
        if tokens < 1.0:
            self._buckets[sid] = (tokens, now)
            return False
        self._buckets[sid] = (tokens - 1.0, now)
        return True

    def forget(self, sid: str) -> None:
        self._buckets.pop(sid, None)
