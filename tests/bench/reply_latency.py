"""Benchmark: bot reply latency for one sequential user through the REST channel (make bench).

Plays every vignette's conversation repeatedly and reports p50/p95/max per reply, and the number of
bot questions per triage. Target: p95 ≤ 300 ms for a single user on a 2-core machine.
"""
from __future__ import annotations

import statistics
import time
import uuid

import httpx

from tests.bench.stack import running_stack
from tests.vignettes.simulator import load_set, play

ROUNDS = 2


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    latencies: list[float] = []
    questions: list[int] = []
    with running_stack() as stack, httpx.Client(timeout=30) as client:
        def say(sender: str, text: str) -> list[dict]:
            started = time.perf_counter()
            response = client.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
            latencies.append((time.perf_counter() - started) * 1000)
            return response.json()

        say("warmup", "hej")
        latencies.clear()
        for _ in range(ROUNDS):
            for vignette in load_set("blind") + load_set("tuned"):
                questions.append(play(vignette, say, f"bench-{uuid.uuid4().hex[:8]}").questions)
    print(f"bot replies: n={len(latencies)} p50={percentile(latencies, .5):.0f} ms "
          f"p95={percentile(latencies, .95):.0f} ms max={max(latencies):.0f} ms (target p95 ≤ 300 ms)")
    print(f"bot questions per triage: median={statistics.median(questions)} max={max(questions)} (target median ≤ 7)")


if __name__ == "__main__":
    main()
