"""Phone line latency: from the last speech sample of the caller's utterance to the first frame of the bot's
spoken answer, with frames sent at real-time pace over Twilio Media Streams to the running stack.

1 call, then 4 concurrent calls whose utterance ends are spread over 2 s; TURNS turns per call. The service
reports per turn where the time went (vl_timing): VAD wait (silence until the turn ends), recognition,
bot (gateway + Rasa + actions) and speech synthesis. Targets here with Whisper base: p50 ≤ 1.5 s,
p95 ≤ 2.5 s. Run: make bench (or python -m tests.bench.voice_latency [--turns N]).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from tests.bench.stack import running_stack
from voice.audio import silence
from voice.call import TestCaller
from voice.tts import EspeakSynthesiser

PHRASES = ("Jag har ont i magen.", "Jag har ont i halsen.", "Jag har feber.", "Jag har huvudvärk.")
REPORT = Path("reports/bench/voice.json")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


async def one_call(url: str, audio: list[bytes], turns: int, spread_s: float, seed: int) -> list[dict[str, Any]]:
    """`turns` measured turns; a call the service ends (a triage result may do that) is followed by a new one."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    while len(rows) < turns:
        async with TestCaller(url) as caller:
            await caller.bot_turn(0.0)
            while len(rows) < turns and not caller.heard.outcome:
                await asyncio.sleep(rng.uniform(0.0, spread_s))
                rows.append(await measured_turn(caller, audio[len(rows) % len(audio)]))
    return rows


async def measured_turn(caller: TestCaller, utterance: bytes) -> dict[str, Any]:
    seen = len(caller.heard.timings)
    ended = await caller.say(utterance)
    deadline = time.monotonic() + 60
    while len(caller.heard.timings) == seen and time.monotonic() < deadline and not caller.heard.outcome:
        await asyncio.sleep(0.02)
    first = caller.first_audio_after(ended)
    if first is None or len(caller.heard.timings) == seen:
        return {"lost": True}
    timing = caller.heard.timings[-1][1]
    await asyncio.sleep(0.3)
    if "Vill du att en sjuksköterska ringer upp dig" in (caller.heard.texts[-1][2] if caller.heard.texts else ""):
        await caller.dtmf("2")  # not understood twice: decline the callback, the call ends, a new one starts
    return {"latency_ms": (first - ended) * 1000, **{k: timing.get(k, 0.0) for k in ("vad_wait_ms", "asr_ms", "bot_ms", "tts_ms")}}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    done = [r for r in rows if not r.get("lost")]
    out: dict[str, Any] = {"turns": len(rows), "lost": len(rows) - len(done)}
    for key in ("latency_ms", "vad_wait_ms", "asr_ms", "bot_ms", "tts_ms"):
        values = [r[key] for r in done]
        out[key] = {"p50": round(pct(values, 50)), "p95": round(pct(values, 95)),
                    "mean": round(statistics.fmean(values)) if values else None}
    return out


async def scenario(url: str, audio: list[bytes], calls: int, turns: int) -> dict[str, Any]:
    results = await asyncio.gather(*(one_call(url, audio, turns, 2.0 if calls > 1 else 0.2, seed) for seed in range(calls)))
    return summary([row for rows in results for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--calls", type=int, nargs="*", default=[1, 4], help="concurrent calls per scenario")
    args = parser.parse_args()
    synth = EspeakSynthesiser()
    audio = [synth.synthesise(p) + silence(100) for p in PHRASES]
    with running_stack(voice=True) as stack:
        url = f"ws://127.0.0.1:{stack.voice_port}/twilio"
        report = {f"{n}_calls": asyncio.run(scenario(url, audio, n, args.turns)) for n in args.calls}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for name, result in report.items():
        lat = result["latency_ms"]
        print(f"{name}: {result['turns']} turns, {result['lost']} lost; last speech → first bot audio "
              f"p50 {lat['p50']} ms, p95 {lat['p95']} ms (target p50 ≤ 1500, p95 ≤ 2500)")
        print("   " + ", ".join(f"{k.replace('_ms', '')} p50 {result[k]['p50']} / p95 {result[k]['p95']} ms"
                                for k in ("vad_wait_ms", "asr_ms", "bot_ms", "tts_ms")))


if __name__ == "__main__":
    main()
