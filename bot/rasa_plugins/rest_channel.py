"""The REST input channel, hardened: same URL (/webhooks/rest/webhook) and response format as Rasa's.

A personnummer in the text is masked before Rasa sees it, so it never reaches the tracker; the number goes
to the identity vault and only its reference rides along in the metadata (bot/booking/vault.py).
Bad input gets a clear Swedish answer and never reaches the pipeline: invalid JSON or non-UTF-8
(HTTP 400), a missing or odd sender (400), empty or over-long text (a polite bot message).
Failures are logged with the sender id only, never the message text.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.booking.identity import mask_personnummer
from bot.booking.vault import IdentityVault
from bot.messages import CLOSING, EMPTY_MESSAGE, ERROR_MESSAGE, MAX_MESSAGE_CHARS, TOO_LONG_MESSAGE
from bot.rasa_plugins import speedups
from bot.settings import RedisSettings

log = logging.getLogger("vardlotsen.rest")
SENDER = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")


def _bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": f"{reason} {CLOSING}"}, status=400)


def _bot_text(sender: str, text: str) -> HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}])


def parse_body(raw: bytes) -> tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The JSON object of a request, or a Swedish reason why it is not one."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "Meddelandet måste vara UTF-8-kodad text."
    except ValueError:
        return None, "Meddelandet är inte giltig JSON."
    if not isinstance(body, dict):
        return None, "Meddelandet ska vara ett JSON-objekt med 'sender' och 'message'."
    return body, None


class SafeRestInput(InputChannel):
    """Drop-in replacement for Rasa's `rest` channel."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        speedups.install()
        webhook = Blueprint("vardlotsen_rest", __name__)

        @webhook.listener("after_server_start")
        async def freeze(*_: Any) -> None:  # the agent is loaded in a before_server_start listener
            speedups.freeze_model()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, problem = parse_body(request.body or b"")
            if body is None:
                return _bad_request(problem or "Ogiltigt meddelande.")
            sender = body.get("sender")
            if not isinstance(sender, str) or not SENDER.match(sender):
                return _bad_request("Avsändaren saknas eller är ogiltig.")
            text = body.get("message")
            if not isinstance(text, str) or not text.strip():
                return _bot_text(sender, EMPTY_MESSAGE)
            if len(text) > MAX_MESSAGE_CHARS:
                return _bot_text(sender, TOO_LONG_MESSAGE)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            try:  # a personnummer never reaches the tracker: masked here, kept apart (bot/booking/vault.py)
                masked, metadata = await self._vault().mask_into(sender, text, metadata)
            except Exception:  # noqa: BLE001 - Redis away: the number is dropped, never passed on
                log.exception("identity vault unavailable sender=%s", sender)
                masked = mask_personnummer(text)
            return response.json(await self._handle(on_new_message, sender, masked, metadata))

        return webhook

    def _vault(self) -> IdentityVault:
        """Created on the first request, inside the server's event loop (never at import)."""
        if getattr(self, "_identity_vault", None) is None:
            from redis.asyncio import Redis

            self._identity_vault = IdentityVault(Redis.from_url(RedisSettings().url))
        return self._identity_vault

    async def _handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], sender: str,
                      text: str, metadata: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
        except Exception:  # noqa: BLE001 - the citizen gets a polite answer, the log gets the sender id
            log.exception("rest handling failed sender=%s", sender)
            return [{"recipient_id": sender, "text": ERROR_MESSAGE}]
        return collector.messages
