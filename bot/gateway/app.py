"""The gateway application: app wiring, lifespan and security headers; routes live in their own modules."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, Request, Response
from redis.asyncio import Redis

from bot.booking.vault import IdentityVault
from bot.gateway import calendar_file, chat, health, nurse_audit, nurse_auth, nurse_ws, pages, voice_api
from bot.gateway.bot_client import BotClient
from bot.gateway.handover import HandoverService
from bot.gateway.service import ChatService
from bot.gateway.sessions import SessionStore
from bot.handover.accounts import LocalAccounts
from bot.handover.queue import HandoverQueue
from bot.settings import GatewaySettings

log = logging.getLogger("vardlotsen.gateway")
SWEEP_S = 30.0
SECURITY_HEADERS = {
    "Content-Security-Policy": pages.CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}


async def _sweep_forever(handover: HandoverService) -> None:
    """Citizens who left (session expired) leave the nurse queue."""
    while True:
        await asyncio.sleep(SWEEP_S)
        try:
            await handover.sweep()
        except Exception:  # noqa: BLE001 - Redis away for a moment: try again next round
            log.exception("event=sweep_failed")


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = Redis.from_url(settings.url, socket_connect_timeout=2.0, health_check_interval=30)
        bot = BotClient(settings.rasa_url, settings.bot_late_reply_s)
        store = SessionStore(redis, settings.session_idle_s)
        app.state.redis = redis
        app.state.chat = ChatService(store, bot, settings)
        app.state.handover = HandoverService(HandoverQueue(redis, settings.nurse_avg_handle_s), store,
                                             app.state.chat.hub, settings.nurse_hours)
        app.state.chat.handover = app.state.handover
        app.state.chat.vault = IdentityVault(redis)
        app.state.voice_token = settings.voice_token()
        if app.state.voice_token is None:
            log.warning("event=voice_api_off reason=no_token file=%s", settings.voice_token_file)
        app.state.accounts = LocalAccounts(redis)
        sweeper = asyncio.create_task(_sweep_forever(app.state.handover))
        log.info("event=started port=%s", settings.gateway_port)
        yield
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await app.state.chat.drain()
        await bot.close()
        await redis.close()

    app = FastAPI(title="Vårdlotsen gateway", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    for module in (health, pages, chat, calendar_file, nurse_auth, nurse_audit, nurse_ws, voice_api):
        app.include_router(module.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
