"""Booking in the widget, in headless chromium: buttons all the way, the number typed, the booking card
with the calendar link, and the number masked in what the page shows."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.integration.browser.conftest import shot
from tests.integration.browser.test_widget import bot_entries, open_chat, send, typed_answer, wait_for_bot
from tests.support.booking_flow import NAME, PNR

BUTTON_FOR = {"Vilken mottagning": None, "Vilken sorts besök": "Videosamtal", "När passar det": "I morgon förmiddag",
              "Välj en tid": None, "Vill du boka": "Ja, boka"}


def click(page: Page, title: str | None) -> None:
    quick = page.locator("vardlotsen-chat .vl-quick button")
    before = bot_entries(page).count()
    (quick.filter(has_text=title).first if title else quick.first).click()
    wait_for_bot(page, before)


def type_in(page: Page, text: str) -> None:
    before = bot_entries(page).count()
    send(page, text)
    wait_for_bot(page, before)


def test_book_a_video_visit_in_the_widget(watched, gateway):
    page = watched.page
    open_chat(page, gateway)
    type_in(page, "jag har yrsel sedan två dagar")
    for _ in range(15):
        if page.locator("vardlotsen-chat .vl-card.vl-triage").count():
            break
        quick = page.locator("vardlotsen-chat .vl-quick button")
        if quick.count():
            click(page, "Nej" if quick.filter(has_text="Nej").count() else None)
        else:
            type_in(page, typed_answer(bot_entries(page).last.inner_text()))
    type_in(page, "Lund")
    click(page, "Boka en tid")
    card = page.locator("vardlotsen-chat .vl-card.vl-booking[data-status='confirmed']")
    for _ in range(10):
        if card.count():
            break
        asked = bot_entries(page).last.inner_text()
        if "Vad heter" in asked:
            type_in(page, NAME)
        elif "Skriv personnumret" in asked:
            type_in(page, PNR)
        else:
            click(page, next((b for q, b in BUTTON_FOR.items() if q in asked), None))
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Bokningskod: VL-")
    expect(card).to_contain_text("Videosamtal")
    link = card.locator("a.vl-calendar")
    expect(link).to_have_text("Lägg till i kalendern")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert path and "BEGIN:VCALENDAR" in open(path, encoding="utf-8").read()
    shown = page.locator("vardlotsen-chat .vl-entry.vl-from-user .vl-text").all_inner_texts()
    assert "[personnummer]" in shown and PNR not in " ".join(shown)  # the server's masked copy wins
    assert PNR not in page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    shot(page, "widget-booking")
