"""The separate way a personnummer travels to booking, past Rasa.

The doors (the gateway and the REST channel) mask personnummer-shaped text before Rasa sees it. Only
when the booking conversation has said it expects a number (`expect`, while it asks for name,
personnummer or booking code) do they put what they masked here, and tell Rasa only an opaque reference
in the message metadata (`identity_ref`); at any other time the number is simply dropped.
The booking action takes the number out with that reference and the conversation's sender id; taking
deletes it. An entry nobody takes expires after `TTL_S`. So the number is never in the tracker, the
transcripts or the logs, and the only lasting copy is the booking record.

Keys: vl:idv:{sender}:{ref}   string  the masked text as typed (validation happens in booking, which can
                                       then tell the citizen what is wrong)
      vl:idv:want:{sender}    string  "1" while the conversation expects a number
"""
from __future__ import annotations

import re
import secrets
from typing import Optional

from redis.asyncio import Redis

from bot.booking.identity import find_personnummer_spans, mask_personnummer

TTL_S = 15 * 60
METADATA_KEY = "identity_ref"
_REF = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def vault_key(sender: str, ref: str) -> str:
    return f"vl:idv:{sender}:{ref}"


def wanted_key(sender: str) -> str:
    return f"vl:idv:want:{sender}"


def split_personnummer(text: str) -> tuple[str, Optional[str]]:
    """(the text with the number masked, the first personnummer-shaped part or None)."""
    spans = find_personnummer_spans(text or "")
    if not spans:
        return text, None
    start, end = spans[0]
    return mask_personnummer(text), text[start:end]


class IdentityVault:
    """Short-lived, take-once storage for a masked personnummer. Opens nothing itself."""

    def __init__(self, redis: Redis, ttl_s: int = TTL_S) -> None:
        self.redis, self.ttl_s = redis, ttl_s

    async def expect(self, sender: str) -> None:
        """The conversation is asking for a number: the doors may keep the next one for it."""
        await self.redis.set(wanted_key(sender), "1", ex=self.ttl_s)

    async def expect_nothing(self, sender: str) -> None:
        await self.redis.delete(wanted_key(sender))

    async def expecting(self, sender: str) -> bool:
        return bool(await self.redis.exists(wanted_key(sender)))

    async def keep(self, sender: str, number: str) -> Optional[str]:
        """Store the number only when it is expected; the reference, or None (the number is dropped)."""
        return await self.put(sender, number) if await self.expecting(sender) else None

    async def put(self, sender: str, number: str) -> str:
        ref = secrets.token_urlsafe(18)
        await self.redis.set(vault_key(sender, ref), number, ex=self.ttl_s)
        return ref

    async def take(self, sender: str, ref: object) -> Optional[str]:
        """The number stored for this sender under `ref`, deleted as it is read; None if absent or expired."""
        if not isinstance(ref, str) or not _REF.match(ref):
            return None
        value = await self.redis.getdel(vault_key(sender, ref))
        return value.decode() if value is not None else None

    async def mask_into(self, sender: str, text: str, metadata: Optional[dict]) -> tuple[str, Optional[dict]]:
        """What a door does: mask the text; when it held a number, store it and put the reference in the
        metadata. A reference already there (the gateway's, in front of the REST channel) is kept when the
        text holds no number: entries are per sender, so a reference can only ever reach its own sender's."""
        masked, number = split_personnummer(text)
        ref = await self.keep(sender, number) if number else None
        if ref is None:
            return masked, metadata
        return masked, {**(metadata or {}), METADATA_KEY: ref}
