"""A personnummer typed into the chat or the REST channel never reaches the tracker, Redis or any log.

Only Skatteverket's published test personnummer are used.
"""
from __future__ import annotations

import httpx
import redis

from tests.support.aio import run
from tests.support.chat_client import ChatClient

TEST_NUMBER = "19981201-2384"  # Skatteverket test personnummer
FORMS = ("199812012384", "19981201-2384", "981201-2384", "9812012384")


def _all_redis_values(url: str) -> bytes:
    store = redis.Redis.from_url(url)
    dump = []
    for key in store.scan_iter(count=1000):
        kind = store.type(key)
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
        dump.append(key)
    return b"\n".join(dump)


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
    stored = _all_redis_values(redis_url)
    logs = "\n".join(s.log_path.read_text(errors="replace") for s in (gateway, rasa_server, action_server))
    for form in FORMS:
        assert form not in tracker.text
        assert form.encode() not in stored, f"{form} is in Redis"
        assert form not in logs, f"{form} is in a log"
