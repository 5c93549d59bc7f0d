"""Benchmark: from the citizen asking for a nurse to the conversation appearing in a connected console.

Measured on the client side on loopback, from sending "jag vill prata med en sjuksköterska" (which still
goes through NLU and the action server: the handover decision is made there) to the console's `queue`
frame that lists the conversation — an upper bound of decision → console. Target: p95 ≤ 1 s.
"""
from __future__ import annotations

import asyncio
import time

import redis

from tests.bench.reply_latency import percentile
from tests.bench.stack import running_stack
from tests.support.chat_client import ChatClient, NurseClient
from tests.support.nurse_login import create_account, login

ROUNDS = 60
PASSWORD = "bench-lösenord-1234"


async def one_round(port: int, nurse: NurseClient, store: redis.Redis) -> float:
    citizen = ChatClient(port)
    await citizen.connect()
    start_frames = len(nurse.frames)
    sent = time.perf_counter()
    await citizen.say("jag vill prata med en sjuksköterska")
    await citizen.wait_for(lambda f: f["type"] == "ack")
    conv = store.hget(f"vl:s:{citizen.session}", "sender").decode()
    frame = await nurse.wait_for(lambda f: f["type"] == "queue" and any(
        i["conversation"] == conv for i in f["items"]), timeout=10, start=start_frames)
    elapsed = (frame["_t"] - sent) * 1000
    await nurse.send_raw({"type": "claim", "conversation": conv})
    await nurse.wait_for(lambda f: f["type"] == "claimed" and f["conversation"] == conv)
    await nurse.send_raw({"type": "close", "conversation": conv, "note": "bench"})
    await nurse.wait_for(lambda f: f["type"] == "closed" and f["conversation"] == conv)
    await citizen.close()
    return elapsed


async def measure(port: int, redis_url: str) -> list[float]:
    create_account(redis_url, "bench", "Bench", PASSWORD)
    nurse = NurseClient(port, login(port, "bench", PASSWORD))
    await nurse.connect()
    store = redis.Redis.from_url(redis_url)
    await one_round(port, nurse, store)  # warm-up
    times = [await one_round(port, nurse, store) for _ in range(ROUNDS)]
    await nurse.close()
    return times


def main() -> None:
    with running_stack(gateway=True) as stack:
        times = asyncio.run(measure(stack.gateway_port, stack.redis_url))
    p95 = percentile(times, .95)
    print(f"handover → console: n={len(times)} p50={percentile(times, .5):.0f} ms p95={p95:.0f} ms "
          f"max={max(times):.0f} ms (target p95 ≤ 1000 ms) {'PASS' if p95 <= 1000 else 'FAIL'}")


if __name__ == "__main__":
    main()
