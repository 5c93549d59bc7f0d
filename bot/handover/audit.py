"""Append-only audit of every nurse read or write of a conversation (a Redis stream, never trimmed)."""
from __future__ import annotations

import time
from typing import Any

from redis.asyncio import Redis

STREAM = "vl:audit"


async def record(redis: Redis, nurse: str, conversation: str, action: str) -> None:
    await redis.xadd(STREAM, {"nurse": nurse, "conversation": conversation, "action": action,
                              "ts": f"{time.time():.3f}"})


async def listing(redis: Redis, count: int = 500) -> list[dict[str, Any]]:
    """Newest first."""
    rows = await redis.xrevrange(STREAM, count=count)
    return [{"id": rid.decode(), **{k.decode(): v.decode() for k, v in fields.items()}} for rid, fields in rows]
