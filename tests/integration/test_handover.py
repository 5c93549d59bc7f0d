"""Handover to a nurse against the real gateway, Rasa, action server and Redis: citizen and nurse sockets."""
from __future__ import annotations

import asyncio
import secrets

import httpx
import pytest
import redis
import websockets

from bot.gateway.app import create_app
from tests.contract import validate_custom
from tests.support.aio import run
from tests.support.chat_client import ChatClient, NurseClient
from tests.support.nurse_login import create_account, login

PASSWORD = "korrekt-häst-batteri-1"
ASK = "jag vill prata med en sjuksköterska"


@pytest.fixture(scope="module")
def nurses(gateway, redis_url):
    """Two nurse accounts (Anna is an administrator) and their console cookies."""
    for username, name, admin in (("anna", "Anna", True), ("bertil", "Bertil", False)):
        create_account(redis_url, username, name, PASSWORD, admin)
    return {u: login(gateway.port, u, PASSWORD) for u in ("anna", "bertil")}


def sender_of(redis_url: str, session: str) -> str:
    return redis.Redis.from_url(redis_url).hget(f"vl:s:{session}", "sender").decode()


def handover_of(frame) -> dict:
    custom = (frame.get("entry") or {}).get("custom") or {}
    return custom.get("handover") or {}


async def queued_citizen(port: int, text: str = ASK) -> ChatClient:
    citizen = ChatClient(port)
    await citizen.connect()
    await citizen.say(text)
    frame = await citizen.wait_for(lambda f: f["type"] == "entry" and handover_of(f).get("status") == "queued")
    validate_custom(frame["entry"]["custom"])
    return citizen


def test_queue_claim_relay_back_to_bot_and_close(gateway, nurses, redis_url):
    async def scenario():
        nurse = NurseClient(gateway.port, nurses["anna"])
        await nurse.connect()
        citizen = await queued_citizen(gateway.port)
        conv = sender_of(redis_url, citizen.session)
        item = await nurse.queue_item(conv)
        assert item["urgency"] == "samma_dag" and item["channel"] == "chatt" and item["status"] == "queued"
        status = await citizen.wait_for(lambda f: f["type"] == "status")
        assert status["handover"]["position"] >= 1 and status["handover"]["estimated_wait_s"] > 0

        await nurse.send_raw({"type": "claim", "conversation": conv})
        assert (await nurse.wait_for(lambda f: f["type"] == "claimed"))["ok"] is True
        opened = await nurse.wait_for(lambda f: f["type"] == "conversation")
        assert opened["summary"]["first_screen"] and len(opened["summary"]["first_screen"]) <= 8
        assert ASK in [e["text"] for e in opened["history"] if e["from"] == "user"]
        connected = await citizen.wait_for(lambda f: handover_of(f).get("status") == "connected")
        assert handover_of(connected)["nurse_name"] == "Anna"

        start = len(nurse.frames)
        await citizen.say("jag har ont i halsen sedan i tisdags")
        relayed = await nurse.wait_for(lambda f: f["type"] == "entry", start=start)
        assert relayed["entry"]["text"] == "jag har ont i halsen sedan i tisdags"
        await nurse.send_raw({"type": "message", "conversation": conv, "text": "Hej! Har du feber?"})
        answer = await citizen.wait_for(lambda f: f["type"] == "entry" and f["entry"]["from"] == "nurse")
        assert answer["entry"]["text"] == "Hej! Har du feber?" and answer["entry"]["nurse_name"] == "Anna"

        await nurse.send_raw({"type": "release", "conversation": conv})
        await citizen.wait_for(lambda f: handover_of(f).get("status") == "ended")
        entries = await citizen.turn("hej")
        assert entries and entries[-1]["from"] == "bot"  # back with the bot

        await citizen.say(ASK)
        await nurse.wait_for(lambda f: f["type"] == "queue" and any(
            i["conversation"] == conv and i["status"] == "queued" for i in f["items"]), start=len(nurse.frames) - 1)
        await nurse.send_raw({"type": "claim", "conversation": conv})
        await nurse.wait_for(lambda f: f["type"] == "claimed" and f["ok"], start=start)
        await nurse.send_raw({"type": "close", "conversation": conv, "note": "Råd om egenvård givet."})
        await nurse.wait_for(lambda f: f["type"] == "closed" and f["conversation"] == conv)
        await citizen.wait_for(lambda f: handover_of(f).get("status") == "ended" and "avslutat" in f["entry"]["text"])
        await citizen.close()
        await nurse.close()
        return conv

    conv = run(scenario())
    cookie = {"vl_nurse": nurses["anna"]}
    audit = httpx.get(f"http://127.0.0.1:{gateway.port}/nurse/api/audit", cookies=cookie, timeout=10).json()
    actions = [e["action"] for e in audit["entries"] if e["conversation"] == conv]
    assert sorted(set(actions)) == ["claim", "close", "message", "release"]
    assert all(e["nurse"] == "anna" for e in audit["entries"] if e["conversation"] == conv)
    other = httpx.get(f"http://127.0.0.1:{gateway.port}/nurse/api/audit", cookies={"vl_nurse": nurses["bertil"]},
                      timeout=10)
    assert other.status_code == 403  # only administrators list the audit


def test_two_nurses_claiming_at_once_exactly_one_wins(gateway, nurses, redis_url):
    async def scenario():
        anna, bertil = NurseClient(gateway.port, nurses["anna"]), NurseClient(gateway.port, nurses["bertil"])
        await anna.connect()
        await bertil.connect()
        citizen = await queued_citizen(gateway.port)
        conv = sender_of(redis_url, citizen.session)
        await anna.queue_item(conv)
        claim = {"type": "claim", "conversation": conv}
        await asyncio.gather(anna.send_raw(claim), bertil.send_raw(claim))
        results = [await n.wait_for(lambda f: f["type"] == "claimed" and f["conversation"] == conv) for n in (anna, bertil)]
        assert sorted(r["ok"] for r in results) == [False, True]
        winner, loser = (anna, bertil) if results[0]["ok"] else (bertil, anna)
        await loser.send_raw({"type": "priority", "conversation": conv, "urgency": "akut"})
        assert "kunde inte" in (await loser.wait_for(lambda f: f["type"] == "error"))["text"]
        start = len(winner.frames)
        await winner.send_raw({"type": "priority", "conversation": conv, "urgency": "vardcentral"})
        await winner.wait_for(lambda f: f["type"] == "queue" and any(
            i["conversation"] == conv and i["urgency"] == "vardcentral" for i in f["items"]), start=start)
        await winner.send_raw({"type": "close", "conversation": conv, "note": "test"})
        await winner.wait_for(lambda f: f["type"] == "closed")
        for client in (citizen, anna, bertil):
            await client.close()
    run(scenario())


def test_emergency_while_queued_and_while_with_a_nurse(gateway, nurses, redis_url):
    async def scenario():
        nurse = NurseClient(gateway.port, nurses["bertil"])
        await nurse.connect()
        citizen = await queued_citizen(gateway.port)
        conv = sender_of(redis_url, citizen.session)
        for phase in ("queued", "held"):
            start = len(citizen.frames)
            await citizen.say("nu andas han inte alls")
            advice = await citizen.wait_for(lambda f: f["type"] == "entry" and (f["entry"].get("custom") or {}).get("triage"),
                                            start=start)
            assert advice["entry"]["custom"]["triage"]["urgency"] == "112", phase
            validate_custom(advice["entry"]["custom"])
            alert = await nurse.wait_for(lambda f: f["type"] == "alert" and f["conversation"] == conv,
                                         start=len(nurse.frames) - 3 if phase == "held" else 0)
            assert alert["level"] == "112"
            if phase == "queued":
                nurse.frames.clear()
                await nurse.send_raw({"type": "claim", "conversation": conv})
                await nurse.wait_for(lambda f: f["type"] == "conversation")
        await nurse.send_raw({"type": "close", "conversation": conv, "note": "Ringde 112"})
        await nurse.wait_for(lambda f: f["type"] == "closed")
        await citizen.close()
        await nurse.close()
    run(scenario())


def test_gateway_killed_mid_handover_loses_nothing(gateway, nurses, redis_url):
    async def before():
        nurse = NurseClient(gateway.port, nurses["anna"])
        await nurse.connect()
        waiting = await queued_citizen(gateway.port, "kan jag få prata med någon")
        held = await queued_citizen(gateway.port)
        held_conv = sender_of(redis_url, held.session)
        await nurse.queue_item(held_conv)
        await nurse.send_raw({"type": "claim", "conversation": held_conv})
        await nurse.wait_for(lambda f: f["type"] == "claimed" and f["ok"])
        for client in (waiting, held):
            await client.close()
        return waiting.session, held.session, held_conv

    waiting_sid, held_sid, held_conv = run(before())
    waiting_conv = sender_of(redis_url, waiting_sid)
    gateway.kill()
    gateway.start()

    async def after():
        nurse = NurseClient(gateway.port, nurses["anna"])
        queue = await nurse.connect()
        status = {i["conversation"]: i["status"] for i in queue["items"]}
        assert status.get(waiting_conv) == "queued" and status.get(held_conv) == "held"
        citizen = ChatClient(gateway.port)
        assert (await citizen.connect(held_sid))["resumed"] is True
        await nurse.send_raw({"type": "open", "conversation": held_conv})
        await nurse.wait_for(lambda f: f["type"] == "conversation")
        await citizen.say("är du kvar?")
        relayed = await nurse.wait_for(lambda f: f["type"] == "entry")
        assert relayed["entry"]["text"] == "är du kvar?"
        for conv in (held_conv,):
            await nurse.send_raw({"type": "close", "conversation": conv, "note": "test"})
            await nurse.wait_for(lambda f: f["type"] == "closed")
        waiting = ChatClient(gateway.port)
        await waiting.connect(waiting_sid)
        await waiting.send_raw({"type": "end"})  # the citizen leaves: out of the queue
        await waiting.wait_for(lambda f: f["type"] == "ended")
        gone = await nurse.wait_for(lambda f: f["type"] == "queue" and waiting_conv not in
                                    [i["conversation"] for i in f["items"]], start=1)
        assert gone
        for client in (citizen, waiting, nurse):
            await client.close()
    run(after())


def test_nobody_on_duty_offers_a_callback(gateway, redis_url):
    async def scenario():
        await asyncio.sleep(0.5)  # nurses of earlier tests have disconnected
        citizen = ChatClient(gateway.port)
        await citizen.connect()
        await citizen.say(ASK)
        frame = await citizen.wait_for(lambda f: handover_of(f).get("status") == "unavailable")
        validate_custom(frame["entry"]["custom"])
        assert "1177" in frame["entry"]["text"]
        button = frame["entry"]["buttons"][0]
        start = len(citizen.frames)
        await citizen.say(button["title"], payload=button["payload"])
        await citizen.wait_for(lambda f: f["type"] == "entry" and "telefonnummer" in f["entry"].get("text", ""), start=start)
        start = len(citizen.frames)
        await citizen.say("jag har ont i magen")  # no number: no callback, and the bot answers as usual
        await citizen.wait_for(lambda f: f["type"] == "entry" and "inget telefonnummer" in f["entry"].get("text", ""),
                               start=start)
        await citizen.wait_for(lambda f: f["type"] == "entry" and f["entry"]["from"] == "bot", start=start)
        await citizen.say(button["title"], payload=button["payload"])
        await citizen.wait_for(lambda f: f["type"] == "entry" and "telefonnummer" in f["entry"].get("text", "")
                               and "Vilket" in f["entry"]["text"], start=start)
        await citizen.say("070-123 45 67")
        booked = await citizen.wait_for(lambda f: handover_of(f).get("status") == "callback_requested")
        assert "4567" in booked["entry"]["text"]
        conv = sender_of(redis_url, citizen.session)
        assert redis.Redis.from_url(redis_url).zscore("vl:callbacks", conv) is not None
        await citizen.close()
    run(scenario())


def test_a_112_conversation_is_never_queued(gateway, nurses, redis_url):
    async def scenario():
        nurse = NurseClient(gateway.port, nurses["anna"])
        await nurse.connect()
        citizen = ChatClient(gateway.port)
        await citizen.connect()
        await citizen.turn("min pappa andas inte")
        entries = await citizen.turn(ASK)
        assert "112" in entries[-1]["text"]
        conv = sender_of(redis_url, citizen.session)
        assert redis.Redis.from_url(redis_url).zscore("vl:hq", conv) is None
        await citizen.close()
        await nurse.close()
    run(scenario())


def _console_routes():
    app = create_app()
    for route in app.routes:
        path = getattr(route, "path", "")
        if (path.startswith("/nurse") or path.startswith("/ws/nurse")) and path != "/nurse/login":
            yield route


def test_every_console_route_and_socket_refuses_strangers(gateway, nurses):
    base = f"http://127.0.0.1:{gateway.port}"
    routes = list(_console_routes())
    assert {r.path for r in routes} >= {"/nurse", "/nurse/api/me", "/nurse/api/audit", "/nurse/audit", "/ws/nurse",
                                        "/nurse/logout"}
    for route in routes:
        if route.path.startswith("/ws/"):
            for cookie in ("", "vl_nurse=" + secrets.token_urlsafe(32)):
                async def attempt(cookie=cookie, path=route.path):
                    with pytest.raises(websockets.InvalidStatusCode):
                        await websockets.connect(f"ws://127.0.0.1:{gateway.port}{path}",
                                                 extra_headers={"Origin": base, "Cookie": cookie})
                run(attempt())
            continue
        for method in route.methods:
            response = httpx.request(method, f"{base}{route.path}", timeout=10, follow_redirects=False,
                                     cookies={"vl_nurse": secrets.token_urlsafe(32)})
            assert response.status_code in (401, 403) or (response.status_code == 303 and
                                                          response.headers["location"] == "/nurse/login"), route.path

    async def foreign_origin():  # a logged-in cookie from another site's page is refused too
        with pytest.raises(websockets.InvalidStatusCode):
            await websockets.connect(f"ws://127.0.0.1:{gateway.port}/ws/nurse",
                                     extra_headers={"Origin": "https://evil.example", "Cookie": f"vl_nurse={nurses['anna']}"})
    run(foreign_origin())


def test_login_needs_csrf_and_the_right_password_and_logout_needs_the_token(gateway, nurses):
    base = f"http://127.0.0.1:{gateway.port}"
    no_csrf = httpx.post(f"{base}/nurse/login", data={"username": "anna", "password": PASSWORD}, timeout=10)
    assert no_csrf.status_code == 403
    with pytest.raises(AssertionError):
        login(gateway.port, "anna", "fel-lösenord-123")
    with pytest.raises(AssertionError):
        login(gateway.port, "nobody", PASSWORD)
    cookie = login(gateway.port, "bertil", PASSWORD)
    me = httpx.get(f"{base}/nurse/api/me", cookies={"vl_nurse": cookie}, timeout=10).json()
    assert me["name"] == "Bertil" and me["admin"] is False
    assert httpx.post(f"{base}/nurse/logout", cookies={"vl_nurse": cookie}, timeout=10).status_code == 403
    out = httpx.post(f"{base}/nurse/logout", cookies={"vl_nurse": cookie}, headers={"X-CSRF-Token": me["csrf"]},
                     timeout=10)
    assert out.status_code == 204
    assert httpx.get(f"{base}/nurse/api/me", cookies={"vl_nurse": cookie}, timeout=10).status_code == 401
