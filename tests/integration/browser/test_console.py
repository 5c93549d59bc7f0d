"""The nurse console in headless chromium: login, live queue, claim, reply, close — with a citizen in the widget."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.integration.browser.conftest import Watched, shot
from tests.support.nurse_login import create_account

PASSWORD = "sjuksköterska-lösen-42"


def test_console_login_claim_reply_and_close(browser, watched, gateway, redis_url):
    create_account(redis_url, "cecilia", "Cecilia", PASSWORD)
    base = f"http://127.0.0.1:{gateway.port}"
    nurse_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    console = Watched(nurse_context.new_page())
    page = console.page
    page.goto(f"{base}/nurse")
    expect(page).to_have_url(f"{base}/nurse/login")
    page.fill("#username", "cecilia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/nurse")
    expect(page.locator(".nc-user")).to_contain_text("Cecilia")
    expect(page.locator(".nc-user")).not_to_contain_text("false")
    expect(page.locator(".nc-audit")).to_have_count(0)  # not an administrator

    citizen = watched.page
    citizen.goto(f"{base}/")
    box = citizen.locator("vardlotsen-chat .vl-input")
    box.fill("jag vill prata med en sjuksköterska")
    box.press("Enter")
    expect(citizen.locator("vardlotsen-chat .vl-handover-status")).to_contain_text("kö", timeout=30_000)

    item = page.locator(".nc-queue .nc-item[data-status=queued]").last
    expect(item).to_be_visible(timeout=10_000)
    expect(item).to_contain_text("Chatt")
    item.locator("button.nc-claim").click()
    expect(page.locator(".nc-first-screen")).to_contain_text("Brådska")
    expect(page.locator(".nc-transcript")).to_contain_text("jag vill prata med en sjuksköterska")
    expect(citizen.locator("vardlotsen-chat .vl-handover-status")).to_contain_text("Sjuksköterska Cecilia")

    page.fill("textarea.nc-input", "Hej, jag heter Cecilia. Hur mår du nu?")
    page.click("button.nc-send")
    nurse_entry = citizen.locator("vardlotsen-chat .vl-entry.vl-from-nurse")
    expect(nurse_entry).to_contain_text("Hur mår du nu?")
    expect(nurse_entry.locator(".vl-sender")).to_contain_text("Sjuksköterska Cecilia")
    box.fill("lite bättre, men jag har ont i halsen")
    box.press("Enter")
    expect(page.locator(".nc-transcript")).to_contain_text("lite bättre, men jag har ont i halsen")
    shot(page, "nurse-console")

    results = Axe().run(page)
    console.forget_problems()  # axe's own inline style is refused by the CSP, as it should be
    bad = [(v["id"], v["impact"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad

    page.select_option("select.nc-priority", "vardcentral")  # the nurse's own assessment
    page.click("button.nc-priority-set")
    expect(page.locator(".nc-queue .nc-item").last).to_have_attribute("data-urgency", "vardcentral")
    page.click("button.nc-close")
    page.fill("textarea.nc-note", "Halsont utan varningstecken, råd om egenvård.")
    page.click("button.nc-close-confirm")
    expect(page.locator(".nc-closed")).to_be_visible()
    expect(citizen.locator("vardlotsen-chat .vl-card.vl-handover").last).to_be_visible()
    problems = console.all_problems()
    nurse_context.close()
    assert not problems, problems
