"""Nurse accounts and console login for tests: the real CLI and the real login form."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx

from tests.integration.servers import ROOT


def create_account(redis_url: str, username: str, name: str, password: str, admin: bool = False) -> None:
    cmd = [sys.executable, "-m", "bot.handover.accounts", "add", username, "--name", name, "--password-stdin"]
    if admin:
        cmd.append("--admin")
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, input=password + "\n", text=True, capture_output=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr


def login(port: int, username: str, password: str) -> str:
    """Log in through the form (CSRF cookie + field); returns the session cookie's value."""
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=10) as client:
        page = client.get("/nurse/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        response = client.post("/nurse/login", data={"username": username, "password": password, "csrf": csrf},
                               cookies={"vl_login_csrf": page.cookies.get("vl_login_csrf") or csrf},
                               follow_redirects=False)
    assert response.status_code == 303, response.text
    cookie = re.search(r"vl_nurse=([^;]+)", response.headers["set-cookie"]).group(1)
    return cookie
