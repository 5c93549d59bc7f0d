"""The nurse queue in Redis: priority by urgency, then waiting time; atomic claims; survives restarts.

Keys:
  vl:hq          sorted set  conversation → rank * 1e11 + enqueued time (lower = first)
  vl:held        set         conversations a nurse holds now
  vl:hc:{conv}   hash        status (queued|held|bot|ended|callback), urgency, channel, sid, summary (JSON),
                             first_line, enqueued_at, nurse, nurse_name, note
  vl:callbacks   sorted set  conversation → requested time (callback requests)
  vl:nurses:on   sorted set  nurse username → last heartbeat
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Optional

from redis.asyncio import Redis

RANK = {"akut": 0, "samma_dag": 1, "vardcentral": 2, "egenvard": 3}
QUEUE, HELD, CALLBACKS, ONLINE = "vl:hq", "vl:held", "vl:callbacks", "vl:nurses:on"
ONLINE_WINDOW_S = 60
KEEP_S = 7 * 24 * 3600  # a handled conversation's record is kept a week

_CLAIM = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 or redis.call('ZREM', KEYS[4], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[2], 'status', 'held', 'nurse', ARGV[2], 'nurse_name', ARGV[3], 'claimed_at', ARGV[4])
  redis.call('SADD', KEYS[3], ARGV[1])
  return 1
end
return 0
"""


def conv_key(conv: str) -> str:
    return f"vl:hc:{conv}"


@dataclass(frozen=True)
class Item:
    conversation: str
    status: str
    urgency: str
    channel: str
    enqueued_at: float
    first_line: str
    nurse: Optional[str]
    nurse_name: Optional[str]
    sid: Optional[str]
    phone: Optional[str] = None

    def public(self, position: Optional[int], now: float) -> dict[str, Any]:
        """What the console's queue shows (never the citizen's session id; the number only to call back)."""
        shown = {"conversation": self.conversation, "status": self.status, "urgency": self.urgency,
                 "channel": self.channel, "waiting_s": int(max(0.0, now - self.enqueued_at)),
                 "position": position, "nurse": self.nurse_name, "first_line": self.first_line}
        if self.phone:  # a callback: the number to ring, with the summary
            shown["phone"] = self.phone
        return shown


def _item(conv: str, raw: dict[bytes, bytes]) -> Optional[Item]:
    if not raw:
        return None
    data = {k.decode(): v.decode() for k, v in raw.items()}
    return Item(conv, data.get("status", "ended"), data.get("urgency", "samma_dag"), data.get("channel", "chatt"),
                float(data.get("enqueued_at", 0) or 0), data.get("first_line", ""), data.get("nurse") or None,
                data.get("nurse_name") or None, data.get("sid") or None, data.get("phone") or None)


class HandoverQueue:
    def __init__(self, redis: Redis, avg_handle_s: int = 300) -> None:
        self.redis = redis
        self.avg_handle_s = avg_handle_s
        self._claim = redis.register_script(_CLAIM)

    async def enqueue(self, conv: str, urgency: str, channel: str, sid: str, summary: dict[str, Any],
                      first_line: str) -> int:
        """Queue a conversation (again); returns its place (1 = next)."""
        now = time.time()
        score = RANK.get(urgency, RANK["samma_dag"]) * 1e11 + now
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(conv_key(conv), mapping={
                "status": "queued", "urgency": urgency, "channel": channel, "sid": sid, "enqueued_at": f"{now:.3f}",
                "summary": json.dumps(summary, ensure_ascii=False), "first_line": first_line, "nurse": "",
                "nurse_name": ""})
            pipe.persist(conv_key(conv))
            pipe.zadd(QUEUE, {conv: score})
            await pipe.execute()
        return await self.position(conv) or 1

    async def claim(self, conv: str, nurse: str, nurse_name: str) -> bool:
        """Atomic: exactly one nurse gets a queued conversation or a callback to make."""
        keys = [QUEUE, conv_key(conv), HELD, CALLBACKS]
        return bool(await self._claim(keys=keys, args=[conv, nurse, nurse_name, time.time()]))

    async def finish(self, conv: str, status: str, note: str = "") -> None:
        """Leave the queue and the held set: `bot` (sent back), `ended` (closed or abandoned)."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(QUEUE, conv)
            pipe.srem(HELD, conv)
            pipe.zrem(CALLBACKS, conv)
            pipe.hset(conv_key(conv), mapping={"status": status, "note": note, "finished_at": f"{time.time():.3f}"})
            pipe.expire(conv_key(conv), KEEP_S)
            await pipe.execute()

    async def reprioritise(self, conv: str, urgency: str) -> None:
        """New urgency; a queued conversation keeps its waiting time but moves to its new rank."""
        item = await self.get(conv)
        if item is None:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(conv_key(conv), "urgency", urgency)
            pipe.zadd(QUEUE, {conv: RANK[urgency] * 1e11 + item.enqueued_at}, xx=True)
            await pipe.execute()

    async def mark(self, conv: str, status: str, sid: str, summary: Optional[dict[str, Any]] = None,
                   **fields: str) -> None:
        """A state outside the queue (`unavailable`, `callback_pending`) that the next message must see."""
        mapping = {"status": status, "sid": sid, **fields}
        if summary is not None:
            mapping["summary"] = json.dumps(summary, ensure_ascii=False)
        await self.redis.hset(conv_key(conv), mapping=mapping)
        await self.redis.expire(conv_key(conv), KEEP_S)

    async def request_callback(self, conv: str, phone: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrem(QUEUE, conv)
            pipe.hset(conv_key(conv), mapping={"status": "callback", "phone": phone, "enqueued_at": f"{time.time():.3f}"})
            pipe.zadd(CALLBACKS, {conv: time.time()})
            await pipe.execute()

    async def get(self, conv: str) -> Optional[Item]:
        return _item(conv, await self.redis.hgetall(conv_key(conv)))

    async def summary(self, conv: str) -> dict[str, Any]:
        raw = await self.redis.hget(conv_key(conv), "summary")
        return json.loads(raw) if raw else {}

    async def status(self, conv: str) -> Optional[str]:
        raw = await self.redis.hget(conv_key(conv), "status")
        return raw.decode() if raw else None

    async def position(self, conv: str) -> Optional[int]:
        rank = await self.redis.zrank(QUEUE, conv)
        return None if rank is None else rank + 1

    async def listing(self) -> list[Item]:
        """Queued conversations in priority order, then the held ones, then callbacks (oldest first)."""
        queued = [m.decode() for m in await self.redis.zrange(QUEUE, 0, -1)]
        held = sorted(m.decode() for m in await self.redis.smembers(HELD))
        calls = [m.decode() for m in await self.redis.zrange(CALLBACKS, 0, -1)]
        items = [await self.get(conv) for conv in queued + held + calls]
        return [item for item in items if item is not None]

    async def estimated_wait_s(self, position: int) -> int:
        return int(position * self.avg_handle_s / max(1, await self.nurses_online()))

    async def heartbeat(self, nurse: str) -> None:
        await self.redis.zadd(ONLINE, {nurse: time.time()})

    async def offline(self, nurse: str) -> None:
        await self.redis.zrem(ONLINE, nurse)

    async def nurses_online(self) -> int:
        return int(await self.redis.zcount(ONLINE, time.time() - ONLINE_WINDOW_S, "+inf"))
