"""Benchmark: the chat gateway under load, measured from websocket clients on loopback (make bench).

Starts the whole stack (Redis, action server, Rasa, gateway) and plays Swedish triage conversations
through /ws/chat (docs/chat-protocol.md):

  A  one citizen, conversations back to back;
  B  200 open sessions, one message per session every 20 s ± 5 s (≈ 10 msg/s);
  C  200 sessions, the total rate raised step by step until first-reply p95 passes 1 s (each step starts
     after the previous one's last replies, so without its backlog).

Each simulated citizen opens with one of ~20 everyday complaints, then answers the bot's buttons ("Nej" when
offered, else the first) or its free-text questions, and starts over with a new session after a triage
result (or a nurse handover, which is not the bot's path).

Per message: ack latency (send → `ack`) and first-reply latency (send → the first bot or system
`entry`). A session never has more than one message in flight (it answers the bot's buttons), so under
overload the achieved rate falls below the offered one; the report gives both. A message is lost when it
got no ack, or no reply within 30 s after its phase ended. The figures are taken by this client process
(one asyncio loop) and include its own overhead: they are an upper bound of the gateway-side time,
which the gateway's own log (`event=turn ... ms=`) gives for comparison.

python -m tests.bench.gateway_load [--quick]   (exit code 0 even when a target fails: this is a measurement)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

import psutil

from tests.bench.reply_latency import percentile
from tests.bench.stack import Stack, running_stack
from tests.integration.servers import ROOT
from tests.support.chat_client import ChatClient, Frame

REPORT = ROOT / "reports" / "bench" / "gateway_load.json"
SESSIONS = 200
GRACE_S = 30.0  # stragglers: a reply may still arrive this long after the phase ended
MAX_TURNS = 20  # a conversation that has not reached a triage result by then starts over
JITTER = 0.25  # ± a quarter of the interval: 20 s ± 5 s
RAMP_STOP_MS = 1000.0
CONNECT_PARALLEL = 20

# (opening message, answer to "how old?") – everyday complaints, adults and children, no emergencies.
OPENERS: list[tuple[str, str]] = [
    ("jag har ont i halsen sedan två dagar", "34 år"),
    ("har haft ont i magen sen igår kväll", "41 år"),
    ("min dotter 3 år har feber sedan i morse", "3 år"),
    ("jag har hostat i över en vecka nu", "52 år"),
    ("fick ont i ryggen när jag lyfte en låda igår", "45 år"),
    ("sonen 5 år har ont i örat och har sovit dåligt", "5 år"),
    ("det svider när jag kissar och jag måste gå hela tiden", "29 år"),
    ("jag har haft huvudvärk i tre dagar", "38 år"),
    ("stukade foten på fotbollen, den är svullen", "23 år"),
    ("förkyld och snorig sen fyra dagar, nu har jag feber", "31 år"),
    ("min son 2 år har kräkts två gånger i dag", "2 år"),
    ("jag har fått utslag på armarna som kliar", "36 år"),
    ("har ont i knät sedan flera veckor", "58 år"),
    ("jag är yr när jag reser mig upp", "67 år"),
    ("ont i örat sedan i går och det lockar", "27 år"),
    ("har diarré sedan två dagar", "44 år"),
    ("brände mig på handen på spisen", "33 år"),
    ("min dotter 7 år har ont i halsen och feber", "7 år"),
    ("tandvärk sedan i helgen", "49 år"),
    ("har haft ont i bröstet när jag hostar, förkyld sedan en vecka", "40 år"),
]
# Free-text questions (no buttons): answer by a word in the question, else "vet inte".
FREE_ANSWERS: list[tuple[str, str]] = [("skala", "5"), ("hur länge", "två dagar"), ("sedan när", "två dagar"),
                                       ("var befinner", "Uppsala"), ("orten", "Uppsala")]
TURN_LINE = re.compile(r"event=turn .*?client_id=(\S+) outcome=(\S+) ms=([0-9.]+)")


@dataclass
class Sample:
    """One citizen message. Times are time.perf_counter() values of this process."""

    client_id: str
    label: str
    kind: str  # "opener" (first message of a session), "button" or "text"
    sent: float
    ack: Optional[float] = None
    reply: Optional[float] = None
    bot_answered: bool = False  # a `bot` entry came (a `system` fallback alone does not count)
    acks: int = 0
    duplicate_acks: int = 0
    refused: Optional[str] = None  # the `error` frame's code

    @property
    def lost(self) -> bool:
        return self.ack is None or self.reply is None


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    conversations: dict[str, int] = field(default_factory=dict)
    triages: dict[str, int] = field(default_factory=dict)
    handovers: dict[str, int] = field(default_factory=dict)
    connect_failures: dict[str, int] = field(default_factory=dict)

    def count(self, table: dict[str, int], label: str) -> None:
        table[label] = table.get(label, 0) + 1


def _first_reply(frames: list[Frame]) -> Optional[Frame]:
    return next((f for f in frames if f["type"] == "entry" and f["entry"]["from"] != "user"), None)


def _settle(sample: Sample, frames: list[Frame]) -> None:
    """Fill a sample from the frames that arrived since it was sent (one message in flight per session)."""
    for frame in frames:
        if frame["type"] == "ack" and frame.get("client_id") == sample.client_id:
            sample.acks += 1
            sample.duplicate_acks += bool(frame.get("duplicate"))
            sample.ack = sample.ack if sample.ack is not None else frame["_t"]
        elif frame["type"] == "error" and frame.get("client_id") == sample.client_id:
            sample.refused = frame.get("code")
    reply = _first_reply(frames)
    sample.reply = reply["_t"] if reply is not None else None
    sample.bot_answered = any(f["type"] == "entry" and f["entry"]["from"] == "bot" for f in frames)


def _bot_entries(frames: list[Frame]) -> list[dict[str, Any]]:
    return [f["entry"] for f in frames if f["type"] == "entry" and f["entry"]["from"] != "user"]


def _free_answer(question: str, age: str) -> str:
    lowered = question.lower()
    if "gammal" in lowered or "ålder" in lowered:
        return age
    return next((answer for word, answer in FREE_ANSWERS if word in lowered), "vet inte")


def conversation_over(entries: list[dict[str, Any]]) -> Optional[str]:
    """Why the conversation is over, or None: a triage result, or a handover.

    A handover (the bot asked for a nurse, or the gateway answered for the nurse queue) is not the bot's path
    and its replies come without typing frames, so the simulated citizen starts a new session instead.
    """
    customs = [e.get("custom") or {} for e in entries]
    if any(c.get("triage") for c in customs):
        return "triage"
    if any("handover" in c or "handover_request" in c for c in customs):
        return "handover"
    return None


def next_message(entries: list[dict[str, Any]], age: str) -> tuple[str, Optional[str]]:
    """The citizen's answer to the bot's last question: "Nej" if offered, else the first button, else free text."""
    buttons = next((e["buttons"] for e in reversed(entries) if e.get("buttons")), None)
    if buttons:
        chosen = next((b for b in buttons if b.get("title", "").lower() == "nej"), buttons[0])
        return chosen["title"], chosen["payload"]
    question = next((e.get("text", "") for e in reversed(entries) if e.get("text")), "")
    return _free_answer(question, age), None


class Conversation:
    """One simulated citizen on its own websocket session; a new session after each triage result."""

    def __init__(self, port: int, rng: random.Random, recorder: Recorder) -> None:
        self.port, self.rng, self.recorder = port, rng, recorder
        self.client: Optional[ChatClient] = None
        self.pending: Optional[tuple[str, Optional[str]]] = None
        self.age, self.turns = "", 0

    async def restart(self, label: str) -> bool:
        """Close the old session and open a new one with a fresh complaint; False when it could not connect."""
        await self.close()
        client = ChatClient(self.port)
        try:
            await client.connect()
        except Exception:  # noqa: BLE001 - counted and retried on the next tick
            self.recorder.count(self.recorder.connect_failures, label)
            await _quiet_close(client)
            return False
        self.client = client
        opener, self.age = self.rng.choice(OPENERS)
        self.pending, self.turns = (opener, None), 0
        self.recorder.count(self.recorder.conversations, label)
        return True

    async def step(self, label: str, timeout: float) -> None:
        """Send the next message and wait until its turn is over (typing off) or `timeout` seconds passed."""
        if (self.client is None or self.client.closed or self.pending is None) and not await self.restart(label):
            return
        assert self.client is not None and self.pending is not None
        start, client_id = len(self.client.frames), uuid.uuid4().hex
        kind = "opener" if self.turns == 0 else "button" if self.pending[1] else "text"
        sample = Sample(client_id, label, kind, time.perf_counter())
        self.recorder.samples.append(sample)
        try:
            await self.client.say(self.pending[0], self.pending[1], client_id=client_id)
            await self.client.wait_for(lambda f: _turn_over(f, client_id), max(0.1, timeout), start)
        except Exception:  # noqa: BLE001 - no answer in time or the socket closed: the sample shows it
            _settle(sample, self.client.frames[start:])
            await self.close()
            return
        frames = self.client.frames[start:]
        _settle(sample, frames)
        if sample.refused is not None:
            return  # e.g. rate_limited: the same answer again on the next tick, as the widget keeps the text
        self.turns += 1
        entries = _bot_entries(frames)
        over = conversation_over(entries)
        if over is not None:
            self.recorder.count(self.recorder.triages if over == "triage" else self.recorder.handovers, label)
        if over is not None or self.turns >= MAX_TURNS:
            await self.restart(label)
        else:
            self.pending = next_message(entries, self.age)

    async def close(self) -> None:
        if self.client is not None:
            await _quiet_close(self.client)
        self.client = None


def _turn_over(frame: Frame, client_id: str) -> bool:
    return (frame["type"] == "typing" and frame["on"] is False) or frame["type"] == "ended" or \
        (frame["type"] == "error" and frame.get("client_id") == client_id)


async def _quiet_close(client: ChatClient) -> None:
    try:
        await asyncio.wait_for(client.close(), 5)
    except Exception:  # noqa: BLE001 - closing a broken socket must not stop the bench
        pass


async def _sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.perf_counter()))


async def sequential_user(conversation: Conversation, label: str, duration: float) -> None:
    """Phase A: one citizen, each message sent as soon as the previous turn is over."""
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        await conversation.step(label, end + GRACE_S - time.perf_counter())


async def paced_user(conversation: Conversation, label: str, interval: float, end: float) -> None:
    """One message every `interval` s ± JITTER from a random start; never a second one in flight, no catch-up."""
    rng = conversation.rng
    due = time.perf_counter() + rng.uniform(0, interval)
    while True:
        await _sleep_until(min(due, end))
        if time.perf_counter() >= end:
            return
        await conversation.step(label, end + GRACE_S - time.perf_counter())
        due = max(time.perf_counter(), due + interval * (1 + rng.uniform(-JITTER, JITTER)))


async def connect_all(conversations: list[Conversation], label: str) -> None:
    """Open every session before a phase starts (a limited number at a time)."""
    gate = asyncio.Semaphore(CONNECT_PARALLEL)

    async def one(conversation: Conversation) -> None:
        async with gate:
            if conversation.client is None or conversation.client.closed:
                await conversation.restart(label)

    await asyncio.gather(*(one(c) for c in conversations))


# --- measuring -------------------------------------------------------------------------------------------

def cpu_seconds(processes: dict[str, psutil.Process]) -> dict[str, float]:
    """CPU seconds (user + system) so far: each process, and the whole machine under "machine".

    A server counts with its children; the bench itself without them (the servers are its children).
    """
    result: dict[str, float] = {}
    for name, process in processes.items():
        total = 0.0
        for proc in [process, *(_children(process) if name != "client" else [])]:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        result[name] = total
    machine = psutil.cpu_times()
    result["machine"] = machine.user + machine.nice + machine.system + getattr(machine, "irq", 0.0) + \
        getattr(machine, "softirq", 0.0) + getattr(machine, "steal", 0.0)
    return result


def _children(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.Error:
        return []


@dataclass
class Window:
    """What one phase (or ramp step) cost: wall time, CPU per process, load average."""

    label: str
    started: float
    cpu_before: dict[str, float]
    load_before: tuple[float, float, float]
    duration_s: float = 0.0
    cpu_percent: dict[str, float] = field(default_factory=dict)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)


class Meter:
    def __init__(self, stack: Stack) -> None:
        self.processes = {name: psutil.Process(server.pid) for name, server in stack.servers.items()}
        self.processes["client"] = psutil.Process(os.getpid())

    def open(self, label: str) -> Window:
        return Window(label, time.perf_counter(), cpu_seconds(self.processes), os.getloadavg())

    def close(self, window: Window, duration_s: float) -> Window:
        """`duration_s` is the sending window; CPU is averaged over the wall time including stragglers."""
        wall = time.perf_counter() - window.started
        after = cpu_seconds(self.processes)
        window.duration_s = duration_s
        window.cpu_percent = {n: round(100 * (after[n] - window.cpu_before[n]) / wall, 1) for n in after}
        ours = sum(v for n, v in window.cpu_percent.items() if n != "machine")
        window.cpu_percent["others"] = round(max(0.0, window.cpu_percent["machine"] - ours), 1)
        window.load_after = os.getloadavg()
        return window


def gateway_turns(log: Path) -> dict[str, tuple[str, float]]:
    """client_id → (outcome, ms from receipt to the end of the bot turn) from the gateway's log."""
    turns: dict[str, tuple[str, float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        match = TURN_LINE.search(line)
        if match:
            turns[match.group(1)] = (match.group(2), float(match.group(3)))
    return turns


def _dist(values: list[float]) -> dict[str, Optional[float]]:
    if not values:
        return {"p50": None, "p95": None, "max": None}
    return {"p50": round(percentile(values, .5), 1), "p95": round(percentile(values, .95), 1),
            "max": round(max(values), 1)}


def timeline(samples: list[Sample], window: Window, buckets: int = 10) -> list[dict[str, Any]]:
    """First-reply latency by when the message was sent: shows a start-up transient or a growing queue."""
    width = window.duration_s / buckets
    rows = []
    for i in range(buckets):
        inside = [s for s in samples if i * width <= s.sent - window.started < (i + 1) * width]
        rows.append({"from_s": round(i * width), "sent": len(inside),
                     **_dist([(s.reply - s.sent) * 1000 for s in inside if s.reply is not None])})
    return rows


def summarize(label: str, window: Window, recorder: Recorder, turns: dict[str, tuple[str, float]],
              offered: Optional[float]) -> dict[str, Any]:
    samples = [s for s in recorder.samples if s.label == label]
    acks = [(s.ack - s.sent) * 1000 for s in samples if s.ack is not None]
    replies = [(s.reply - s.sent) * 1000 for s in samples if s.reply is not None]
    gateway = [turns[s.client_id] for s in samples if s.client_id in turns]
    outcomes: dict[str, int] = {}
    for outcome, _ in gateway:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    by_kind = {kind: _dist([(s.reply - s.sent) * 1000 for s in samples if s.kind == kind and s.reply is not None])
               for kind in ("opener", "button", "text")}
    return {
        "label": label, "duration_s": round(window.duration_s, 1), "sent": len(samples),
        "offered_msg_s": offered, "sent_msg_s": round(len(samples) / window.duration_s, 2),
        "answered_msg_s": round(len(replies) / window.duration_s, 2),
        "ack_ms": _dist(acks), "first_reply_ms": _dist(replies), "first_reply_ms_by_kind": by_kind,
        "first_reply_timeline": timeline(samples, window),
        "gateway_turn_ms": _dist([ms for _, ms in gateway]), "gateway_outcomes": outcomes,
        "lost": sum(s.lost for s in samples), "no_ack": sum(s.ack is None for s in samples),
        "no_reply": sum(s.reply is None for s in samples), "no_bot_answer": sum(not s.bot_answered for s in samples),
        "duplicate_acks": sum(s.duplicate_acks for s in samples),
        "extra_acks": sum(max(0, s.acks - 1) for s in samples),
        "refused": sum(s.refused is not None for s in samples),
        "conversations": recorder.conversations.get(label, 0), "triages": recorder.triages.get(label, 0),
        "handovers": recorder.handovers.get(label, 0),
        "connect_failures": recorder.connect_failures.get(label, 0),
        "cpu_percent": window.cpu_percent, "load_before": [round(x, 2) for x in window.load_before],
        "load_after": [round(x, 2) for x in window.load_after],
    }


# --- phases --------------------------------------------------------------------------------------------

@dataclass
class Plan:
    single_s: float
    steady_s: float
    step_s: float
    budget_s: float  # the whole bench, stack start included: no ramp step starts that would end later
    steady_rate: float = 10.0
    ramp_rates: tuple[float, ...] = (10.0, 15.0, 20.0, 30.0, 40.0)


FULL = Plan(single_s=60, steady_s=300, step_s=45, budget_s=12 * 60)
QUICK = Plan(single_s=15, steady_s=60, step_s=15, budget_s=6 * 60)


@dataclass
class Run:
    recorder: Recorder
    windows: list[tuple[Window, Optional[float]]]  # with the offered rate (None: as fast as the bot answers)
    ramp_stop: str = "steps ran out"


async def phase_single(port: int, meter: Meter, recorder: Recorder, plan: Plan) -> Window:
    conversation = Conversation(port, random.Random(1), recorder)
    warmup = Conversation(port, random.Random(0), recorder)
    await warmup.step("warmup", 30)  # first request of a fresh stack loads lazily; not measured
    await warmup.close()
    window = meter.open("A")
    await sequential_user(conversation, "A", plan.single_s)
    await conversation.close()
    return meter.close(window, plan.single_s)


async def phase_paced(conversations: list[Conversation], label: str, rate: float, duration: float,
                      meter: Meter) -> Window:
    await connect_all(conversations, label)
    interval = len(conversations) / rate
    window = meter.open(label)
    end = time.perf_counter() + duration
    await asyncio.gather(*(paced_user(c, label, interval, end) for c in conversations))
    return meter.close(window, duration)


def _reply_p95(recorder: Recorder, label: str) -> float:
    """p95 of first-reply latency, a message without a reply counting as infinitely slow."""
    samples = [s for s in recorder.samples if s.label == label]
    values = [(s.reply - s.sent) * 1000 if s.reply is not None else float("inf") for s in samples]
    return percentile(values, .95) if values else float("inf")


async def run_phases(stack: Stack, plan: Plan, deadline: float) -> Run:
    """All phases; the ramp stops at the first step whose p95 passed 1 s, or before passing `deadline`."""
    assert stack.gateway_port is not None
    recorder, meter = Recorder(), Meter(stack)
    run = Run(recorder, [])
    windows = run.windows
    _progress(f"A: 1 sequential user for {plan.single_s:.0f} s")
    windows.append((await phase_single(stack.gateway_port, meter, recorder, plan), None))
    rng = random.Random(2)
    conversations = [Conversation(stack.gateway_port, random.Random(rng.random()), recorder) for _ in range(SESSIONS)]
    _progress(f"B: {SESSIONS} sessions at {plan.steady_rate:.0f} msg/s for {plan.steady_s:.0f} s")
    windows.append((await phase_paced(conversations, "B", plan.steady_rate, plan.steady_s, meter), plan.steady_rate))
    for rate in plan.ramp_rates:
        if time.perf_counter() + plan.step_s + 10 > deadline:
            run.ramp_stop = "time budget"
            break
        label = f"C{rate:g}"
        _progress(f"C: {SESSIONS} sessions at {rate:g} msg/s for {plan.step_s:.0f} s")
        windows.append((await phase_paced(conversations, label, rate, plan.step_s, meter), rate))
        if _reply_p95(recorder, label) > RAMP_STOP_MS:
            run.ramp_stop = "p95 passed 1 s"
            break
    await asyncio.gather(*(c.close() for c in conversations))
    return run


def _progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


# --- report ---------------------------------------------------------------------------------------------

@dataclass
class Target:
    name: str
    value: Optional[float]
    limit: float
    unit: str = "ms"

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value <= self.limit


def targets(phases: dict[str, dict[str, Any]]) -> list[Target]:
    a, b = phases["A"], phases["B"]
    return [
        Target("A first-reply p95", a["first_reply_ms"]["p95"], 300),
        Target("A ack p95", a["ack_ms"]["p95"], 100),
        Target("B first-reply p95", b["first_reply_ms"]["p95"], 500),
        Target("B ack p95", b["ack_ms"]["p95"], 100),
        Target("B lost", b["lost"], 0, unit=""),
    ]


def ramp_result(phases: list[dict[str, Any]], run: Run) -> dict[str, Any]:
    """The first ramp step whose first-reply p95 passed 1 s (unanswered counted as slow), else the last step."""
    steps = [p for p in phases if p["label"].startswith("C")]
    step = next((p for p in steps if _reply_p95(run.recorder, p["label"]) > RAMP_STOP_MS), steps[-1] if steps else None)
    return {"passed_1s": run.ramp_stop == "p95 passed 1 s", "stopped_by": run.ramp_stop,
            "step_offered_msg_s": step and step["offered_msg_s"], "achieved_msg_s": step and step["answered_msg_s"],
            "p95_ms": step and step["first_reply_ms"]["p95"],
            "steps": [{"offered_msg_s": p["offered_msg_s"], "achieved_msg_s": p["answered_msg_s"],
                       "p50_ms": p["first_reply_ms"]["p50"], "p95_ms": p["first_reply_ms"]["p95"]} for p in steps]}


def _ms(dist: dict[str, Optional[float]]) -> str:
    return "/".join("-" if dist[k] is None else f"{dist[k]:.0f}" for k in ("p50", "p95", "max"))


def print_report(phases: list[dict[str, Any]], checks: list[Target], ramp: dict[str, Any], log: Path) -> None:
    print("\nGateway load (client on 127.0.0.1; figures include the client's own overhead, so they are an "
          "upper bound of the gateway-side time; 'gw turn' is the gateway's own log: receipt → end of bot turn)")
    header = (f"{'phase':<7}{'offered':>8}{'sent/s':>8}{'answ/s':>8}{'n':>6}  {'ack p50/p95/max':>16}  "
              f"{'reply p50/p95/max':>18}  {'gw turn p50/p95/max':>20}{'lost':>6}{'nobot':>6}{'dup':>5}{'ref':>5}  "
              f"{'cpu% gw/rasa/act/redis/client':>30}{'machine/others':>15}  load before→after")
    print(header)
    print("-" * len(header))
    for p in phases:
        cpu = p["cpu_percent"]
        cpus = "/".join(f"{cpu.get(n, 0):.0f}" for n in ("gateway", "rasa", "actions", "redis", "client"))
        offered = "-" if p["offered_msg_s"] is None else f"{p['offered_msg_s']:g}"
        print(f"{p['label']:<7}{offered:>8}{p['sent_msg_s']:>8.2f}{p['answered_msg_s']:>8.2f}{p['sent']:>6}  "
              f"{_ms(p['ack_ms']):>16}  {_ms(p['first_reply_ms']):>18}  {_ms(p['gateway_turn_ms']):>20}"
              f"{p['lost']:>6}{p['no_bot_answer']:>6}{p['duplicate_acks']:>5}{p['refused']:>5}  {cpus:>30}"
              f"{cpu['machine']:>9.0f}/{cpu['others']:<5.0f}  "
              f"{p['load_before'][0]:.2f}→{p['load_after'][0]:.2f}")
    print(f"\ncpu% = % of one core (this machine: {os.cpu_count()} cores), over the phase incl. stragglers; "
          "others = processes outside this bench\n"
          "lost = no ack or no reply within 30 s after the phase; nobot = only the gateway's system fallback, never a bot "
          "answer; dup = duplicate acks; ref = refused (error frame)")
    for p in phases:
        extra = {k: p[k] for k in ("no_ack", "no_reply", "extra_acks", "conversations", "triages", "handovers",
                                    "connect_failures")}
        print(f"  {p['label']}: {extra} gateway outcomes {p['gateway_outcomes']}")
        kinds = ", ".join(f"{k} {_ms(d)}" for k, d in p["first_reply_ms_by_kind"].items() if d["p50"] is not None)
        print(f"      first reply p50/p95/max by kind: {kinds}")
    steady = next(p for p in phases if p["label"] == "B")
    print("  B first-reply p50/p95 by send time: " + ", ".join(
        f"{row['from_s']}s {row['p50'] or 0:.0f}/{row['p95'] or 0:.0f} (n={row['sent']})"
        for row in steady["first_reply_timeline"]))
    print("\nTargets:")
    for check in checks:
        value = "-" if check.value is None else f"{check.value:g}"
        print(f"  {'PASS' if check.passed else '*** FAIL ***'}  {check.name}: {value} {check.unit} (≤ {check.limit:g})")
    if ramp["passed_1s"]:
        print(f"  Ramp: first-reply p95 passed 1 s at {ramp['achieved_msg_s']} msg/s achieved "
              f"(step offered {ramp['step_offered_msg_s']:g} msg/s, p95 {ramp['p95_ms']} ms)")
    else:
        print(f"  Ramp: first-reply p95 stayed ≤ 1 s up to the last step ({ramp['stopped_by']}): "
              f"{ramp['achieved_msg_s']} msg/s achieved (offered {ramp['step_offered_msg_s']} msg/s)")
    for step in ramp["steps"]:
        print(f"    step {step['offered_msg_s']:g} msg/s offered: {step['achieved_msg_s']} achieved, "
              f"first reply p50 {step['p50_ms']} ms, p95 {step['p95_ms']} ms")
    print(f"\nGateway log: {log}\nJSON: {REPORT}")


def report(stack: Stack, run: Run, plan: Plan, quick: bool) -> None:
    turns = gateway_turns(stack.log_path("gateway"))
    phases = [summarize(w.label, w, run.recorder, turns, offered) for w, offered in run.windows]
    checks = targets({p["label"]: p for p in phases})
    ramp = ramp_result(phases, run)
    print_report(phases, checks, ramp, stack.log_path("gateway"))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({
        "measured_from": "websocket client on 127.0.0.1 (upper bound of gateway-side time)",
        "quick": quick, "plan": asdict(plan), "sessions": SESSIONS, "cpu_count": os.cpu_count(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "phases": phases, "ramp": ramp,
        "targets": [{**asdict(t), "passed": t.passed} for t in checks], "stack_dir": str(stack.work),
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short phases (15 s / 60 s / 15 s per step) for a check")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    _progress("starting Redis, action server, Rasa and the gateway")
    with running_stack(gateway=True) as stack:
        run = asyncio.run(run_phases(stack, plan, started + plan.budget_s))
    report(stack, run, plan, args.quick)
    print(f"total {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
