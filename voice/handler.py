"""One phone call: audio in → VAD → recogniser → bot (through the gateway) → speech out.

One `CallHandler` per call. The protocol adapters (voice/twilio.py, voice/audiosocket.py) feed it 20 ms
PCM frames, DTMF digits and the hang-up, and give it a `Line` to play audio on. Turns are handled one at
a time by a worker task, so a slow recogniser never blocks the audio coming in.

Every call ends in one defined state (`outcome`): ended_by_caller, callback_requested, ended_after_112,
ended_silence, ended_error, ended_by_service.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol

from bot.emergency.screen import screen
from bot.text.yes_no import yes_no
from voice import prompts
from voice.bot_link import BotLink, GatewayDownError
from voice.head_start import HeadStart
from voice.interfaces import FRAME_MS, Recogniser
from voice.phrases import grammar
from voice.spoken import Spoken, is_yes_no, option_for_digit, phone_number, spoken_turn
from voice.vad import Pause, SpeechStarted, StreamingVad, Utterance

log = logging.getLogger("vardlotsen.voice")
CONFIDENT = 0.6  # below this, a "nej" to a red-flag question is asked again (never taken as "nej")


class Line(Protocol):
    """The caller's side of the call, as the adapter offers it."""

    async def play(self, pcm: bytes) -> None: ...
    async def clear(self) -> None: ...
    def playing(self) -> bool: ...
    async def hangup(self) -> None: ...
    async def debug(self, event: dict[str, Any]) -> None: ...


class Speech(Protocol):
    def speak(self, text: str) -> bytes: ...


@dataclass
class CallDeps:
    recogniser: Recogniser
    speech: Speech
    link: BotLink
    end_silence_ms: int = 600
    silence_prompt_s: float = 10.0
    head_start_ms: int = 0  # start recognising after this much silence (voice/head_start.py); 0: at the turn's end


@dataclass
class Dtmf:
    digit: str


@dataclass
class TurnTimes:
    vad_wait_ms: float = 0.0
    asr_ms: float = 0.0  # from the turn's end until the transcript was there (what the caller waited for)
    asr_head_start_ms: float = 0.0  # how long recognition had already been running when the turn ended
    bot_ms: float = 0.0
    tts_ms: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class CallHandler:
    def __init__(self, deps: CallDeps, line: Line, call_id: str, caller: Optional[str] = None) -> None:
        self.deps, self.line, self.call_id = deps, line, call_id
        self.caller = phone_number(caller or "")
        self.vad = StreamingVad(end_silence_ms=deps.end_silence_ms, early_ms=deps.head_start_ms)
        self.head_start = HeadStart(deps.recogniser)
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()
        self.session: Optional[str] = None
        self.state = "starting"
        self.outcome: Optional[str] = None
        self.options: list[dict[str, str]] = []
        self.alarming = "ja"  # the alarming answer to the current yes/no question
        self.misheard = 0
        self.opened = False  # True once something the caller said or keyed has reached the bot
        self.rechecked = False
        self.interrupted = False
        self.quiet_ms = 0.0
        self.silence_prompts = 0
        self.digits = ""
        self.number: Optional[str] = None
        self.worker: Optional[asyncio.Task[None]] = None
        self.last_prompt = prompts.GREETING
        self.spoken_s = 0.0

    # ---- from the adapter -------------------------------------------------------------------------

    async def start(self) -> None:
        self.worker = asyncio.create_task(self._work())
        try:
            self.session, sender = await self.deps.link.open_call()
        except GatewayDownError:
            await self._finish("ended_error", prompts.GATEWAY_DOWN)
            return
        log.info("event=call_start call=%s sender=%s caller_number=%s", self.call_id, sender, bool(self.caller))
        self.state = "listening"
        await self.say(prompts.GREETING)

    async def audio(self, frame: bytes) -> None:
        if self.outcome:
            return
        for event in self.vad.push(frame):
            if isinstance(event, Pause):
                self.head_start.begin(event.utterance, self._expected())
            elif isinstance(event, SpeechStarted):
                self.head_start.forget()
                self.quiet_ms, self.silence_prompts = 0.0, 0
                if self.line.playing():  # barge-in: the caller talks, the bot stops
                    await self.line.clear()
                    self.interrupted = True
            elif isinstance(event, Utterance):
                self.inbox.put_nowait(event)
        # The caller's silence counts from the end of what the line plays, not from its start.
        self.quiet_ms = 0.0 if self.line.playing() else self.quiet_ms + FRAME_MS
        if self.state == "listening" and self.quiet_ms >= self.deps.silence_prompt_s * 1000:
            self.quiet_ms = 0.0
            self.inbox.put_nowait("silence")

    async def dtmf(self, digit: str) -> None:
        if not self.outcome:
            self.quiet_ms, self.silence_prompts = 0.0, 0
            self.inbox.put_nowait(Dtmf(digit))

    async def stop(self) -> None:
        """The caller hung up (or the adapter lost the line)."""
        if self.worker:
            self.worker.cancel()
        if self.outcome is None:
            self.outcome = "ended_by_caller"
            if self.session:
                await self.deps.link.end(self.session)
            log.info("event=call_end call=%s outcome=%s", self.call_id, self.outcome)

    # ---- the worker -------------------------------------------------------------------------------

    async def _work(self) -> None:
        while self.outcome is None:
            item = await self.inbox.get()
            try:
                if isinstance(item, Utterance):
                    await self._utterance(item)
                elif isinstance(item, Dtmf):
                    await self._digit(item.digit)
                elif item == "silence":
                    await self._silence()
            except GatewayDownError:
                await self._finish("ended_error", prompts.GATEWAY_DOWN)
            except Exception:  # noqa: BLE001 - never leave a caller in silence
                log.exception("event=turn_failed call=%s", self.call_id)
                await self._finish("ended_error", prompts.GATEWAY_DOWN)

    async def _utterance(self, utterance: Utterance) -> None:
        times = TurnTimes(vad_wait_ms=utterance.ended_ms - utterance.last_speech_ms)
        started = time.perf_counter()
        expected = self._expected()
        early, times.asr_head_start_ms = self.head_start.take(utterance, expected)
        transcript = await (early or asyncio.to_thread(self.deps.recogniser.transcribe, utterance.pcm, expected))
        times.asr_ms = (time.perf_counter() - started) * 1000
        interrupted, self.interrupted = self.interrupted, False
        if not transcript.usable:
            log.info("event=not_heard call=%s confidence=%.2f no_speech=%.2f", self.call_id, transcript.confidence,
                     transcript.no_speech)
            await self._not_heard()
        else:
            self.misheard = 0
            await self.line.debug({"event": "vl_text", "from": "caller", "text": transcript.text})
            confident = transcript.confidence >= CONFIDENT and not interrupted
            await self._heard(transcript.text, confident, times)
        await self.line.debug({"event": "vl_timing", "heard": transcript.usable,
                               **{k: round(v, 1) for k, v in vars(times).items() if k != "extra"}})
        log.info("event=turn call=%s heard=%s vad_wait_ms=%.0f asr_ms=%.0f asr_head_start_ms=%.0f bot_ms=%.0f "
                 "tts_ms=%.0f", self.call_id, transcript.usable, times.vad_wait_ms, times.asr_ms,
                 times.asr_head_start_ms, times.bot_ms, times.tts_ms)

    def _expected(self) -> list[str]:
        return grammar(self.options, opening=not self.options)

    async def _heard(self, text: str, confident: bool, times: TurnTimes) -> None:
        if self.state.startswith("callback"):
            await self._callback_answer(yes_no(text))
            return
        found = screen(text)  # on every transcript; the bot runs it too, this makes the log say so
        if found is not None:
            log.info("event=screen call=%s level=%s sign=%s", self.call_id, found.level, found.sign_id)
        # An unsure answer that would rule a red flag out is asked again, then counted as the alarming answer
        # ("ja"; "nej" for a question asked positively, "Dricker barnet som vanligt?").
        reassuring = self.alarming != "ja"  # yes_no(): True for ja, False for nej
        if is_yes_no(self.options) and yes_no(text) is reassuring and not confident and found is None:
            if not self.rechecked:
                self.rechecked = True
                await self.say(prompts.CHECK_YES if reassuring else prompts.CHECK_NO)
                return
            text = "Nej" if reassuring else "Ja"  # still unsure after asking again: the urgent side
            log.info("event=uncertain_answer_counted_as_alarming call=%s alarming=%s", self.call_id, self.alarming)
        await self._to_bot(text, None, times)

    async def _to_bot(self, text: str, payload: Optional[str], times: Optional[TurnTimes] = None) -> None:
        assert self.session is not None
        times = times or TurnTimes()
        started = time.perf_counter()
        entries = await self.deps.link.say(self.session, text, payload)
        times.bot_ms = (time.perf_counter() - started) * 1000
        self.rechecked, self.opened = False, True
        await self._speak_turn(spoken_turn(entries), times)

    async def _speak_turn(self, turn: Spoken, times: TurnTimes) -> None:
        self.options, self.alarming = turn.options, turn.alarming
        times.tts_ms = await self.say(turn.text) if turn.text else 0.0
        if turn.urgency == "112":
            await self._finish("ended_after_112", prompts.AFTER_112)
        elif turn.handover in ("queued", "unavailable"):
            self.state = "callback_offer"
            await self.say(prompts.CALLBACK_OFFER)

    # ---- answers that are not for the bot ----------------------------------------------------------

    async def _digit(self, digit: str) -> None:
        if self.state == "callback_digits":
            await self._key_in(digit)
        elif self.state.startswith("callback"):
            await self._callback_answer({"1": True, "2": False}.get(digit))
        elif digit == "0":
            await self.say(self.last_prompt)
        elif (option := option_for_digit(self.options, digit)) is not None:
            await self.line.debug({"event": "vl_text", "from": "caller", "text": f"[tangent {digit}] {option['title']}"})
            await self._to_bot(option["title"], option.get("payload"))
        elif not self.options:  # a number (age, temperature, pain 0–10) keyed in, ended with #
            await self._number_key(digit)

    async def _number_key(self, digit: str) -> None:
        if digit.isdigit():
            self.digits = (self.digits + digit)[:4]
            return
        if digit == "#" and self.digits:
            number, self.digits = self.digits, ""
            await self.line.debug({"event": "vl_text", "from": "caller", "text": f"[tangenter] {number}"})
            await self._to_bot(number, None)

    async def _not_heard(self) -> None:
        self.misheard += 1
        if self.misheard == 1 and not self.opened:
            # Nothing has reached the bot yet: offer the usual reasons by keypad (they are also listened for).
            self.options = [{"title": sentence, "payload": "/request_nurse" if n == len(prompts.REASON_MENU) else ""}
                            for n, (_, sentence) in enumerate(prompts.REASON_MENU, start=1)]
            await self.say(prompts.NOT_HEARD_MENU)
            return
        if self.misheard == 1:
            await self.say(prompts.NOT_HEARD)
            return
        self.misheard = 0
        await self.say(prompts.NOT_HEARD_AGAIN)
        # The bot describes the request, so the nurse gets the summary; the queue's answer leads to the callback offer.
        await self._to_bot("jag vill prata med en sjuksköterska", "/request_nurse")

    async def _silence(self) -> None:
        self.silence_prompts += 1
        if self.silence_prompts >= 3:
            await self._finish("ended_silence", prompts.GOODBYE_SILENCE)
        else:
            await self.say(prompts.ARE_YOU_THERE)

    async def _callback_answer(self, yes: Optional[bool]) -> None:
        if yes is None:
            await self.say(self.last_prompt)
        elif self.state == "callback_offer":
            await self._callback_wanted() if yes else await self._finish("ended_by_service", prompts.CALLBACK_NOT_NEEDED)
        elif self.state == "callback_confirm":
            await self._book_callback() if yes else await self._ask_digits()
        else:  # keying in the number: speech does not help, say again how
            await self.say(self.last_prompt)

    async def _callback_wanted(self) -> None:
        if self.caller:
            self.number, self.state = self.caller, "callback_confirm"
            await self.say(prompts.confirm_number(self.caller))
        else:
            await self._ask_digits()

    async def _ask_digits(self) -> None:
        self.state, self.digits = "callback_digits", ""
        await self.say(prompts.CALLBACK_KEY_IN)

    async def _key_in(self, digit: str) -> None:
        if digit != "#":
            self.digits = (self.digits + digit)[:15] if digit.isdigit() else self.digits
            return
        number = phone_number(self.digits)
        if number is None:
            await self._ask_digits()
            return
        self.number, self.state = number, "callback_confirm"
        await self.say(prompts.confirm_number(number))

    async def _book_callback(self) -> None:
        assert self.session is not None and self.number is not None
        entries = await self.deps.link.callback(self.session, self.number)
        if any(((e.get("custom") or {}).get("handover") or {}).get("status") == "callback_requested" for e in entries):
            await self._finish("callback_requested", prompts.callback_booked())
        else:
            await self._finish("ended_error", prompts.CALLBACK_FAILED)

    # ---- speaking and ending -------------------------------------------------------------------------

    async def say(self, text: str) -> float:
        """Speak; returns the synthesis time in ms (cached prompts cost nothing)."""
        started = time.perf_counter()
        pcm = await asyncio.to_thread(self.deps.speech.speak, text)
        spent = (time.perf_counter() - started) * 1000
        self.last_prompt = text
        self.spoken_s = len(pcm) / 16000
        self.quiet_ms = 0.0  # the silence timer runs from the end of what the bot says
        await self.line.play(pcm)
        await self.line.debug({"event": "vl_text", "from": "bot", "text": text})
        return spent

    async def _finish(self, outcome: str, last_words: str) -> None:
        self.outcome = outcome
        await self.say(last_words)
        await self.line.debug({"event": "vl_end", "outcome": outcome})
        if self.session and outcome != "callback_requested":
            await self.deps.link.end(self.session)
        deadline = time.monotonic() + self.spoken_s + 2.0  # let the last words play out, but never hang forever
        while self.line.playing() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await self.line.hangup()
        log.info("event=call_end call=%s outcome=%s", self.call_id, outcome)
