"""Headless Debian chromium driven by Playwright; every page fails its test on a CSP violation or page error."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.integration.servers import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = ROOT / "reports" / "screenshots"
WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation', e => window.__problems.push(
  'csp ' + e.violatedDirective + ' ' + e.blockedURI), true);
window.addEventListener('error', e => window.__problems.push('error ' + e.message));
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make browser-deps` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


class Watched:
    """A page plus everything that went wrong on it (CSP violations, page errors, dialogs)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(WATCH)
        page.on("pageerror", lambda exc: self.problems.append(f"pageerror {exc}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"console {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog {dialog.message}")
        dialog.dismiss()

    def forget_problems(self) -> None:
        self.problems.clear()
        self.page.evaluate("window.__problems = []")

    def all_problems(self) -> list[str]:
        try:
            in_page = self.page.evaluate("window.__problems || []")
        except Exception:  # noqa: BLE001 - page closed or navigating
            in_page = []
        return self.problems + list(in_page)


@pytest.fixture()
def watched(browser: Browser, gateway: Any, request: pytest.FixtureRequest) -> Iterator[Watched]:
    size = getattr(request, "param", {"width": 1280, "height": 900})
    context = browser.new_context(viewport=size, locale="sv-SE", timezone_id="Europe/Stockholm",
                                  reduced_motion="reduce")
    context.set_default_timeout(30_000)
    page = context.new_page()
    watched = Watched(page)
    yield watched
    problems = watched.all_problems()
    context.close()
    assert not problems, f"problems on the page: {problems}"


def shot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
