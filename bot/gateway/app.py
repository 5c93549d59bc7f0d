"""The gateway application: app wiring, lifespan and security headers; routes live in their own modules."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, Request, Response
from redis.asyncio import Redis

from bot.gateway import chat, health, pages
from bot.gateway.bot_client import BotClient
from bot.gateway.service import ChatService
from bot.gateway.sessions import SessionStore
from bot.settings import GatewaySettings

SECURITY_HEADERS = {
    "Content-Security-Policy": pages.CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = Redis.from_url(settings.url, socket_connect_timeout=2.0, health_check_interval=30)
        bot = BotClient(settings.rasa_url, settings.bot_late_reply_s)
        app.state.chat = ChatService(SessionStore(redis, settings.session_idle_s), bot, settings)
        logging.getLogger("vardlotsen.gateway").info("event=started port=%s", settings.gateway_port)
        yield
        await app.state.chat.drain()
        await bot.close()
        await redis.close()

    app = FastAPI(title="Vårdlotsen gateway", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(pages.router)
    app.include_router(chat.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
