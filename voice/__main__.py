"""Start the phone line: python -m voice"""
from __future__ import annotations

import logging
import os


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models ship in packages; never reach for the hub
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    import uvicorn

    from bot.settings import VoiceSettings
    from voice.app import create_app

    settings = VoiceSettings()
    uvicorn.run(create_app(settings), host=settings.voice_host, port=settings.voice_port, log_level="warning",
                ws_max_size=256 * 1024)


if __name__ == "__main__":
    main()
