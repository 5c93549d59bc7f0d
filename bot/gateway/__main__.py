"""Run the gateway: python -m bot.gateway"""
from __future__ import annotations

import logging

import uvicorn

from bot.gateway.app import create_app
from bot.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=settings.gateway_host, port=settings.gateway_port,
                ws="websockets", ws_max_size=settings.max_frame_bytes, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
