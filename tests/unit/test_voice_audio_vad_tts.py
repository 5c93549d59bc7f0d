"""Audio conversions, the streaming VAD and espeak-ng speech, on real audio (real espeak-ng, real webrtcvad).

These need Debian's espeak-ng (`make speech-deps` installs it). When it is missing they fail, not skip: a
phone line without a voice is broken.
"""
from __future__ import annotations

import audioop
import io
import math
import struct
import wave
from typing import Optional

import pytest

from voice.audio import (
    duration_ms,
    noise,
    pcm8k_to_wav,
    pcm_to_ulaw,
    resample,
    rms,
    silence,
    ulaw_to_pcm,
    wav_to_pcm8k,
)
from voice.interfaces import FRAME_BYTES, frames
from voice.tts import CachedSpeech, EspeakSynthesiser, SpeechError, available
from voice.vad import Pause, SpeechStarted, StreamingVad, Utterance, VadEvent

PHRASE = "Jag har svårt att andas."
SECOND_PHRASE = "Jag har ont i magen."


def tone(ms: float, hz: float = 440.0, amplitude: int = 8000, rate: int = 8000) -> bytes:
    count = int(rate * ms / 1000)
    return struct.pack(f"<{count}h", *(int(amplitude * math.sin(2 * math.pi * hz * i / rate)) for i in range(count)))


def trim(pcm: bytes, threshold: int = 300) -> bytes:
    """Cut the silence espeak-ng puts before and after speech (≈300 ms at the end), so gaps are what we say."""
    loud = [i for i, frame in enumerate(frames(pcm)) if rms(frame) >= threshold]
    return pcm[loud[0] * FRAME_BYTES:(loud[-1] + 1) * FRAME_BYTES]


def run_vad(pcm: bytes, vad: Optional[StreamingVad] = None) -> list[VadEvent]:
    vad = vad or StreamingVad()
    events: list[VadEvent] = []
    for frame in frames(pcm):
        events.extend(vad.push(frame))
    return events


def utterances(events: list[VadEvent]) -> list[Utterance]:
    return [e for e in events if isinstance(e, Utterance)]


@pytest.fixture(scope="module")
def synth() -> EspeakSynthesiser:
    espeak = EspeakSynthesiser()
    assert espeak.available() and available(), (
        "espeak-ng is not on PATH: install the Debian package espeak-ng (make speech-deps)")
    return espeak


@pytest.fixture(scope="module")
def phrase(synth: EspeakSynthesiser) -> bytes:
    return trim(synth.synthesise(PHRASE))


@pytest.fixture(scope="module")
def second_phrase(synth: EspeakSynthesiser) -> bytes:
    return trim(synth.synthesise(SECOND_PHRASE))


# --- audio ---------------------------------------------------------------------------------------------

def test_ulaw_round_trip_keeps_the_signal(synth: EspeakSynthesiser) -> None:
    pcm = synth.synthesise(PHRASE)
    encoded = pcm_to_ulaw(pcm)
    assert len(encoded) == len(pcm) // 2
    decoded = ulaw_to_pcm(encoded)
    assert len(decoded) == len(pcm)
    difference = audioop.add(pcm, audioop.mul(decoded, 2, -1), 2)
    assert rms(difference) < 0.05 * rms(pcm)


def test_resample_16k_to_8k_halves_the_length() -> None:
    pcm16k = tone(1000, rate=16000)
    pcm8k, _ = resample(pcm16k, 16000, 8000)
    assert abs(len(pcm8k) - len(pcm16k) // 2) <= 4
    assert abs(rms(pcm8k) - rms(pcm16k)) < 0.05 * rms(pcm16k)


def test_resample_in_chunks_matches_one_go() -> None:
    pcm = tone(400, rate=16000)
    whole, _ = resample(pcm, 16000, 8000)
    state = None
    parts = []
    for start in range(0, len(pcm), 640):
        part, state = resample(pcm[start:start + 640], 16000, 8000, state)
        parts.append(part)
    assert b"".join(parts) == whole


def test_stereo_wav_is_mixed_to_mono_and_resampled() -> None:
    left = tone(500, rate=16000)
    stereo = audioop.tostereo(left, 2, 1, 1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(stereo)
    pcm = wav_to_pcm8k(buffer.getvalue())
    assert abs(duration_ms(pcm) - 500) < 1
    assert abs(rms(pcm) - rms(left)) < 0.05 * rms(left)


def test_pcm8k_wav_round_trip() -> None:
    pcm = tone(300)
    assert wav_to_pcm8k(pcm8k_to_wav(pcm)) == pcm


def test_signal_helpers() -> None:
    assert silence(20) == b"\x00" * FRAME_BYTES
    assert duration_ms(silence(1500)) == 1500
    assert rms(silence(100)) == 0
    assert noise(500, 100, seed=4) == noise(500, 100, seed=4) != noise(500, 100, seed=5)
    assert 90 <= rms(noise(1000, 100, seed=1)) <= 110
    assert rms(noise(100, 100_000, seed=1)) <= 32768


# --- VAD -----------------------------------------------------------------------------------------------

def test_one_phrase_gives_one_utterance_after_600_ms_of_silence(phrase: bytes) -> None:
    events = run_vad(silence(1000) + phrase + silence(1000))
    [utterance] = utterances(events)
    assert abs((utterance.last_speech_ms - utterance.started_ms) - duration_ms(phrase)) <= 100
    assert abs(utterance.started_ms - 1000) <= 60
    assert 500 <= utterance.ended_ms - utterance.last_speech_ms <= 720
    # pre-roll (200 ms) + speech + tail (100 ms)
    assert abs(duration_ms(utterance.pcm) - (duration_ms(phrase) + 300)) <= 100


def test_speech_started_comes_first_and_after_min_speech(phrase: bytes) -> None:
    events = run_vad(silence(1000) + phrase + silence(1000))
    assert [type(e) for e in events] == [SpeechStarted, Utterance]
    started = events[0]
    assert isinstance(started, SpeechStarted)
    assert started.at_ms - started.onset_ms == pytest.approx(200, abs=40)
    assert started.at_ms < events[1].ended_ms


def test_silence_gives_no_events() -> None:
    assert run_vad(silence(3000)) == []


def test_low_line_noise_gives_no_utterance() -> None:
    vad = StreamingVad()
    assert utterances(run_vad(noise(3000, 150, seed=1), vad)) == []
    assert vad.flush() is None


def test_phrase_over_low_noise_is_still_heard(phrase: bytes) -> None:
    clean = silence(1000) + phrase + silence(1000)
    noisy = audioop.add(clean, noise(duration_ms(clean), 150, seed=2), 2)
    assert len(utterances(run_vad(noisy))) == 1


def test_a_click_gives_no_utterance() -> None:
    events = run_vad(silence(1000) + noise(60, 8000, seed=3) + silence(1000))
    assert events == []


def test_two_phrases_with_a_long_pause_give_two_utterances(phrase: bytes, second_phrase: bytes) -> None:
    found = utterances(run_vad(silence(1000) + phrase + silence(1500) + second_phrase + silence(1000)))
    assert len(found) == 2
    assert found[1].started_ms - found[0].last_speech_ms == pytest.approx(1500, abs=60)


def test_two_phrases_with_a_short_pause_give_one_utterance(phrase: bytes, second_phrase: bytes) -> None:
    pcm = silence(1000) + phrase + silence(300) + second_phrase + silence(1000)
    [utterance] = utterances(run_vad(pcm))
    assert utterance.last_speech_ms - utterance.started_ms == pytest.approx(
        duration_ms(phrase) + 300 + duration_ms(second_phrase), abs=100)


def test_a_pause_carries_the_audio_the_turn_will_hold(phrase: bytes) -> None:
    events = run_vad(silence(1000) + phrase + silence(1000), StreamingVad(end_silence_ms=500, early_ms=200))
    assert [type(e) for e in events] == [SpeechStarted, Pause, Utterance]
    pause, utterance = events[1], events[2]
    assert pause.utterance.pcm == utterance.pcm
    assert (pause.utterance.started_ms, pause.utterance.last_speech_ms) == (utterance.started_ms, utterance.last_speech_ms)
    assert utterance.ended_ms - pause.utterance.ended_ms == pytest.approx(300, abs=1)


def test_speech_after_a_pause_makes_the_turn_longer_than_the_pause(phrase: bytes, second_phrase: bytes) -> None:
    pcm = silence(1000) + phrase + silence(300) + second_phrase + silence(1000)
    events = run_vad(pcm, StreamingVad(end_silence_ms=500, early_ms=200))
    pauses = [e for e in events if isinstance(e, Pause)]
    [utterance] = utterances(events)
    assert len(pauses) == 2 and pauses[-1].utterance.pcm == utterance.pcm
    assert pauses[0].utterance.last_speech_ms < utterance.last_speech_ms
    assert len(pauses[0].utterance.pcm) < len(utterance.pcm)


def test_no_pause_events_unless_asked_or_when_not_shorter_than_the_turn_end(phrase: bytes) -> None:
    pcm = silence(1000) + phrase + silence(1000)
    for vad in (StreamingVad(end_silence_ms=500), StreamingVad(end_silence_ms=500, early_ms=500)):
        assert not [e for e in run_vad(pcm, vad) if isinstance(e, Pause)]


def test_flush_returns_speech_cut_by_a_hang_up(phrase: bytes) -> None:
    vad = StreamingVad()
    events = run_vad(silence(500) + phrase, vad)
    assert [type(e) for e in events] == [SpeechStarted]
    utterance = vad.flush()
    assert utterance is not None and utterance.ended_ms == pytest.approx(500 + duration_ms(phrase), abs=20)
    assert vad.flush() is None


def test_reset_drops_speech_in_progress(phrase: bytes) -> None:
    vad = StreamingVad()
    run_vad(silence(500) + phrase[:len(phrase) // 2], vad)
    assert vad.in_speech
    vad.reset()
    assert not vad.in_speech and run_vad(silence(1000), vad) == []


def test_push_wants_whole_frames() -> None:
    with pytest.raises(ValueError):
        StreamingVad().push(b"\x00" * 100)


# --- TTS -----------------------------------------------------------------------------------------------

def test_espeak_gives_pcm_8k(synth: EspeakSynthesiser) -> None:
    pcm = synth.synthesise(PHRASE)
    assert len(pcm) % 2 == 0
    assert 1000 <= duration_ms(pcm) <= 4000
    assert rms(pcm) > 1000
    assert synth.synthesise(PHRASE) == pcm  # deterministic
    assert synth.synthesise("   ") == b""


def test_text_starting_with_a_dash_is_spoken_not_parsed(synth: EspeakSynthesiser) -> None:
    assert duration_ms(synth.synthesise("-w /tmp/x.wav hej")) > 500


def test_espeak_failure_raises_speech_error() -> None:
    with pytest.raises(SpeechError, match="not found"):
        EspeakSynthesiser(executable="/nonexistent/espeak-ng").synthesise("hej")
    with pytest.raises(SpeechError, match="failed"):
        EspeakSynthesiser(voice="nosuchvoice").synthesise("hej")


class CountingSynth:
    name = "counting"

    def __init__(self, inner: EspeakSynthesiser) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def synthesise(self, text: str) -> bytes:
        self.texts.append(text)
        return self.inner.synthesise(text)


def test_cached_speech_synthesises_each_text_once(synth: EspeakSynthesiser) -> None:
    counting = CountingSynth(synth)
    speech = CachedSpeech(counting)
    first = speech.speak("Ring 112 nu.")
    assert speech.speak("Ring 112 nu.") == first
    assert counting.texts == ["Ring ett ett två nu."]


def test_cached_speech_keys_on_the_spoken_form_and_evicts_the_oldest(synth: EspeakSynthesiser) -> None:
    counting = CountingSynth(synth)
    speech = CachedSpeech(counting, max_items=2)
    speech.prerender(["kl 8", "Ja.", "Nej."])
    assert len(speech) == 2 and len(counting.texts) == 3
    speech.speak("klockan åtta")  # evicted, so rendered again
    speech.speak("Nej.")  # still cached
    assert counting.texts[3:] == ["klockan åtta"]
