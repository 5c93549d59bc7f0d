"""The phone line end to end: Swedish phrases synthesised here with espeak-ng, sent as 8 kHz μ-law frames
at real-time pace over Twilio Media Streams (and AudioSocket) to the running voice service → Whisper →
the running bot (through the gateway) → spoken reply frames back.

The service's debug events (`vl_text`, `vl_end`) say what it heard and said; the audio frames are checked
too. Synthetic speech is recognised at keyword level only, so every phrase here is one the notes measured
as recognised exactly, and numbers are keyed in (DTMF).
"""
from __future__ import annotations

import asyncio
import socket
import struct
import time
import uuid

import pytest
import redis

from tests.support.aio import LoopThread
from voice.audio import noise, silence
from voice.call import TestCaller
from voice.tts import EspeakSynthesiser

CALLER_NUMBER = "+46701740605"  # from PTS's series of numbers for fiction


@pytest.fixture(scope="module")
def speak():
    synth = EspeakSynthesiser()
    return lambda text: synth.synthesise(text) + silence(100)


@pytest.fixture()
def loop():
    thread = LoopThread()
    yield thread
    thread.stop()


def url(voice_server) -> str:
    return f"ws://127.0.0.1:{voice_server.port}/twilio"


def said_by(caller: TestCaller, who: str, since: float = 0.0) -> str:
    return " ".join(t for at, w, t in caller.heard.texts if w == who and at >= since)


def test_svart_att_andas_ends_in_the_112_advice(voice_server, loop, speak):
    async def call() -> TestCaller:
        async with TestCaller(url(voice_server)) as caller:
            await caller.bot_turn(0.0)
            assert "lägg på och ring 112" in said_by(caller, "bot")
            frames_before = len(caller.heard.media_times)
            ended = await caller.say(speak("Jag har svårt att andas."))
            await caller.bot_turn(ended)
            assert len(caller.heard.media_times) > frames_before + 50  # at least a second of spoken reply
            return caller

    caller = loop.run(call(), timeout=120)
    assert "andas" in said_by(caller, "caller").lower()
    assert "112" in said_by(caller, "bot")
    assert caller.heard.outcome == "ended_after_112"


def test_yes_no_by_keypad_and_by_speech(voice_server, loop, speak):
    async def call() -> TestCaller:
        async with TestCaller(url(voice_server)) as caller:
            await caller.bot_turn(0.0)
            ended = await caller.say(speak("Jag har ont i magen."))
            asked = " ".join(await caller.bot_turn(ended))
            assert "gammal" in asked, asked
            for digit in "45#":
                await caller.dtmf(digit)
            moment = time.monotonic()
            asked = " ".join(await caller.bot_turn(moment))
            assert "trycka 1 för ja, 2 för nej" in asked, asked
            moment = time.monotonic()
            await caller.dtmf("2")  # nej, by keypad
            following = " ".join(await caller.bot_turn(moment))
            assert following and following != asked
            ended = await caller.say(speak("Ja."))
            await caller.bot_turn(ended)
            return caller

    caller = loop.run(call(), timeout=180)
    heard = said_by(caller, "caller")
    assert "[tangenter] 45" in heard and "[tangent 2] Nej" in heard
    assert heard.lower().rstrip(". ").endswith("ja"), heard


def test_unheard_twice_queues_a_callback_with_the_callers_number(voice_server, loop, redis_url, speak):
    mumble = noise(1200, level=6000, seed=7)  # loud enough to be speech for the VAD, no words for Whisper

    async def call() -> TestCaller:
        async with TestCaller(url(voice_server), caller_number=CALLER_NUMBER) as caller:
            await caller.bot_turn(0.0)
            for _ in range(2):
                ended = await caller.say(mumble)
                await caller.bot_turn(ended)
            assert "ringer upp dig" in said_by(caller, "bot") or "Vill du att en sjuksköterska" in said_by(caller, "bot")
            moment = time.monotonic()
            await caller.dtmf("1")  # yes, call me back
            confirm = " ".join(await caller.bot_turn(moment))
            assert "0 7 0 1 7 4 0 6 0 5" in confirm, confirm
            moment = time.monotonic()
            await caller.dtmf("1")  # that number
            await caller.bot_turn(moment)
            return caller

    caller = loop.run(call(), timeout=180)
    assert caller.heard.outcome == "callback_requested"
    store = redis.Redis.from_url(redis_url)
    keys = [k.decode() for k in store.scan_iter("vl:hc:t-*") if store.hget(k, "phone") == b"0701740605"]
    assert len(keys) == 1, keys
    record = store.hgetall(keys[0])
    assert record[b"status"] == b"callback" and record[b"channel"] == b"telefon"
    assert b"Telefon" in record[b"summary"] or b"telefon" in record[b"summary"]
    assert store.zscore("vl:callbacks", keys[0][len("vl:hc:"):]) is not None


def test_silence_and_line_noise_produce_no_words(voice_server, loop):
    async def call() -> TestCaller:
        async with TestCaller(url(voice_server)) as caller:
            await caller.bot_turn(0.0)
            await caller.say(silence(3000))
            await caller.say(noise(3000, level=80, seed=3))
            await asyncio.sleep(1.5)
            return caller

    caller = loop.run(call(), timeout=60)
    assert said_by(caller, "caller") == ""
    assert "Förlåt" not in said_by(caller, "bot")  # nothing was taken for an utterance


def test_caller_speech_stops_the_greeting(voice_server, loop, speak):
    async def call() -> TestCaller:
        async with TestCaller(url(voice_server)) as caller:
            await asyncio.sleep(1.0)  # the greeting is playing
            await caller.say(speak("Jag har ont i magen."))
            await asyncio.sleep(0.5)
            return caller

    caller = loop.run(call(), timeout=60)
    assert caller.heard.clears >= 1


def _audiosocket_frame(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack(">BH", kind, len(payload)) + payload


class _Frames:
    """Parses what the service sends on an AudioSocket connection."""

    def __init__(self) -> None:
        self.buffer, self.audio, self.hung_up = bytearray(), 0, False

    def feed(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= 3:
            kind, length = self.buffer[0], int.from_bytes(self.buffer[1:3], "big")
            if len(self.buffer) < 3 + length:
                return
            del self.buffer[:3 + length]
            self.audio += kind == 0x10
            self.hung_up |= kind == 0x00


def test_asterisk_audiosocket_call_hears_the_greeting_and_the_112_advice(voice_server, speak):
    utterance = speak("Jag har svårt att andas.")
    quiet = silence(20)
    plan = [quiet] * 400 + [utterance[i:i + 320].ljust(320, b"\0") for i in range(0, len(utterance), 320)]
    plan += [quiet] * 2000
    got = _Frames()
    with socket.create_connection(("127.0.0.1", voice_server.audiosocket_port), timeout=5) as sock:
        sock.sendall(_audiosocket_frame(0x01, uuid.uuid4().bytes))
        sock.settimeout(0.02)
        for chunk in plan:
            sock.sendall(_audiosocket_frame(0x10, chunk))
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            if not data:
                break
            got.feed(data)
            if got.hung_up:
                break
    assert got.audio > 100  # spoken audio frames (type 0x10) came back: the greeting and the answer
    assert got.hung_up, "the service did not end the call after the 112 advice"


def test_the_session_api_of_the_phone_line_needs_its_token(gateway, voice_token):
    import httpx

    base = f"http://127.0.0.1:{gateway.port}/api/voice"
    assert httpx.post(f"{base}/calls", timeout=10).status_code == 401
    assert httpx.post(f"{base}/calls", headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
    auth = {"Authorization": f"Bearer {voice_token.read_text().strip()}"}
    call = httpx.post(f"{base}/calls", headers=auth, timeout=10).json()
    assert call["sender"].startswith("t-")
    assert httpx.post(f"{base}/calls/not-a-session-id-at-all/turn", headers=auth, json={}, timeout=10).status_code == 404
    bad = httpx.post(f"{base}/calls/{call['session']}/callback", headers=auth, json={"phone": "hej"}, timeout=10)
    assert bad.status_code == 422 and "telefonnummer" in bad.json()["error"]
    empty = httpx.post(f"{base}/calls/{call['session']}/turn", headers=auth, json={"client_id": "abcdefgh12", "text": ""},
                       timeout=10)
    assert empty.status_code == 422
