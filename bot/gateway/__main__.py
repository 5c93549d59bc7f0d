"""Run the gateway: python -m bot.gateway"""
from __future__ import annotations

import uvicorn

from bot.gateway.app import create_app
from bot.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    uvicorn.run(create_app(settings), host=settings.gateway_host, port=settings.gateway_port,
                ws="websockets", log_level="info", access_log=False)


if __name__ == "__main__":
    main()
