"""Fixed Swedish texts shared by the channels. Every fallback and error text ends with CLOSING."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class BotMessage:
    """One bot message as every channel sends it: text, quick-reply buttons, a `custom` payload."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: Optional[dict[str, Any]] = None


CLOSING = "Vid livshotande tillstånd, ring 112. Annars kan du ringa 1177."
MAX_MESSAGE_CHARS = 2000

EMPTY_MESSAGE = f"Jag fick ett tomt meddelande. Skriv gärna med egna ord vad du behöver hjälp med. {CLOSING}"
TOO_LONG_MESSAGE = (
    f"Ditt meddelande är för långt (högst {MAX_MESSAGE_CHARS} tecken). Skriv gärna kortare, "
    f"så hjälper jag dig. {CLOSING}"
)
ERROR_MESSAGE = f"Förlåt, något gick fel hos mig. Försök igen om en liten stund. {CLOSING}"
