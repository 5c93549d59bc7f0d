"""The phone line as a client of the gateway's session API (bot/gateway/voice_api.py): same sessions, bot,
nurse queue and summary as the chat; the session's channel is `telefon`."""
from __future__ import annotations

import logging
import uuid
from typing import Any, Optional

import httpx

log = logging.getLogger("vardlotsen.voice")


class GatewayDownError(RuntimeError):
    """The gateway did not answer; the caller hears the fallback with 112/1177."""


class BotLink:
    def __init__(self, gateway_url: str, token: str, timeout_s: float = 35.0) -> None:
        self._client = httpx.AsyncClient(base_url=gateway_url, timeout=timeout_s,
                                         headers={"Authorization": f"Bearer {token}"})

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._client.post(path, json=body)
        except httpx.HTTPError as exc:
            raise GatewayDownError(type(exc).__name__) from exc
        if response.status_code >= 500 or response.status_code == 401:
            raise GatewayDownError(f"http {response.status_code}")
        data = response.json()
        return data if isinstance(data, dict) else {}

    async def open_call(self) -> tuple[str, str]:
        """A new session for a call: (session id, sender id)."""
        data = await self._post("/api/voice/calls", {})
        return data["session"], data["sender"]

    async def say(self, session: str, text: str, payload: Optional[str] = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"client_id": uuid.uuid4().hex, "text": text}
        if payload:
            body["payload"] = payload
        return (await self._post(f"/api/voice/calls/{session}/turn", body)).get("entries", [])

    async def callback(self, session: str, phone: str) -> list[dict[str, Any]]:
        return (await self._post(f"/api/voice/calls/{session}/callback", {"phone": phone})).get("entries", [])

    async def end(self, session: str) -> None:
        try:
            await self._post(f"/api/voice/calls/{session}/end", {})
        except GatewayDownError:
            log.warning("event=end_failed")

    async def close(self) -> None:
        await self._client.aclose()
