"""Real server processes for integration tests: started on free ports, stopped at the end."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """One real process with its log file; can be killed and started again with the same settings."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], log_dir: Path, health_url: Optional[str] = None,
                 port: Optional[int] = None, start_timeout_s: float = 180.0) -> None:
        self.name, self.cmd, self.env, self.health_url, self.port = name, cmd, env, health_url, port
        self.log_path = log_dir / f"{name}.log"
        self.start_timeout_s = start_timeout_s
        self.proc: Optional[subprocess.Popen[bytes]] = None

    def start(self) -> ServerProcess:
        log = open(self.log_path, "ab")
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(self.cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}); see {self.log_path}:\n{self.tail()}")
            if self._ready():
                return
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} not ready after {self.start_timeout_s}s; see {self.log_path}:\n{self.tail()}")

    def _ready(self) -> bool:
        if self.health_url:
            try:
                return httpx.get(self.health_url, timeout=2.0).status_code == 200
            except httpx.HTTPError:
                return False
        try:
            with socket.create_connection(("127.0.0.1", self.port or 0), timeout=0.5):
                return True
        except OSError:
            return False

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL the whole process group: no chance to flush or clean up."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def python() -> str:
    return sys.executable
