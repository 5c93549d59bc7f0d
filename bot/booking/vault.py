"""The separate way a personnummer travels to booking, past Rasa.

The doors (the gateway and the REST channel) mask personnummer-shaped text before Rasa sees it, put what
they masked here, and tell Rasa only an opaque reference in the message metadata (`identity_ref`).
The booking action takes the number out with that reference and the conversation's sender id; taking
deletes it. An entry nobody takes expires after `TTL_S`. So the number is never in the tracker, the
transcripts or the logs, and the only lasting copy is the booking record.

Key: vl:idv:{sender}:{ref}  string  the masked text as typed (validation happens in booking, which can
                                     then tell the citizen what is wrong)
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
        if number is None:
            return masked, metadata
        ref = await self.put(sender, number)
        return masked, {**(metadata or {}), METADATA_KEY: ref}
