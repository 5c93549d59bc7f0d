"""The chat widget in headless chromium against the real gateway, Rasa, action server and Redis."""
from __future__ import annotations

import json

import pytest
import redis
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.integration.browser.conftest import shot

URGENCY_WORDS = {"112": "112", "akut": "akutmottagning", "samma_dag": "i dag", "vardcentral": "vårdcentral",
                 "egenvard": "Egenvård"}


def open_chat(page: Page, gateway) -> None:
    page.goto(f"http://127.0.0.1:{gateway.port}/")
    expect(page.locator("vardlotsen-chat .vl-status")).to_have_attribute("data-state", "online")


def send(page: Page, text: str) -> None:
    box = page.locator("vardlotsen-chat .vl-input")
    box.fill(text)
    box.press("Enter")


def bot_entries(page: Page):
    return page.locator("vardlotsen-chat .vl-entry.vl-from-bot")


def wait_for_bot(page: Page, count_before: int) -> None:
    expect(bot_entries(page)).not_to_have_count(count_before, timeout=30_000)
    expect(page.locator("vardlotsen-chat .vl-typing")).to_be_hidden(timeout=30_000)


def typed_answer(question: str) -> str:
    """What a citizen types to a question that has no buttons."""
    lowered = question.lower()
    if "gammal" in lowered:
        return "45 år"
    if "hur länge" in lowered or "när började" in lowered:
        return "två dagar"
    if "grader" in lowered or "temperatur" in lowered:
        return "37,8"
    return "nej"


def user_texts(page: Page) -> list[str]:
    return page.locator("vardlotsen-chat .vl-entry.vl-from-user .vl-text").all_inner_texts()


def test_a_whole_triage_conversation_by_buttons(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    expect(page.locator("vardlotsen-chat .vl-emergency")).to_contain_text("ring 112")
    before = bot_entries(page).count()
    send(page, "jag har haft ont i halsen i två dagar")
    wait_for_bot(page, before)
    card = page.locator("vardlotsen-chat .vl-card.vl-triage")
    clicked = 0
    for _ in range(15):
        if card.count():
            break
        quick = page.locator("vardlotsen-chat .vl-quick button")
        before = bot_entries(page).count()
        if quick.count():
            no = quick.filter(has_text="Nej")
            (no.first if no.count() else quick.first).click()
            clicked += 1
        else:
            send(page, typed_answer(bot_entries(page).last.inner_text()))
        wait_for_bot(page, before)
        assert page.locator("vardlotsen-chat .vl-quick").count() <= 1  # used quick replies disappear
    expect(card).to_have_count(1)
    assert clicked >= 2, "the conversation was not driven by its buttons"
    urgency = card.get_attribute("data-urgency")
    assert urgency in URGENCY_WORDS
    expect(card).to_contain_text(URGENCY_WORDS[urgency])
    expect(card).to_contain_text("Sök vård om")
    send(page, "Östersund")
    units = page.locator("vardlotsen-chat .vl-card.vl-care-units")
    expect(units).to_have_count(1, timeout=30_000)
    expect(units.locator(".vl-unit").first).to_contain_text("Östersund")
    expect(units.locator(".vl-badge").first).to_contain_text("exempeldata")
    shot(page, "widget-desktop")


@pytest.mark.parametrize("watched", [{"width": 360, "height": 740}], indirect=True)
def test_the_widget_fits_a_360px_phone(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    before = bot_entries(page).count()
    send(page, "mitt barn har feber")
    wait_for_bot(page, before)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator("vardlotsen-chat .vl-send").bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    shot(page, "widget-mobile-360")


@pytest.mark.parametrize("watched", [{"width": 640, "height": 450}], indirect=True)
def test_200_percent_zoom_of_a_1280px_screen_needs_no_sideways_scrolling(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    expect(page.locator("vardlotsen-chat .vl-input")).to_be_visible()


def test_reload_restores_history_and_avsluta_clears_it(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    before = bot_entries(page).count()
    send(page, "jag har ont i ryggen")
    wait_for_bot(page, before)
    bots = bot_entries(page).all_inner_texts()
    page.reload()
    open_chat(page, gateway)
    expect(page.locator("vardlotsen-chat .vl-entry.vl-from-user")).to_have_count(1)
    assert user_texts(page) == ["jag har ont i ryggen"]
    assert bot_entries(page).all_inner_texts() == bots
    page.locator("vardlotsen-chat .vl-end").click()
    page.locator("vardlotsen-chat button", has_text="Ja, avsluta").click()
    expect(page.locator("vardlotsen-chat .vl-entry.vl-from-user")).to_have_count(0)
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('vardlotsen')).map(k => localStorage.getItem(k))")
    assert all("jag har ont i ryggen" not in (value or "") for value in stored)
    page.reload()
    expect(page.locator("vardlotsen-chat .vl-status")).to_have_attribute("data-state", "online")
    expect(page.locator("vardlotsen-chat .vl-entry.vl-from-user")).to_have_count(0)


def test_gateway_restart_mid_conversation_and_a_message_typed_while_down_arrives_once(watched, gateway, redis_url):
    page = watched.page
    open_chat(page, gateway)
    before = bot_entries(page).count()
    send(page, "jag har ont i örat")
    wait_for_bot(page, before)
    gateway.kill()
    status = page.locator("vardlotsen-chat .vl-status")
    expect(status).to_have_attribute("data-state", "offline", timeout=15_000)
    send(page, "det började i går")
    expect(page.locator("vardlotsen-chat .vl-entry.vl-pending")).to_have_count(1)
    before = bot_entries(page).count()
    gateway.start()
    expect(status).to_have_attribute("data-state", "online", timeout=30_000)
    wait_for_bot(page, before)
    expect(page.locator("vardlotsen-chat .vl-entry.vl-pending")).to_have_count(0)
    assert user_texts(page) == ["jag har ont i örat", "det började i går"]
    session = page.evaluate("""Object.keys(localStorage).filter(k => k.startsWith('vardlotsen'))
        .map(k => JSON.parse(localStorage.getItem(k)).session)[0]""")
    history = [json.loads(e) for e in redis.Redis.from_url(redis_url).lrange(f"vl:h:{session}", 0, -1)]
    assert [e["text"] for e in history if e["from"] == "user"] == ["jag har ont i örat", "det började i går"]


XSS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>",
    "javascript:alert(4)", "<a href=\"javascript:alert(5)\">klicka</a>", "\"><script>alert(6)</script>",
    "<iframe src=\"javascript:alert(7)\"></iframe>", "<body onload=alert(8)>", "<details open ontoggle=alert(9)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>", "{{constructor.constructor('alert(11)')()}}",
    "<style>*{display:none}</style>", "<link rel=stylesheet href=//evil.example/x.css>",
    "<object data=\"javascript:alert(13)\">", "<input autofocus onfocus=alert(14)>",
    "<video><source onerror=alert(15)>", "<form action=javascript:alert(16)><button>x</button></form>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(17)\">", "</textarea><script>alert(18)</script>",
    "data:text/html,<script>alert(19)</script> https://example.se/\"onmouseover=alert(20)",
]


def test_twenty_xss_payloads_render_as_inert_text(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    for payload in XSS:
        before = bot_entries(page).count()
        send(page, payload)
        wait_for_bot(page, before)
    assert user_texts(page) == XSS
    injected = page.evaluate("""() => {
        const root = document.querySelector('vardlotsen-chat').shadowRoot;
        return root.querySelectorAll('.vl-log script, .vl-log img, .vl-log svg, .vl-log iframe, .vl-log style,'
          + ' .vl-log object, .vl-log input, .vl-log video, .vl-log form, .vl-log meta, .vl-log details, .vl-log math').length
          + root.querySelectorAll('.vl-log a[href^="javascript"], .vl-log a[href^="data"]').length;
    }""")
    assert injected == 0
    links = page.locator("vardlotsen-chat .vl-log a")
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        assert href.startswith(("http://", "https://", "tel:")), href


def test_keyboard_only(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    for _ in range(30):  # tab from the page into the chat's text box
        page.keyboard.press("Tab")
        if page.evaluate("document.querySelector('vardlotsen-chat').shadowRoot.activeElement?.classList.contains('vl-input')"):
            break
    else:
        pytest.fail("the text box cannot be reached by Tab")
    before = bot_entries(page).count()
    page.keyboard.type("jag har hosta sedan tre dagar")
    page.keyboard.press("Enter")
    wait_for_bot(page, before)
    quick = page.locator("vardlotsen-chat .vl-quick button")
    if quick.count():
        quick.first.focus()
        outline = quick.first.evaluate("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth")
        assert not outline.startswith("none"), outline
        before = bot_entries(page).count()
        page.keyboard.press("Enter")
        wait_for_bot(page, before)
    reachable = set()
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        reachable.add(page.evaluate("document.querySelector('vardlotsen-chat').shadowRoot.activeElement?.className || ''"))
    assert any("vl-end" in c for c in reachable) and any("vl-send" in c for c in reachable), reachable


def test_axe_finds_no_serious_or_critical_violations(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    before = bot_entries(page).count()
    send(page, "jag har ont i halsen")
    wait_for_bot(page, before)
    assert not watched.all_problems()
    results = Axe().run(page)
    watched.forget_problems()  # axe injects an inline style of its own, which the page's CSP rightly refuses
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    assert results.response["passes"], "axe ran no checks"


def test_without_the_gateway_the_112_and_1177_text_stays(watched, gateway):
    page = watched.page
    page.route_web_socket("**/ws/chat", lambda ws: ws.close())
    page.goto(f"http://127.0.0.1:{gateway.port}/")
    expect(page.locator("vardlotsen-chat .vl-emergency")).to_contain_text("112")
    unreachable = page.locator("vardlotsen-chat .vl-unreachable")
    expect(unreachable).to_contain_text("112", timeout=20_000)
    expect(unreachable).to_contain_text("1177")
    expect(page.locator("vardlotsen-chat .vl-status")).not_to_have_attribute("data-state", "online")


def test_if_the_widget_script_cannot_load_the_page_still_says_112_and_1177(watched, gateway):
    page = watched.page
    page.route("**/widget/vardlotsen-chat.js", lambda route: route.abort())
    page.goto(f"http://127.0.0.1:{gateway.port}/")
    fallback = page.locator("vardlotsen-chat")
    expect(fallback).to_contain_text("ring 112")
    expect(fallback).to_contain_text("1177")
    watched.problems.clear()  # the aborted script load is reported as a page error, which is the point here
