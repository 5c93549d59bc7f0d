"""The gateway is up, reports Rasa's health, and serves the start page with a strict CSP."""
from __future__ import annotations

import httpx


def test_health_reports_rasa(gateway):
    response = httpx.get(f"http://127.0.0.1:{gateway.port}/health", timeout=10)
    assert response.json() == {"status": "ok", "rasa": "ok"}


def test_start_page_is_swedish_with_112_and_csp(gateway):
    response = httpx.get(f"http://127.0.0.1:{gateway.port}/", timeout=10)
    assert response.status_code == 200
    assert "ring 112" in response.text
    assert response.headers["content-security-policy"] == "default-src 'self'"
