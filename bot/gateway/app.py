"""The gateway application: only app wiring and middleware here; routes live in their own modules."""
from __future__ import annotations

from fastapi import FastAPI

from bot.gateway import health, pages
from bot.settings import GatewaySettings


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    app = FastAPI(title="Vårdlotsen gateway", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(pages.router)
    return app
