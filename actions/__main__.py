"""Start the action server on loopback with typed settings: python -m actions"""
from __future__ import annotations

import logging
import os

from actions.common import settings as action_settings


def main() -> None:
    settings = action_settings()
    os.environ["SANIC_HOST"] = settings.actions_host  # rasa-sdk reads its bind address from here
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from rasa_sdk import endpoint

    from bot.warmup import warm

    warm()

    endpoint.run(action_package_name="actions", port=settings.actions_port, auto_reload=False)


if __name__ == "__main__":
    main()
