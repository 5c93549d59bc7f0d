"""Chat sessions in Redis: the server issues the id, keeps the history, and de-duplicates messages.

Keys (all expire together after `idle_s` without activity):
  vl:s:{sid}  hash  sender (Rasa's id for this conversation), created, seq (last entry number),
                    channel (chatt | telefon)
  vl:h:{sid}  list  history entries as JSON, oldest first
  vl:d:{sid}  hash  client message id → seq of the citizen entry (or "0" while being stored)

The session id is a bearer secret (≥ 128 random bits) and never reaches the logs; the Rasa sender id
is a separate random id that is safe to log.
"""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any, Optional

from redis.asyncio import Redis

SESSION_ID_BYTES = 24  # 192 bits
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Session:
    sid: str
    sender: str
    channel: str = "chatt"  # "telefon" for calls on the phone line (voice/)


def _keys(sid: str) -> tuple[str, str, str]:
    return f"vl:s:{sid}", f"vl:h:{sid}", f"vl:d:{sid}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def valid_sid(value: Any) -> bool:
    return isinstance(value, str) and 20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()


class SessionStore:
    def __init__(self, redis: Redis, idle_s: int) -> None:
        self.redis = redis
        self.idle_s = idle_s

    async def create(self, channel: str = "chatt") -> Session:
        sid = secrets.token_urlsafe(SESSION_ID_BYTES)
        sender = f"{'w' if channel == 'chatt' else 't'}-{secrets.token_hex(10)}"
        key, _, _ = _keys(sid)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"sender": sender, "created": f"{time.time():.3f}", "seq": 0, "channel": channel})
            pipe.expire(key, self.idle_s)
            await pipe.execute()
        return Session(sid, sender, channel)

    async def resume(self, sid: Any) -> Optional[Session]:
        """The live session with this id (its idle timer restarted), or None if unknown or expired."""
        if not valid_sid(sid):
            return None
        sender, channel = await self.redis.hmget(_keys(sid)[0], "sender", "channel")
        if sender is None:
            return None
        await self.touch(sid)
        return Session(sid, _text(sender), _text(channel) if channel else "chatt")

    async def touch(self, sid: str) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for key in _keys(sid):
                pipe.expire(key, self.idle_s)
            await pipe.execute()

    async def claim_message(self, sid: str, client_id: str) -> Optional[int]:
        """Mark a client message id as seen. None if new; else the seq it got before (0: in flight)."""
        _, _, dedupe = _keys(sid)
        if await self.redis.hsetnx(dedupe, client_id, "0"):
            await self.redis.expire(dedupe, self.idle_s)
            return None
        seq = await self.redis.hget(dedupe, client_id)
        return int(seq or 0)

    async def unclaim(self, sid: str, client_id: str) -> None:
        """Forget a refused message id, so the same message can be sent again later."""
        await self.redis.hdel(_keys(sid)[2], client_id)

    async def alive(self, sid: str) -> bool:
        return bool(await self.redis.exists(_keys(sid)[0]))

    async def append(self, sid: str, entry: dict[str, Any], client_id: Optional[str] = None) -> dict[str, Any]:
        """Add an entry to the history with the next seq number; returns the stored entry."""
        key, history, dedupe = _keys(sid)
        seq = await self.redis.hincrby(key, "seq", 1)
        stored = {**entry, "seq": seq, "ts": round(time.time(), 3)}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(history, json.dumps(stored, ensure_ascii=False))
            pipe.ltrim(history, -HISTORY_LIMIT, -1)
            if client_id:
                pipe.hset(dedupe, client_id, seq)
            for k in (key, history, dedupe):
                pipe.expire(k, self.idle_s)
            await pipe.execute()
        return stored

    async def history(self, sid: str) -> list[dict[str, Any]]:
        raw = await self.redis.lrange(_keys(sid)[1], 0, -1)
        return [json.loads(item) for item in raw]

    async def end(self, sid: str) -> None:
        await self.redis.delete(*_keys(sid))

    async def ttl(self, sid: str) -> int:
        return int(await self.redis.ttl(_keys(sid)[0]))
