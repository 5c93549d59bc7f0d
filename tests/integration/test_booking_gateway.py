"""Booking through the chat gateway: the number typed in the chat reaches booking via the vault, and the
confirmation's calendar link downloads an .ics file from the gateway (only with the right token)."""
from __future__ import annotations

import httpx
from redis.asyncio import Redis

from bot.booking.vault import IdentityVault
from tests.contract import validate_messages
from tests.support.aio import LoopThread
from tests.support.booking_flow import book_in_the_chat


def test_book_in_the_chat_and_download_the_calendar_file(gateway, rasa_server, action_server):
    seen: list[dict] = []
    confirmed = book_in_the_chat(gateway.port, seen)
    validate_messages([{k: v for k, v in e.items() if k in ("text", "buttons", "custom")} for e in seen])
    base = f"http://127.0.0.1:{gateway.port}"
    response = httpx.get(base + confirmed["calendar_url"], timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert f"UID:{confirmed['reference']}@vardlotsen" in response.text and "DTSTART:" in response.text
    assert "attachment" in response.headers["content-disposition"]
    wrong = httpx.get(f"{base}/bokning/{confirmed['reference']}.ics?t=wrong-token", timeout=10)
    unknown = httpx.get(f"{base}/bokning/VL-ZZZZZ9.ics?t=x", timeout=10)
    assert wrong.status_code == unknown.status_code == 404 and "Kalenderfilen finns inte" in wrong.text


def test_the_vault_keeps_a_number_only_when_expected_and_only_once(redis_url):
    async def scenario() -> None:
        redis = Redis.from_url(redis_url)
        vault = IdentityVault(redis)
        assert await vault.keep("a", "19981201-2384") is None  # nobody asked: dropped
        await vault.expect("a")
        ref = await vault.keep("a", "19981201-2384")
        assert ref and await vault.take("b", ref) is None  # another conversation cannot take it
        assert await vault.take("a", ref) == "19981201-2384"
        assert await vault.take("a", ref) is None  # taken once
        assert await vault.take("a", "../../etc") is None
        await vault.expect_nothing("a")
        assert await vault.keep("a", "19981201-2384") is None
        await redis.close(close_connection_pool=True)

    loop = LoopThread()
    try:
        loop.run(scenario())
    finally:
        loop.stop()
