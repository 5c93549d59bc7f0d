"""A test caller: plays audio to the phone line over Twilio Media Streams at real-time pace and prints the
conversation. For people to try the line without a phone, and for the tests and the benchmark.

  python -m voice.call --say "Jag har svårt att andas"
  python -m voice.call inspelning.wav --say "nej" --dtmf 1
  python -m voice.call --url ws://127.0.0.1:8010/twilio --from 0701234567 --say "jag vill prata med en sjuksköterska"

The line is always open, as on a real call: silence is sent between utterances. The caller side plays the
bot's audio (it keeps a playback clock) and echoes each `mark` when its audio has been played, as Twilio
does. The service's debug events (`vl_text`) are printed; they exist only when the service allows them.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import json
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import websockets

from voice.audio import pcm_to_ulaw, rms, silence, ulaw_to_pcm, wav_to_pcm8k
from voice.interfaces import FRAME_MS, frames

DEFAULT_URL = "ws://127.0.0.1:8010/twilio"
SPEECH_RMS = 300  # a frame quieter than this is not speech (the VAD's energy gate)


@dataclass
class Heard:
    """Everything that came back, with monotonic arrival times."""

    media_times: list[float] = field(default_factory=list)
    audio: bytearray = field(default_factory=bytearray)
    texts: list[tuple[float, str, str]] = field(default_factory=list)  # (time, from, text)
    timings: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    outcome: Optional[str] = None
    clears: int = 0


class TestCaller:
    def __init__(self, url: str = DEFAULT_URL, caller_number: Optional[str] = None, echo: bool = False) -> None:
        self.url, self.caller_number, self.echo = url, caller_number, echo
        self.heard = Heard()
        self.outbox: collections.deque[bytes] = collections.deque()
        self.play_until = 0.0
        self.sid = f"MZ{uuid.uuid4().hex}"
        self._ws: Any = None
        self._tasks: list[asyncio.Task[None]] = []
        self._changed = asyncio.Event()
        self.last_sent_speech = 0.0

    async def __aenter__(self) -> TestCaller:
        self._ws = await websockets.connect(self.url, max_size=2**20)
        params = {"vl_debug": "1", **({"from": self.caller_number} if self.caller_number else {})}
        await self._send({"event": "connected", "protocol": "Call", "version": "1.0.0"})
        await self._send({"event": "start", "sequenceNumber": "1", "start": {
            "streamSid": self.sid, "callSid": f"CA{uuid.uuid4().hex}", "tracks": ["inbound"],
            "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
            "customParameters": params}})
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._stream())]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.hangup()

    async def _send(self, message: dict[str, Any]) -> None:
        await self._ws.send(json.dumps(message))

    async def _stream(self) -> None:
        """One 20 ms frame every 20 ms: the utterance queued, else silence (the line is always open)."""
        loop = asyncio.get_running_loop()
        next_at, quiet = loop.time(), silence(FRAME_MS)
        while True:
            speech = bool(self.outbox)
            frame = self.outbox.popleft() if speech else quiet
            payload = base64.b64encode(pcm_to_ulaw(frame)).decode()
            await self._send({"event": "media", "streamSid": self.sid, "media": {"payload": payload}})
            if speech and not self.outbox:
                self.last_sent_speech = time.monotonic()
                self._changed.set()
            next_at += FRAME_MS / 1000
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                self._on(json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            self.heard.outcome = self.heard.outcome or "hung_up_by_service"
            self._changed.set()

    def _on(self, data: dict[str, Any]) -> None:
        now, event = time.monotonic(), data.get("event")
        if event == "media":
            self.heard.media_times.append(now)
            self.heard.audio += ulaw_to_pcm(base64.b64decode(data["media"]["payload"]))
            self.play_until = max(now, self.play_until) + FRAME_MS / 1000
        elif event == "mark":
            delay = max(0.0, self.play_until - now)
            asyncio.get_running_loop().call_later(delay, self._echo_mark, data["mark"]["name"])
        elif event == "clear":
            self.heard.clears += 1
            self.play_until = now
        elif event == "vl_text":
            self.heard.texts.append((now, data["from"], data["text"]))
            if self.echo:
                print(f"{'Du' if data['from'] == 'caller' else 'Vårdlotsen'}: {data['text']}", flush=True)
        elif event == "vl_timing":
            self.heard.timings.append((now, data))
        elif event == "vl_end":
            self.heard.outcome = data.get("outcome")
        self._changed.set()

    def _echo_mark(self, name: str) -> None:
        if self._ws is not None and not self._ws.closed:
            asyncio.ensure_future(self._send({"event": "mark", "streamSid": self.sid, "mark": {"name": name}}))

    # ---- what a test or a person does ----------------------------------------------------------------

    async def say(self, pcm: bytes) -> float:
        """Queue an utterance; returns the moment its last speech sample was sent (real-time pace), not
        the end of the silence a synthesiser leaves after the words."""
        self._changed.clear()
        chunks = list(frames(pcm))
        voiced = [i for i, chunk in enumerate(chunks) if rms(chunk) >= SPEECH_RMS]
        self.outbox.extend(chunks)
        trailing = len(chunks) - 1 - (voiced[-1] if voiced else len(chunks) - 1)
        while self.outbox:
            await asyncio.sleep(FRAME_MS / 1000)
        return self.last_sent_speech - trailing * FRAME_MS / 1000

    async def dtmf(self, digit: str) -> None:
        await self._send({"event": "dtmf", "streamSid": self.sid, "dtmf": {"track": "inbound_track", "digit": digit}})

    async def bot_turn(self, since: float, timeout: float = 60.0) -> list[str]:
        """Wait until the bot has spoken after `since` (its text arrived and its audio has played); its texts."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            said = [t for at, who, t in self.heard.texts if who == "bot" and at >= since]
            if (said and time.monotonic() >= self.play_until + 0.3) or self.heard.outcome:
                return said
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), 0.2)
            except asyncio.TimeoutError:
                pass
        raise TimeoutError("the phone line did not answer")

    async def played_out(self, quiet_s: float = 0.3, timeout: float = 60.0) -> None:
        """Wait until all the audio the line sent has played and it has been quiet for `quiet_s`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < min(deadline, self.play_until + quiet_s) and not self.heard.outcome:
            await asyncio.sleep(0.05)

    def first_audio_after(self, moment: float) -> Optional[float]:
        return next((t for t in self.heard.media_times if t >= moment), None)

    async def hangup(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._ws is not None and not self._ws.closed:
            try:
                await self._send({"event": "stop", "streamSid": self.sid})
                await self._ws.close()
            except websockets.ConnectionClosed:
                pass


def _audio_for(item: str) -> bytes:
    if item.lower().endswith(".wav"):
        return wav_to_pcm8k(Path(item).read_bytes())
    from voice.tts import EspeakSynthesiser

    return EspeakSynthesiser().synthesise(item)


async def _run(args: argparse.Namespace) -> int:
    steps: list[tuple[str, str]] = [("audio", f) for f in args.files] + list(args.steps or [])
    async with TestCaller(args.url, args.caller_number, echo=True) as caller:
        await caller.bot_turn(0.0)
        for kind, value in steps:
            started = time.monotonic()
            if kind == "dtmf":
                await caller.dtmf(value)
            else:
                started = await caller.say(_audio_for(value) + silence(0))
            await caller.bot_turn(started)
            if caller.heard.outcome:
                break
    print(f"[samtalet slutade: {caller.heard.outcome or 'lagt på av dig'}]")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m voice.call", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="WAV files to play, in order (any rate; converted to 8 kHz)")
    parser.add_argument("--say", dest="steps", action="append", type=lambda t: ("audio", t),
                        help="a sentence, synthesised with espeak-ng (repeatable)")
    parser.add_argument("--dtmf", dest="steps", action="append", type=lambda d: ("dtmf", d[:1]),
                        help="a keypad digit (repeatable, in order with --say)")
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--from", dest="caller_number", default=None, help="the caller's number (metadata)")
    args = parser.parse_args(argv)
    if not args.files and not args.steps:
        parser.error("give a WAV file or --say")
    return asyncio.run(_run(args))


if __name__ == "__main__":
    sys.exit(main())
