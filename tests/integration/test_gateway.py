"""The gateway is up, reports Rasa's and Redis' health, and serves the demo page and widget with a strict CSP."""
from __future__ import annotations

import httpx

from tests.integration.conftest import ALLOWED_ORIGIN


def test_health_reports_rasa_and_redis(gateway, botless_gateway):
    assert httpx.get(f"http://127.0.0.1:{gateway.port}/health", timeout=10).json() == \
        {"status": "ok", "rasa": "ok", "redis": "ok"}
    assert httpx.get(f"http://127.0.0.1:{botless_gateway.port}/health", timeout=10).json()["rasa"] == "nere"


def test_demo_page_is_swedish_with_112_the_widget_and_csp(gateway):
    response = httpx.get(f"http://127.0.0.1:{gateway.port}/", timeout=10)
    assert response.status_code == 200
    assert "ring 112" in response.text
    assert "<vardlotsen-chat" in response.text and "/widget/vardlotsen-chat.js" in response.text
    assert response.headers["content-security-policy"] == "default-src 'self'"
    assert "<style" not in response.text and " style=" not in response.text and "<script>" not in response.text


def test_widget_files_are_served_with_types_and_only_from_widget_dir(gateway):
    base = f"http://127.0.0.1:{gateway.port}/widget"
    js = httpx.get(f"{base}/vardlotsen-chat.js", timeout=10)
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert js.headers["x-content-type-options"] == "nosniff"
    for bad in ("../Makefile", "..%2FMakefile", "%2e%2e/bot/settings.py", "README.md", "nope.js"):
        assert httpx.get(f"{base}/{bad}", timeout=10).status_code == 404, bad


def test_widget_can_be_embedded_by_an_allowed_region_site_only(gateway):
    url = f"http://127.0.0.1:{gateway.port}/widget/vardlotsen-chat.js"
    allowed = httpx.get(url, headers={"Origin": ALLOWED_ORIGIN}, timeout=10)
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    foreign = httpx.get(url, headers={"Origin": "https://evil.example"}, timeout=10)
    assert "access-control-allow-origin" not in foreign.headers
