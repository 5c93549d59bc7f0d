"""Wait for a TCP port: processes start in any order under the process manager."""
from __future__ import annotations

import socket
import time


def wait_for_port(host: str, port: int, timeout_s: float = 60.0) -> bool:
    """True once something accepts connections on host:port, False after the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return True
        except OSError:
            time.sleep(0.2)
    return False
