"""The gateway's client of Rasa's REST channel, with the fallback when the bot cannot answer in time."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

import httpx

from bot.emergency.screen import screen
from bot.messages import CLOSING
from bot.triage import dialogue
from bot.triage.subject import Subject, parse_subject

log = logging.getLogger("vardlotsen.gateway")
CONNECT_RETRY_S = 2.0  # Rasa busy or restarting: the request never left, so sending it again is safe
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

FALLBACK = (
    "Förlåt, jag kan inte svara just nu på grund av ett tekniskt fel. Det du skrev är sparat, "
    f"och du kan fortsätta när jag är tillbaka. {CLOSING}"
)


class BotUnavailableError(Exception):
    """Rasa or the action server could not answer (down, error, or an empty reply)."""


class BotClient:
    def __init__(self, rasa_url: str, late_reply_s: float) -> None:
        self._url = f"{rasa_url.rstrip('/')}/webhooks/rest/webhook"
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(late_reply_s, connect=2.0),
                                         limits=httpx.Limits(max_connections=200, max_keepalive_connections=200))

    async def ask(self, sender: str, text: str, metadata: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """The bot's messages for one citizen message. Raises BotUnavailableError."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        try:
            response = await self._post(body)
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise BotUnavailableError(type(exc).__name__) from exc
        if not isinstance(messages, list) or not messages:
            raise BotUnavailableError("empty reply")
        return [m for m in messages if isinstance(m, dict)]

    async def _post(self, body: dict[str, Any]) -> httpx.Response:
        """POST, trying again for a short while when the connection could not be made."""
        deadline = asyncio.get_running_loop().time() + CONNECT_RETRY_S
        pause = 0.2
        while True:
            try:
                return await self._client.post(self._url, json=body)
            except NOT_SENT:
                if asyncio.get_running_loop().time() + pause > deadline:
                    raise
                await asyncio.sleep(pause)
                pause *= 2

    async def close(self) -> None:
        await self._client.aclose()


def fallback_messages(text: str) -> list[dict[str, Any]]:
    """What the citizen gets when the bot is away: the 112 advice if the screen finds a sign, else FALLBACK."""
    result = screen(text)
    if result is None:
        return [{"text": FALLBACK}]
    messages = dialogue.screen_messages(result, text, parse_subject(text, Subject()))
    return [{"text": m.text, "custom": m.custom} for m in messages]


async def first_within(task: asyncio.Task[Any], seconds: float) -> bool:
    """Wait for a task up to `seconds` without cancelling it; True when it finished."""
    done, _ = await asyncio.wait({task}, timeout=max(0.0, seconds))
    return bool(done)
