"""The call flow of one phone call (voice/handler.py) with fakes for the line, the gateway, the recogniser
and the voice. The real pipeline is tested end to end in tests/integration/test_voice.py."""
from __future__ import annotations

import asyncio
from typing import Any, Optional

from voice.handler import CallDeps, CallHandler
from voice.interfaces import FRAME_BYTES, Transcript
from voice.vad import Utterance

YES_NO = [{"title": "Ja", "payload": "Ja"}, {"title": "Nej", "payload": "Nej"}, {"title": "Vet inte", "payload": "vet inte"}]


def bot(text: str, buttons: Optional[list] = None, **custom: Any) -> dict[str, Any]:
    return {"from": "bot", "text": text, "buttons": buttons or [], "custom": custom or None}


class FakeLine:
    def __init__(self) -> None:
        self.played: list[int] = []
        self.events: list[dict[str, Any]] = []
        self.cleared = 0
        self.hung_up = False

    async def play(self, pcm: bytes) -> None:
        self.played.append(len(pcm))

    async def clear(self) -> None:
        self.cleared += 1

    def playing(self) -> bool:
        return False

    async def hangup(self) -> None:
        self.hung_up = True

    async def debug(self, event: dict[str, Any]) -> None:
        self.events.append(event)

    def said(self) -> list[str]:
        return [e["text"] for e in self.events if e.get("event") == "vl_text" and e["from"] == "bot"]


class FakeLink:
    """The gateway: answers each message with the next scripted turn; records what it was sent."""

    def __init__(self, turns: list[list[dict[str, Any]]]) -> None:
        self.turns, self.sent, self.callbacks, self.ended = list(turns), [], [], False

    async def open_call(self) -> tuple[str, str]:
        return "sid-1", "t-1"

    async def say(self, session: str, text: str, payload: Optional[str] = None) -> list[dict[str, Any]]:
        self.sent.append((text, payload))
        return self.turns.pop(0) if self.turns else [bot("Okej.")]

    async def callback(self, session: str, phone: str) -> list[dict[str, Any]]:
        self.callbacks.append(phone)
        return [{"from": "system", "text": "Tack.", "custom": {"handover": {"status": "callback_requested",
                                                                           "channel": "telefon"}}}]

    async def end(self, session: str) -> None:
        self.ended = True


class FakeRecogniser:
    name = "fake"

    def __init__(self, heard: list[Transcript]) -> None:
        self.heard, self.grammars = list(heard), []

    def transcribe(self, pcm: bytes, grammar: Optional[list[str]] = None) -> Transcript:
        self.grammars.append(grammar)
        return self.heard.pop(0)


class FakeSpeech:
    def speak(self, text: str) -> bytes:
        return b"\x00\x01" * max(1, len(text))


def utterance() -> Utterance:
    return Utterance(pcm=b"\x00" * FRAME_BYTES * 40, started_ms=0.0, last_speech_ms=800.0, ended_ms=1400.0)


async def call(turns: list, heard: list[Transcript], steps: list, caller: Optional[str] = None,
               silence_prompt_s: float = 10.0) -> tuple[CallHandler, FakeLine, FakeLink, FakeRecogniser]:
    line, link, recogniser = FakeLine(), FakeLink(turns), FakeRecogniser(heard)
    handler = CallHandler(CallDeps(recogniser, FakeSpeech(), link, 600, silence_prompt_s), line, "call-1", caller)
    await handler.start()
    for step in steps:
        if step == "speech":
            handler.inbox.put_nowait(utterance())
        elif isinstance(step, str):
            await handler.dtmf(step)
        else:
            handler.inbox.put_nowait(step)
        await settle(handler)
    return handler, line, link, recogniser


async def settle(handler: CallHandler) -> None:
    """Wait until the worker has taken every item and finished it: the inbox is empty and the line has been
    quiet for 50 ms (recognition runs in a thread, so an empty inbox alone does not mean the turn is done)."""
    line = handler.line
    for _ in range(400):
        seen = len(line.events)
        await asyncio.sleep(0.05)
        if handler.inbox.empty() and len(line.events) == seen:
            return


def sure(text: str) -> Transcript:
    return Transcript(text, 0.9, 0.0)


def unsure(text: str) -> Transcript:
    return Transcript(text, 0.45, 0.0)


def test_an_uncertain_no_to_a_red_flag_question_is_asked_again_then_counted_as_yes():
    turns = [[bot("Har du svårt att andas?", YES_NO)], [bot("Nästa fråga?", YES_NO)]]
    handler, line, link, _ = asyncio.run(call(turns, [sure("Jag har ont i halsen."), unsure("Nej."), unsure("Nej.")],
                                              ["speech", "speech", "speech"]))
    assert [t for t, _ in link.sent] == ["Jag har ont i halsen.", "Ja"]
    assert any("Svarade du nej?" in s for s in line.said())


def test_a_clear_no_is_taken_as_no():
    turns = [[bot("Har du svårt att andas?", YES_NO)]]
    _, _, link, _ = asyncio.run(call(turns, [sure("Jag har ont i halsen."), sure("Nej.")], ["speech", "speech"]))
    assert [t for t, _ in link.sent] == ["Jag har ont i halsen.", "Nej."]


def test_an_interrupted_no_is_asked_again():
    turns = [[bot("Har du ont i bröstet?", YES_NO)]]

    async def scenario():
        handler, line, link, recogniser = await call(turns, [sure("Jag har ont i magen."), sure("Nej.")], ["speech"])
        handler.interrupted = True  # the caller spoke over the question
        handler.inbox.put_nowait(utterance())
        await settle(handler)
        return line, link

    line, link = asyncio.run(scenario())
    assert [t for t, _ in link.sent] == ["Jag har ont i magen."]
    assert any("Svarade du nej?" in s for s in line.said())


def test_keypad_answers_options_and_numbers():
    turns = [[bot("Hur gammal är du?")], [bot("Har du feber?", YES_NO)], [bot("Tack.")]]
    _, line, link, recogniser = asyncio.run(call(turns, [sure("Jag har ont i magen.")], ["speech", "4", "5", "#", "2"]))
    assert link.sent == [("Jag har ont i magen.", None), ("45", None), ("Nej", "Nej")]
    assert recogniser.grammars[0] and "Jag har svårt att andas." in recogniser.grammars[0]
    assert any("trycka 1 för ja, 2 för nej, 3 för vet inte" in s for s in line.said())


def test_unheard_twice_asks_the_bot_for_a_nurse_and_books_a_callback_on_the_callers_number():
    turns = [[bot("Jag kopplar dig till en sjuksköterska."),
              {"from": "system", "text": "Just nu är ingen sjuksköterska inloggad här.",
               "custom": {"handover": {"status": "unavailable", "channel": "telefon"}}}]]
    nothing = Transcript("", 0.0, 1.0)
    handler, line, link, _ = asyncio.run(call(turns, [nothing, nothing], ["speech", "speech", "1", "1"],
                                              caller="+46701740605"))
    assert link.sent == [("jag vill prata med en sjuksköterska", "/request_nurse")]
    assert any("0 7 0 1 7 4 0 6 0 5" in s for s in line.said())
    assert link.callbacks == ["0701740605"]
    assert handler.outcome == "callback_requested" and line.hung_up and not link.ended


def test_without_a_number_from_the_line_the_caller_keys_it_in():
    turns = [[bot("Jag kopplar dig."), {"from": "system", "text": "Plats 1 i kön.",
                                        "custom": {"handover": {"status": "queued", "channel": "telefon"}}}]]
    steps = ["speech", "1", *"0701740605", "#", "1"]
    handler, line, link, _ = asyncio.run(call(turns, [sure("Jag vill prata med en sjuksköterska.")], steps))
    assert any("Knappa in" in s for s in line.said())
    assert link.callbacks == ["0701740605"] and handler.outcome == "callback_requested"


def test_a_112_result_is_spoken_and_the_call_ends():
    turns = [[bot("Ring 112 nu.", triage={"urgency": "112"})]]
    handler, line, link, _ = asyncio.run(call(turns, [sure("Jag har svårt att andas.")], ["speech"]))
    assert handler.outcome == "ended_after_112" and line.hung_up and link.ended
    assert line.said()[-1] == "Lägg på nu och ring 112."


def test_silence_is_asked_about_twice_then_the_call_ends():
    async def scenario():
        handler, line, link, _ = await call([], [], [], silence_prompt_s=0.1)
        for _ in range(40):
            await handler.audio(b"\x00" * FRAME_BYTES)
            await settle(handler)
        return handler, line

    handler, line = asyncio.run(scenario())
    assert sum("Är du kvar?" in s for s in line.said()) == 2
    assert handler.outcome == "ended_silence" and line.hung_up


def test_silence_counts_from_the_end_of_what_the_line_plays():
    class PlayingLine(FakeLine):
        busy = True

        def playing(self) -> bool:
            return self.busy

    async def scenario():
        line, link = PlayingLine(), FakeLink([])
        handler = CallHandler(CallDeps(FakeRecogniser([]), FakeSpeech(), link, 600, 0.1), line, "call-play")
        await handler.start()
        for _ in range(40):  # 0.8 s of silence while a long question plays
            await handler.audio(b"\x00" * FRAME_BYTES)
        await settle(handler)
        asked_while_playing = sum("Är du kvar?" in s for s in line.said())
        line.busy = False
        for _ in range(6):  # 0.12 s after it ended
            await handler.audio(b"\x00" * FRAME_BYTES)
        await settle(handler)
        return asked_while_playing, sum("Är du kvar?" in s for s in line.said())

    assert asyncio.run(scenario()) == (0, 1)


async def speak_frames(handler: CallHandler, pcm: bytes) -> None:
    for start in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES):
        await handler.audio(pcm[start:start + FRAME_BYTES])
    await settle(handler)


def head_start_call(heard: list[Transcript], pcm: bytes) -> tuple[FakeLink, FakeRecogniser, list[dict[str, Any]]]:
    async def scenario():
        line, link, recogniser = FakeLine(), FakeLink([[bot("Hur länge har du haft ont?")]]), FakeRecogniser(heard)
        deps = CallDeps(recogniser, FakeSpeech(), link, end_silence_ms=500, head_start_ms=200)
        handler = CallHandler(deps, line, "call-hs")
        await handler.start()
        await settle(handler)
        await speak_frames(handler, pcm)
        return link, recogniser, [e for e in line.events if e.get("event") == "vl_timing"]
    return asyncio.run(scenario())


def test_recognition_started_at_a_pause_is_used_when_the_turn_ends():
    from voice.audio import silence
    from voice.tts import EspeakSynthesiser

    pcm = silence(500) + EspeakSynthesiser().synthesise("Jag har ont i magen.") + silence(1200)
    link, recogniser, timings = head_start_call([sure("Jag har ont i magen.")], pcm)
    assert [t for t, _ in link.sent] == ["Jag har ont i magen."]
    assert len(recogniser.grammars) == 1  # recognised once, at the pause, not again at the turn's end
    assert timings and timings[0]["asr_head_start_ms"] > 0  # frames come faster than real time here: only "> 0"


def test_speech_after_the_pause_gets_a_new_recognition_and_the_early_one_is_dropped():
    from voice.audio import silence
    from voice.tts import EspeakSynthesiser

    espeak = EspeakSynthesiser()
    first, second = espeak.synthesise("Jag har ont"), espeak.synthesise("i magen.")
    pcm = silence(500) + first + silence(60) + second + silence(1200)  # espeak adds ≈ 300 ms of its own silence
    link, recogniser, _ = head_start_call([sure("Jag har ont."), sure("Jag har ont i magen.")], pcm)
    assert len(recogniser.grammars) == 2
    assert [t for t, _ in link.sent] == ["Jag har ont i magen."]


def test_an_opening_not_understood_offers_the_usual_reasons_by_keypad():
    turns = [[bot("Hur gammal är du?")]]
    nothing = Transcript("", 0.0, 1.0)
    handler, line, link, recogniser = asyncio.run(call(turns, [nothing], ["speech", "2"]))
    assert any("Tryck 1 för feber, 2 för ont i magen" in s for s in line.said())
    assert link.sent == [("Jag har ont i magen.", "")]
    assert handler.options == []  # the bot's next question replaces the menu


def test_the_reason_menu_listens_for_its_sentences_and_9_asks_for_a_nurse():
    nothing = Transcript("", 0.0, 1.0)
    _, _, link, recogniser = asyncio.run(call([], [nothing, nothing], ["speech", "speech"]))
    assert "Mitt barn har feber." in recogniser.grammars[1]  # after the menu, its sentences are listened for
    _, _, link, _ = asyncio.run(call([], [nothing], ["speech", "9"]))
    assert link.sent == [("Jag vill prata med en sjuksköterska.", "/request_nurse")]


def test_a_later_question_not_heard_gets_no_menu():
    turns = [[bot("Har du feber?", YES_NO)]]
    nothing = Transcript("", 0.0, 1.0)
    _, line, link, _ = asyncio.run(call(turns, [sure("Jag har ont i magen."), nothing], ["speech", "speech"]))
    assert not any("Tryck 1 för feber" in s for s in line.said())
    assert any("hörde inte riktigt. Kan du säga det igen?" in s for s in line.said())


def test_a_red_flag_asked_positively_rechecks_an_unsure_yes_and_counts_it_as_no():
    asked = [bot("Dricker du ungefär som vanligt?", YES_NO), {"from": "bot", "custom": {"question": {"id": "dricker",
                                                                                                   "alarming": "nej"}}}]
    turns = [asked, [bot("Nästa fråga?", YES_NO)]]
    _, line, link, _ = asyncio.run(call(turns, [sure("Jag har ont i magen."), unsure("Ja."), unsure("Ja.")],
                                        ["speech", "speech", "speech"]))
    assert [t for t, _ in link.sent] == ["Jag har ont i magen.", "Nej"]
    assert any("Svarade du ja?" in s for s in line.said())


def test_an_unsure_no_to_a_red_flag_asked_positively_is_taken():
    asked = [bot("Dricker du ungefär som vanligt?", YES_NO), {"from": "bot", "custom": {"question": {"id": "dricker",
                                                                                                   "alarming": "nej"}}}]
    _, _, link, _ = asyncio.run(call([asked], [sure("Jag har ont i magen."), unsure("Nej.")], ["speech", "speech"]))
    assert [t for t, _ in link.sent] == ["Jag har ont i magen.", "Nej."]
