"""Start the Rasa server: loopback only, HTTP API behind a token, Redis tracker and lock store.

endpoints.yml reads its values from the environment (Rasa has no default syntax there), so this
launcher turns the typed settings into those variables and then execs `rasa run`.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from bot.infra.wait import wait_for_port
from bot.settings import PROJECT_ROOT, RasaSettings, read_secret

log = logging.getLogger("vardlotsen.rasa")


def rasa_environment(settings: RasaSettings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(settings.parts())
    env["REDIS_URL"] = settings.url  # the REST channel's identity vault (bot/booking/vault.py)
    env["ACTIONS_URL"] = settings.actions_url
    env["TRACKER_RETENTION_S"] = str(settings.tracker_retention_s)
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    env["LOG_LEVEL"] = settings.rasa_log_level
    env["RASA_TELEMETRY_ENABLED"] = "false"  # no telemetry or error reports leave the machine
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    return env


def rasa_command(settings: RasaSettings, token: str) -> list[str]:
    rasa = str(Path(sys.executable).with_name("rasa"))
    return [
        rasa, "run",
        "--interface", settings.rasa_host,
        "--port", str(settings.rasa_port),
        "--enable-api",
        f"--auth-token={token}",  # '=' form: a token may start with '-' (token_urlsafe), which argparse would misread
        "--model", str(settings.rasa_model_dir),
        "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
        "--credentials", str(PROJECT_ROOT / "credentials.yml"),
    ]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = RasaSettings()
    token = read_secret(settings.rasa_token_file)
    parts = settings.parts()
    if not wait_for_port(parts["REDIS_HOST"], int(parts["REDIS_PORT"]), 60):
        raise SystemExit("Redis svarar inte: startar inte Rasa.")
    env = rasa_environment(settings)
    cmd = rasa_command(settings, token)
    log.info("starting rasa on %s:%s", settings.rasa_host, settings.rasa_port)
    sys.stdout.flush()
    os.chdir(PROJECT_ROOT)
    os.execve(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
