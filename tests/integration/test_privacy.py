"""A personnummer typed into the chat or the REST channel never reaches the tracker, Redis or any log;
after a booking it is in the booking record and nowhere else.

Only Skatteverket's published test personnummer are used.
"""
from __future__ import annotations

import httpx
import redis

from tests.support.aio import run
from tests.support.booking_flow import PNR, book_in_the_chat
from tests.support.chat_client import ChatClient

TEST_NUMBER = PNR  # Skatteverket test personnummer
FORMS = ("199812012384", "19981201-2384", "981201-2384", "9812012384")
BOOKING_RECORD = "vl:bk:rec:"


def _holders(url: str) -> list[str]:
    """Every Redis key whose name or value holds the test number in any of its forms."""
    store = redis.Redis.from_url(url)
    return [key.decode() for key in store.scan_iter(count=1000)
            if any(form.encode() in _value(store, key) for form in FORMS)]


def _value(store: redis.Redis, key: bytes) -> bytes:
    kind = store.type(key)
    dump: list[bytes] = [key]
    if kind == b"string":
        dump.append(store.get(key) or b"")
    elif kind == b"hash":
        dump += [k + b"=" + v for k, v in store.hgetall(key).items()]
    elif kind == b"list":
        dump += store.lrange(key, 0, -1)
    elif kind == b"set":
        dump += list(store.smembers(key))
    elif kind == b"zset":
        dump += store.zrange(key, 0, -1)
    elif kind == b"stream":
        dump += [str(entry).encode() for entry in store.xrange(key)]
    return b"\n".join(dump)


def _logs(*servers) -> str:
    return "\n".join(s.log_path.read_text(errors="replace") for s in servers)


def test_a_personnummer_is_masked_everywhere(gateway, rasa_url, rasa_token, redis_url, rasa_server, action_server, say,
                                             sender):
    async def chat():
        client = ChatClient(gateway.port)
        await client.connect()
        await client.turn(f"mitt personnummer är {TEST_NUMBER} och jag har ont i halsen")
        history = (await ChatClient(gateway.port).connect(client.session))["history"]
        await client.close()
        return history
    history = run(chat())
    assert "[personnummer]" in history[0]["text"]
    say(sender, "199812012384 min son har feber")
    tracker = httpx.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": rasa_token[1]}, timeout=10)
    assert "[personnummer]" in tracker.text
    logs = _logs(gateway, rasa_server, action_server)
    for form in FORMS:
        assert form not in tracker.text
        assert form not in logs, f"{form} is in a log"
    assert all(key.startswith(BOOKING_RECORD) for key in _holders(redis_url)), _holders(redis_url)


def test_after_booking_the_number_is_only_in_the_booking_record(gateway, rasa_server, action_server, redis_url):
    """Book through the chat gateway (the number typed in the chat), then scan every key and every log."""
    confirmed = book_in_the_chat(gateway.port)
    holders = _holders(redis_url)
    assert f"{BOOKING_RECORD}{confirmed['reference']}" in holders
    assert all(key.startswith(BOOKING_RECORD) for key in holders), holders
    logs = _logs(gateway, rasa_server, action_server)
    for form in FORMS:
        assert form not in logs, f"{form} is in a log"
