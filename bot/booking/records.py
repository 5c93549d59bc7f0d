"""Booking records in Redis: the one place where a personnummer is kept.

Keys:
  vl:bk:rec:{REF}        string  the record as JSON (expires 90 days after the visit)
  vl:bk:sess:{sender}    set     refs made or found in that conversation (same expiry as its newest record)

A reference code is "VL-" and six characters from an alphabet without look-alikes (0/O, 1/I/L), so it
can be read out on the phone. It is claimed with SET NX: two bookings can never share one.
"""
from __future__ import annotations

import hmac
import json
import re
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Optional

from redis.asyncio import Redis

PREFIX = "vl:bk"
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REF_LENGTH = 6
KEEP_AFTER_VISIT = timedelta(days=90)
ACTIVE = ("confirmed", "moved")


def record_key(ref: str) -> str:
    return f"{PREFIX}:rec:{ref}"


def session_key(sender: str) -> str:
    return f"{PREFIX}:sess:{sender}"


_CODE = re.compile(rf"\b(VL[\s-]?)?([{ALPHABET}]{{{REF_LENGTH}}})\b")


def new_reference() -> str:
    """Always with a digit, so that a code typed without "VL-" is not mistaken for a six-letter word."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(REF_LENGTH))
        if any(c.isdigit() for c in code):
            return f"VL-{code}"


def normalise_reference(text: str) -> Optional[str]:
    """"vl-ab3k9q", "VL AB3K9Q", "ab3k9q" → "VL-AB3K9Q"; None when the text holds no code."""
    for match in _CODE.finditer((text or "").upper()):
        if match.group(1) or any(c.isdigit() for c in match.group(2)):
            return f"VL-{match.group(2)}"
    return None


@dataclass(frozen=True)
class BookingRecord:
    """A booked visit. `personnummer` is the 12-digit form; `triage` is the summary the clinician sees."""

    reference: str
    status: str  # confirmed | moved | cancelled
    unit_id: str
    unit_name: str
    mode: str
    slot_id: str
    start: str  # ISO, Europe/Stockholm
    end: str
    name: str
    personnummer: str
    created: str
    triage: dict[str, Any] = field(default_factory=dict)
    calendar_token: str = ""
    history: tuple[dict[str, str], ...] = ()

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: bytes | str) -> BookingRecord:
        data = json.loads(raw)
        data["history"] = tuple(data.get("history") or ())
        return cls(**data)


class BookingBook:
    """Create, find and change booking records. Give it a `redis.asyncio.Redis`; it opens nothing itself."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def _ttl(self, record: BookingRecord, now: datetime) -> int:
        until = datetime.fromisoformat(record.end) + KEEP_AFTER_VISIT
        return max(86400, int((until - now).total_seconds()))

    async def create(self, record: BookingRecord, sender: str, now: datetime) -> bool:
        """Store a new record under its reference and link it to `sender`; False if the reference exists."""
        ttl = self._ttl(record, now)
        if not await self.redis.set(record_key(record.reference), record.to_json(), nx=True, ex=ttl):
            return False
        await self.attach(record.reference, sender, ttl)
        return True

    async def save(self, record: BookingRecord, now: datetime) -> None:
        await self.redis.set(record_key(record.reference), record.to_json(), ex=self._ttl(record, now))

    async def attach(self, ref: str, sender: str, ttl: int = 86400 * 30) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(session_key(sender), ref)
            pipe.expire(session_key(sender), ttl)
            await pipe.execute()

    async def get(self, ref: str) -> Optional[BookingRecord]:
        raw = await self.redis.get(record_key(ref))
        return BookingRecord.from_json(raw) if raw else None

    async def for_sender(self, sender: str) -> list[BookingRecord]:
        """The conversation's bookings, soonest first."""
        refs = sorted(m.decode() for m in await self.redis.smembers(session_key(sender)))
        found = [await self.get(ref) for ref in refs]
        return sorted((r for r in found if r is not None), key=lambda r: r.start)

    async def owned_by(self, ref: str, sender: str) -> Optional[BookingRecord]:
        """The record, only if this conversation made or found it."""
        if not await self.redis.sismember(session_key(sender), ref):
            return None
        return await self.get(ref)

    async def find(self, ref: str, personnummer: str) -> Optional[BookingRecord]:
        """The record when the code and the number belong together (compared in constant time)."""
        record = await self.get(ref)
        if record is None or not hmac.compare_digest(record.personnummer.encode(), personnummer.encode()):
            return None
        return record


def with_change(record: BookingRecord, status: str, now: datetime, **changes: Any) -> BookingRecord:
    """The record after a change, with the change appended to its history (no personal data in it)."""
    entry = {"at": now.isoformat(timespec="seconds"), "status": status, "slot_id": changes.get("slot_id", record.slot_id)}
    return replace(record, status=status, history=record.history + (entry,), **changes)
