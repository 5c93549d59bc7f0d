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
import re
import statistics
import time
from pathlib import Path
from typing import Any, Optional

from tests.bench.stack import running_stack
from voice.audio import silence
from voice.call import TestCaller
from voice.tts import EspeakSynthesiser

PHRASES = ("Jag har ont i magen.", "Jag har ont i halsen.", "Jag har feber.", "Jag har huvudvärk.")
REPORT = Path("reports/bench/voice.json")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


async def one_call(url: str, audio: Speech, turns: int, spread_s: float, seed: int) -> list[dict[str, Any]]:
    """`turns` measured turns; a call the service ends (a triage result may do that) is followed by a new one.

    The caller behaves like a person on the 1177 line: says why they call, answers yes/no questions "Nej.",
    says the first option of a choice, keys numbers in (age 40, other numbers 4, ended with #; keypad
    turns are not measured) and says "Jag vet inte." to anything else. It waits until the question has played."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    while len(rows) < turns:
        async with TestCaller(url) as caller:
            await caller.bot_turn(0.0)
            said: Optional[str] = PHRASES[(seed + len(rows)) % len(PHRASES)]
            while len(rows) < turns and not caller.heard.outcome:
                await caller.played_out()
                await asyncio.sleep(rng.uniform(0.0, spread_s))
                if said is None:
                    keys = "40#" if "åldern" in last_said(caller) else "4#"
                    since = time.monotonic()
                    for key in keys:
                        await caller.dtmf(key)
                    await caller.bot_turn(since)
                else:
                    rows.append({"said": said, **await measured_turn(caller, audio.get(said))})
                said = answer_to(last_said(caller))
    return rows


def last_said(caller: TestCaller) -> str:
    return next((t for _, who, t in reversed(caller.heard.texts) if who == "bot"), "")


def answer_to(question: str) -> Optional[str]:
    """What to say to the bot's last turn; None: key a number in."""
    if "Svara ja eller nej" in question:
        return "Nej."
    if (choice := re.search(r"Du kan välja: (.+?): tryck", question)) is not None:
        return choice.group(1).strip() + "."
    return None if "knappa in" in question else "Jag vet inte."


class Speech:
    """Each sentence synthesised once."""

    def __init__(self) -> None:
        self.synth, self.cache = EspeakSynthesiser(), {}

    def get(self, text: str) -> bytes:
        if text not in self.cache:
            self.cache[text] = self.synth.synthesise(text) + silence(100)
        return self.cache[text]


async def measured_turn(caller: TestCaller, utterance: bytes) -> dict[str, Any]:
    seen = len(caller.heard.timings)
    ended = await caller.say(utterance)
    deadline = time.monotonic() + 60
    while len(caller.heard.timings) == seen and time.monotonic() < deadline and not caller.heard.outcome:
        await asyncio.sleep(0.02)
    first = caller.first_audio_after(ended)
    if first is None or len(caller.heard.timings) == seen:
        return {"lost": "call ended" if caller.heard.outcome else "no reply"}
    timing = caller.heard.timings[-1][1]
    await asyncio.sleep(0.3)
    if "Vill du att en sjuksköterska ringer upp dig" in (caller.heard.texts[-1][2] if caller.heard.texts else ""):
        await caller.dtmf("2")  # not understood twice: decline the callback, the call ends, a new one starts
    return {"latency_ms": (first - ended) * 1000, "heard": bool(timing.get("heard")),
            **{k: timing.get(k, 0.0) for k in KEYS[1:]}}


KEYS = ("latency_ms", "vad_wait_ms", "asr_ms", "asr_head_start_ms", "bot_ms", "tts_ms")


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    done = [r for r in rows if not r.get("lost")]
    out: dict[str, Any] = {"turns": len(rows), "lost": len(rows) - len(done),
                           "lost_why": sorted({r["lost"] for r in rows if r.get("lost")}),
                           "heard": sum(r["heard"] for r in done),
                           "understood_by_phrase": {p: f"{sum(r['heard'] for r in done if r['said'] == p)}/"
                                                       f"{sum(r['said'] == p for r in done)}"
                                                    for p in sorted({r["said"] for r in done})}}
    for key in KEYS:
        values = [r[key] for r in done]
        out[key] = {"p50": round(pct(values, 50)), "p95": round(pct(values, 95)),
                    "mean": round(statistics.fmean(values)) if values else None}
    return out


async def scenario(url: str, audio: Speech, calls: int, turns: int) -> dict[str, Any]:
    results = await asyncio.gather(*(one_call(url, audio, turns, 2.0 if calls > 1 else 0.2, seed) for seed in range(calls)))
    return summary([row for rows in results for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--calls", type=int, nargs="*", default=[1, 4], help="concurrent calls per scenario")
    args = parser.parse_args()
    audio = Speech()
    with running_stack(voice=True) as stack:
        url = f"ws://127.0.0.1:{stack.voice_port}/twilio"
        report = {f"{n}_calls": asyncio.run(scenario(url, audio, n, args.turns)) for n in args.calls}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for name, result in report.items():
        lat = result["latency_ms"]
        print(f"{name}: {result['turns']} turns ({result['heard']} understood), {result['lost']} lost "
              f"{result['lost_why']}; last speech → first bot audio "
              f"p50 {lat['p50']} ms, p95 {lat['p95']} ms (target p50 ≤ 1500, p95 ≤ 2500)")
        print("   understood: " + ", ".join(f"{p} {n}" for p, n in result["understood_by_phrase"].items()))
        print("   " + ", ".join(f"{k.replace('_ms', '')} p50 {result[k]['p50']} / p95 {result[k]['p95']} ms"
                                for k in KEYS[1:]))


if __name__ == "__main__":
    main()
