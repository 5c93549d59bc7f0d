"""The chat websocket against a real gateway, Rasa, action server and Redis (docs/chat-protocol.md)."""
from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
import redis
import websockets

from tests.contract import validate_custom as validate_payload
from tests.integration.conftest import ALLOWED_ORIGIN
from tests.support.aio import run
from tests.support.chat_client import ChatClient


def bot_texts(entries):
    return " ".join(e.get("text", "") for e in entries)


def test_the_server_issues_the_session_id_never_the_browser(gateway):
    async def scenario():
        client = ChatClient(gateway.port)
        first = await client.connect(None)
        assert first["resumed"] is False and first["history"] == []
        assert len(first["session"]) >= 32  # 24 random bytes, url-safe
        await client.close()
        invented = ChatClient(gateway.port)
        frame = await invented.connect("a" * 40)
        assert frame["resumed"] is False and frame["session"] != "a" * 40
        await invented.close()
    run(scenario())


def test_a_message_is_acknowledged_before_the_bot_answers_and_payloads_follow_the_contract(gateway):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        start = len(client.frames)
        cid = await client.say("jag har haft ont i halsen i två dagar")
        ack = await client.wait_for(lambda f: f["type"] == "ack", start=start)
        assert ack == {**ack, "client_id": cid, "duplicate": False}
        await client.wait_for(lambda f: f["type"] == "typing" and not f["on"], start=start)
        got = client.frames[start:]
        order = [f["type"] if f["type"] != "entry" else f"entry:{f['entry']['from']}" for f in got]
        assert order.index("ack") < order.index("typing") < order.index("entry:bot")
        answers = [f["entry"] for f in client.frames[start:] if f["type"] == "entry" and f["entry"]["from"] == "bot"]
        assert answers and answers[0]["text"]
        entries = answers
        for _ in range(12):  # answer "nej" until the triage result arrives
            if any((e.get("custom") or {}).get("triage") for e in entries):
                break
            entries = await client.turn("nej")
        triage = [e["custom"] for e in entries if (e.get("custom") or {}).get("triage")]
        assert triage, "no triage result"
        for custom in triage:
            validate_payload(custom)
        await client.close()
    run(scenario())


def test_reconnect_restores_history_in_order(gateway):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn("jag har ont i ryggen")
        await client.turn("nej")
        await client.close()
        again = ChatClient(gateway.port)
        frame = await again.connect(client.session)
        history = frame["history"]
        assert frame["resumed"] is True and frame["session"] == client.session
        assert [e["seq"] for e in history] == list(range(1, len(history) + 1))
        assert [e["text"] for e in history if e["from"] == "user"] == ["jag har ont i ryggen", "nej"]
        assert sum(e["from"] == "bot" for e in history) >= 2
        await again.close()
    run(scenario())


def test_the_same_client_message_id_reaches_the_bot_once_even_after_reconnect(gateway):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.say("jag har feber", client_id="dup-0000001")
        await client.say("jag har feber", client_id="dup-0000001")
        acks = []
        for _ in range(2):
            acks.append(await client.wait_for(lambda f: f["type"] == "ack" and f not in acks))
        assert sorted(a["duplicate"] for a in acks) == [False, True]
        await client.wait_for(lambda f: f["type"] == "typing" and not f["on"])
        await client.close()
        again = ChatClient(gateway.port)
        await again.connect(client.session)
        await again.say("jag har feber", client_id="dup-0000001")
        assert (await again.wait_for(lambda f: f["type"] == "ack"))["duplicate"] is True
        await asyncio.sleep(0.5)
        history = (await ChatClient(gateway.port).connect(client.session))["history"]
        assert [e["text"] for e in history if e["from"] == "user"] == ["jag har feber"]
        await again.close()
    run(scenario())


def test_two_tabs_of_one_session_see_the_same_conversation(gateway):
    async def scenario():
        one, two = ChatClient(gateway.port), ChatClient(gateway.port)
        await one.connect()
        await two.connect(one.session)
        entries = await one.turn("jag har ont i örat")
        seen = await two.wait_for(lambda f: f["type"] == "entry" and f["entry"]["seq"] == entries[-1]["seq"])
        assert seen["entry"]["text"] == entries[-1]["text"]
        await one.close()
        await two.close()
    run(scenario())


@pytest.mark.parametrize("bad,code", [
    ("x" * 2001, "too_long"), ("   ", "empty"), ("/", "empty"), ("//  ", "empty"),
])
def test_refused_messages_get_a_swedish_error_with_the_client_id(gateway, bad, code):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        cid = await client.say(bad)
        error = await client.wait_for(lambda f: f["type"] == "error")
        assert error["code"] == code and error["client_id"] == cid
        assert "112" in error["text"] and "1177" in error["text"]
        ok = await client.say("x" * 2000)
        assert (await client.wait_for(lambda f: f["type"] == "ack"))["client_id"] == ok
        await client.close()
    run(scenario())


def test_a_leading_slash_never_reaches_rasa_as_an_intent(gateway, redis_url, rasa_url, rasa_token):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn("jag har ont i halsen")
        entries = await client.turn("/restart")  # as an intent, Rasa would wipe the conversation
        await client.close()
        return client.session, entries
    session, entries = run(scenario())
    assert entries and entries[-1]["from"] == "bot"
    sender = redis.Redis.from_url(redis_url).hget(f"vl:s:{session}", "sender").decode()
    tracker = httpx.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": rasa_token[1]}, timeout=10).json()
    user_texts = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
    assert user_texts == ["jag har ont i halsen", "restart"]
    assert not any(e["event"] == "restart" for e in tracker["events"])


MALFORMED = [b"\x00\xff binary", "not json", "[1,2]", "null", '{"type":"nope"}', '{"type":"message"}',
             '{"type":"message","client_id":"short"}', '{"type":"message","client_id":"abcdefgh123","text":5}',
             "[" * 5000 + "]" * 5000, '{"type":"message","client_id":"abcdefgh123","text":"\\ud800"}']


def test_the_gateway_survives_any_malformed_frame(gateway):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        for raw in MALFORMED:
            start = len(client.frames)
            await client.send_raw(raw)
            error = await client.wait_for(lambda f: f["type"] in ("error", "ack"), start=start)
            assert error["type"] == "error" or raw.endswith('"\\ud800"}'), raw
        await client.send_raw("x" * 40_000)  # over the frame limit: the connection is closed
        await asyncio.wait_for(client._reader, 10)
        assert client.ws.close_code == 1009
        again = ChatClient(gateway.port)
        await again.connect(client.session)
        entries = await again.turn("hej")
        assert entries
        await again.close()
    run(scenario())


def test_foreign_or_missing_origins_are_refused(gateway):
    async def scenario():
        for origin in ("https://evil.example", ""):
            with pytest.raises(websockets.InvalidStatusCode) as refused:
                await ChatClient(gateway.port, origin=origin).connect()
            assert refused.value.status_code == 403
        allowed = ChatClient(gateway.port, origin=ALLOWED_ORIGIN)
        assert (await allowed.connect())["session"]
        await allowed.close()
    run(scenario())


def test_rate_limit_refuses_floods_but_every_message_is_answered(gateway):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        ids = [await client.say(f"meddelande {i}") for i in range(40)]
        outcomes = {}
        for cid in ids:
            frame = await client.wait_for(lambda f, c=cid: f.get("client_id") == c and f["type"] in ("ack", "error"))
            outcomes[cid] = frame["type"] if frame["type"] == "ack" else frame["code"]
        assert "rate_limited" in outcomes.values() and "ack" in outcomes.values()
        await client.close()
    run(scenario())


def test_ending_the_session_deletes_it_everywhere(gateway, redis_url):
    store = redis.Redis.from_url(redis_url)

    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn("jag har ont i magen")
        ttl = store.ttl(f"vl:s:{client.session}")
        assert 1700 < ttl <= 1800  # 30 minutes idle
        await client.send_raw({"type": "end"})
        await client.wait_for(lambda f: f["type"] == "ended")
        assert not store.exists(f"vl:s:{client.session}", f"vl:h:{client.session}", f"vl:d:{client.session}")
        again = ChatClient(gateway.port)
        frame = await again.connect(client.session)
        assert frame["resumed"] is False and frame["session"] != client.session
        await client.close()
        await again.close()
    run(scenario())


def test_an_idle_session_expires(botless_gateway):
    async def scenario():
        client = ChatClient(botless_gateway.port)
        await client.connect()
        await client.close()
        await asyncio.sleep(3.5)  # SESSION_IDLE_S=2 on this gateway
        frame = await ChatClient(botless_gateway.port).connect(client.session)
        assert frame["resumed"] is False
    run(scenario())


def test_without_rasa_the_citizen_gets_the_fallback_and_emergencies_the_112_advice(botless_gateway):
    async def scenario():
        client = ChatClient(botless_gateway.port)
        await client.connect()
        entries = await client.turn("jag har ont i halsen", timeout=8)
        assert entries[-1]["from"] == "system"
        assert entries[-1]["text"].endswith("Vid livshotande tillstånd, ring 112. Annars kan du ringa 1177.")
        entries = await client.turn("min pappa andas inte", timeout=8)
        triage = entries[-1]["custom"]["triage"]
        validate_payload(entries[-1]["custom"])
        assert triage["urgency"] == "112" and "112" in entries[-1]["text"]
        await client.close()
    run(scenario())


def test_action_server_killed_mid_triage_gives_the_fallback_within_5s_then_goes_on(gateway, action_server):
    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn("jag har ont i halsen")
        action_server.kill()
        try:
            start = len(client.frames)
            sent = time.perf_counter()
            await client.say("nej")
            fallback = await client.wait_for(lambda f: f["type"] == "entry" and f["entry"]["from"] == "system",
                                             timeout=5.5, start=start)
            assert fallback["_t"] - sent <= 5.5
            assert "112" in fallback["entry"]["text"]
        finally:
            action_server.start()
        await client.wait_for(lambda f: f["type"] == "typing" and not f["on"], timeout=70, start=start)
        entries = await client.turn("nej")
        assert entries and entries[-1]["from"] == "bot"
        await client.close()
    run(scenario())


def test_gateway_restart_keeps_the_conversation(gateway):
    async def scenario_before():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn("jag har ont i knät")
        await client.close()
        return client.session

    async def scenario_after(session):
        client = ChatClient(gateway.port)
        frame = await client.connect(session)
        await client.close()
        return frame

    session = run(scenario_before())
    gateway.kill()
    gateway.start()
    frame = run(scenario_after(session))
    assert frame["resumed"] is True
    assert [e["text"] for e in frame["history"] if e["from"] == "user"] == ["jag har ont i knät"]


def test_gateway_logs_carry_ids_never_message_text(gateway):
    secret = "zqsecret" + str(int(time.time()))

    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn(f"jag heter {secret} och har ont i halsen")
        await client.close()
    run(scenario())
    log = gateway.log_path.read_text(errors="replace")
    assert secret not in log
    assert "event=turn" in log and "outcome=ok" in log


def test_history_entries_are_json_objects_in_redis(gateway, redis_url):
    store = redis.Redis.from_url(redis_url)

    async def scenario():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn("hej")
        await client.close()
        return client.session
    session = run(scenario())
    raw = store.lrange(f"vl:h:{session}", 0, -1)
    assert all(isinstance(json.loads(item), dict) for item in raw)
