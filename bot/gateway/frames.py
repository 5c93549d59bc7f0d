"""Client frames of the chat websocket (docs/chat-protocol.md): parse, check, and say why not in Swedish."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from bot.booking.identity import mask_personnummer
from bot.booking.vault import split_personnummer
from bot.messages import CLOSING, MAX_MESSAGE_CHARS

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_PAYLOAD_CHARS = 200


class FrameError(ValueError):
    """A refused frame: `code` for the widget, `text` for the citizen."""

    def __init__(self, code: str, text: str, client_id: Optional[str] = None) -> None:
        super().__init__(code)
        self.code, self.text, self.client_id = code, text, client_id


@dataclass(frozen=True)
class Hello:
    session: Optional[str]


@dataclass(frozen=True)
class ChatMessage:
    client_id: str
    text: str
    payload: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # The personnummer-shaped part that was masked out of the text: only for the identity vault.
    personnummer: Optional[str] = field(default=None, repr=False)

    @property
    def for_bot(self) -> str:
        """What Rasa reads: the button payload, or the typed text without a leading '/' (Rasa's intent syntax)."""
        return self.payload or strip_command(self.text)


@dataclass(frozen=True)
class Simple:
    kind: str  # "end" | "ping"


Frame = Union[Hello, ChatMessage, Simple]

BAD_FRAME = f"Meddelandet kunde inte läsas. Försök igen. {CLOSING}"
TOO_LONG = f"Ditt meddelande är för långt (högst {MAX_MESSAGE_CHARS} tecken). Dela gärna upp det. {CLOSING}"
EMPTY = f"Meddelandet var tomt. Skriv med egna ord vad du behöver hjälp med. {CLOSING}"


def parse(raw: Union[str, bytes, None]) -> Frame:
    """One websocket frame → a Frame, or FrameError. Never raises anything else."""
    if not isinstance(raw, str):
        raise FrameError("bad_frame", BAD_FRAME)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise FrameError("bad_frame", BAD_FRAME) from exc
    if not isinstance(data, dict):
        raise FrameError("bad_frame", BAD_FRAME)
    kind = data.get("type")
    if kind == "hello":
        session = data.get("session")
        return Hello(session if isinstance(session, str) else None)
    if kind in ("end", "ping"):
        return Simple(kind)
    if kind == "message":
        return _message(data)
    raise FrameError("bad_frame", BAD_FRAME)


def message_from(data: dict[str, Any]) -> ChatMessage:
    """A citizen message from an already decoded object (the phone line's API); FrameError if invalid."""
    return _message(data)


def _message(data: dict[str, Any]) -> ChatMessage:
    client_id = data.get("client_id")
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise FrameError("bad_frame", BAD_FRAME)
    text = data.get("text")
    if not isinstance(text, str):
        raise FrameError("bad_frame", BAD_FRAME, client_id)
    text = text.replace("\x00", "")
    if len(text) > MAX_MESSAGE_CHARS:
        raise FrameError("too_long", TOO_LONG, client_id)
    if not strip_command(text):
        raise FrameError("empty", EMPTY, client_id)
    payload = data.get("payload")
    if not isinstance(payload, str) or not payload.strip() or len(payload) > MAX_PAYLOAD_CHARS:
        payload = None
    # A personnummer never reaches Rasa, the history or the nurse: it is masked here, at the door, and
    # reaches booking only through the identity vault (bot/booking/vault.py).
    masked, number = split_personnummer(text)
    return ChatMessage(client_id, masked, payload and mask_personnummer(payload), _metadata(data.get("metadata")),
                       number)


def strip_command(text: str) -> str:
    """Typed text without leading slashes, which Rasa would read as an intent ("/restart")."""
    return text.strip().lstrip("/").strip()


def _metadata(raw: Any) -> dict[str, Any]:
    """Only what the bot uses: a browser position with plausible numbers."""
    if not isinstance(raw, dict) or not isinstance(raw.get("geo"), dict):
        return {}
    geo = raw["geo"]
    lat, lon = geo.get("lat"), geo.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return {}
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return {}
    return {"geo": {"lat": round(float(lat), 4), "lon": round(float(lon), 4)}}
