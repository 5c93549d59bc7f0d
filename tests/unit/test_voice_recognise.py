"""The recognisers on real models and real audio: Swedish sentences spoken by espeak-ng, cut to 8 kHz PCM16.

Whisper base is the Swedish backend and is checked for words. Vosk runs on the Korean model from PyPI (no
Swedish Vosk model is installable here), so its tests check plumbing only, never Swedish words.
Each model is loaded once per module.
"""
from __future__ import annotations

import audioop
import hashlib
import re
import subprocess
import wave
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from voice.interfaces import SAMPLE_RATE, Transcript, frames
from voice.models import WHISPER_BASE_SHA256, WHISPER_BASE_SIZE, ModelError, package_dir, vosk_ko_dir, whisper_base_dir
from voice.recognise import VoskRecogniser, WhisperRecogniser, build, is_hallucination

BREATHING = "Jag har svårt att andas."
STOMACH = "Jag har ont i magen."


def espeak_pcm(text: str, workdir: Path) -> bytes:
    """Swedish espeak-ng speech as PCM16 mono 8 kHz, like the phone line delivers it."""
    wav_path = workdir / "utterance.wav"
    subprocess.run(["espeak-ng", "-v", "sv", "-w", str(wav_path), text], check=True, capture_output=True)
    with wave.open(str(wav_path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        raw, rate = wav.readframes(wav.getnframes()), wav.getframerate()
    pcm, _ = audioop.ratecv(raw, 2, 1, rate, SAMPLE_RATE, None)
    return pcm


def silence(seconds: float) -> bytes:
    return b"\x00" * int(seconds * SAMPLE_RATE) * 2


def line_noise(seconds: float, rms: float, seed: int = 7) -> bytes:
    """Gaussian hiss; rms 100 ≈ -50 dBFS, a quiet line."""
    samples = np.random.default_rng(seed).normal(0.0, rms, int(seconds * SAMPLE_RATE))
    return np.clip(samples, -32768, 32767).astype("<i2").tobytes()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    workdir = tmp_path_factory.mktemp("espeak")
    return {text: espeak_pcm(text, workdir) for text in (BREATHING, STOMACH)}


@pytest.fixture(scope="module")
def whisper() -> WhisperRecogniser:
    recogniser = WhisperRecogniser(whisper_base_dir())
    recogniser.load()
    return recogniser


@pytest.fixture(scope="module")
def whisper_heard(whisper: WhisperRecogniser, speech: dict[str, bytes]) -> dict[str, Transcript]:
    """Each sentence transcribed once by faster-whisper's own 30 s path (≈1.3 s each), shared below."""
    return {text: whisper._free(pcm) for text, pcm in speech.items()}


@pytest.fixture(scope="module")
def vosk() -> VoskRecogniser:
    recogniser = VoskRecogniser(vosk_ko_dir())
    recogniser.load()
    return recogniser


@pytest.fixture(scope="module")
def vosk_utterance(speech: dict[str, bytes]) -> bytes:
    return silence(0.2) + speech[STOMACH] + silence(0.4)


@pytest.fixture(scope="module")
def vosk_heard(vosk: VoskRecogniser, vosk_utterance: bytes) -> Transcript:
    """Decoded once: Vosk-ko takes ≈0.7–1.5 s per second of audio on this machine."""
    return vosk.transcribe(vosk_utterance)


# --- model preparation -------------------------------------------------------------------------------------


def test_whisper_model_assembles_to_the_pinned_hash_and_twice_is_a_no_op(tmp_path: Path) -> None:
    target = tmp_path / "whisper-base"
    assert whisper_base_dir(target) == target

    model = target / "model.bin"
    digest = hashlib.sha256()
    with model.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    assert model.stat().st_size == WHISPER_BASE_SIZE
    assert digest.hexdigest() == WHISPER_BASE_SHA256
    assert {p.name for p in target.iterdir()} == {"model.bin", "model.bin.sha256", "config.json", "tokenizer.json", "vocabulary.txt"}

    before = model.stat()
    whisper_base_dir(target)
    after = model.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_missing_model_package_is_named() -> None:
    with pytest.raises(ModelError, match="no-such-model-package"):
        package_dir("no_such_model_package")


# --- Whisper -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [BREATHING, STOMACH])
def test_whisper_hears_swedish_speech_at_8_khz(whisper_heard: dict[str, Transcript], text: str) -> None:
    heard = whisper_heard[text]
    assert {"jag", "har"} <= set(words(heard.text)), heard
    assert 0.0 <= heard.confidence <= 1.0 and 0.0 <= heard.no_speech <= 1.0


def test_free_transcription_of_synthetic_speech_is_keyword_poor_here(whisper_heard: dict[str, Transcript]) -> None:
    """Measured, and why the phone line spots phrases: free decoding misses the symptom words in espeak-ng
    speech at 8 kHz ('Jag har fått att unda.'). If a better model makes this fail, rethink the spotting."""
    assert not {"svårt", "andas"} <= set(words(whisper_heard[BREATHING].text)), whisper_heard[BREATHING]


GRAMMAR = ["Jag har svårt att andas.", "Jag kan inte andas.", "Jag har ont i bröstet.", "Jag har ont i magen.",
           "Jag har ont i halsen.", "Jag har feber.", "Ja.", "Nej.", "Vet inte."]


@pytest.mark.parametrize("text", [BREATHING, STOMACH, "Ja.", "Nej."])
def test_whisper_spots_the_phrase_that_was_said(whisper: WhisperRecogniser, text: str, tmp_path: Path) -> None:
    heard = whisper.transcribe(silence(0.3) + espeak_pcm(text, tmp_path) + silence(0.3), GRAMMAR)
    assert heard.text == text and heard.usable, heard
    assert heard.confidence >= 0.6


@pytest.mark.parametrize("pcm", [silence(3.0), line_noise(3.0, rms=1000)], ids=["silence", "loud-line-noise"])
def test_whisper_spots_nothing_in_silence_and_noise(whisper: WhisperRecogniser, pcm: bytes) -> None:
    heard = whisper.transcribe(pcm, GRAMMAR)
    assert heard.text not in GRAMMAR and not heard.usable, heard


def test_a_phrase_outside_the_grammar_is_not_forced_into_it(whisper: WhisperRecogniser, tmp_path: Path) -> None:
    heard = whisper.transcribe(espeak_pcm("Min dotter har ont i örat.", tmp_path), GRAMMAR)
    assert heard.text not in GRAMMAR, heard


@pytest.mark.parametrize("pcm", [silence(3.0), line_noise(3.0, rms=100)], ids=["digital-silence", "quiet-line-noise"])
def test_whisper_gives_nothing_usable_for_silence_and_noise(whisper: WhisperRecogniser, pcm: bytes) -> None:
    heard = whisper.transcribe(pcm)
    assert not heard.text or not heard.usable, heard


def test_whisper_transcript_mapping_drops_hallucinated_segments() -> None:
    def segment(text: str, logprob: float, no_speech: float, ratio: float = 1.2) -> SimpleNamespace:
        return SimpleNamespace(text=text, avg_logprob=logprob, no_speech_prob=no_speech, compression_ratio=ratio)

    heard = WhisperRecogniser._to_transcript(
        [segment(" Jag har ont.", -0.2, 0.1), segment(" Tack för att du tittade!", -0.1, 0.7), segment(" hon hon hon", -0.4, 0.2, 3.1)]
    )
    assert heard == Transcript("Jag har ont.", pytest.approx(0.8187, abs=1e-3), 0.7)
    assert WhisperRecogniser._to_transcript([segment(" Textning.nu", -0.1, 0.3)]) == Transcript("", 0.0, 0.3)
    assert WhisperRecogniser._to_transcript([]) == Transcript("", 0.0, 1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tack för att du tittade!", True),
        ("Tack för att ni har tittat.", True),
        ("Textning: Svensktextning.nu", True),
        ("Undertexter från Amara.org-gemenskapen", True),
        ("[Musik]", True),
        ("♪ ♪", True),
        ("...", True),
        ("Tack så mycket.", False),
        ("Jag har ont i magen.", False),
        ("Jag behöver tolk.", False),
    ],
)
def test_known_whisper_hallucinations(text: str, expected: bool) -> None:
    assert is_hallucination(text) is expected


# --- Vosk (Korean model: plumbing only, never Swedish words) ------------------------------------------------


def test_vosk_hears_nothing_in_silence(vosk: VoskRecogniser) -> None:
    heard = vosk.transcribe(silence(1.0))
    assert heard.text == "" and not heard.usable


def test_vosk_transcribes_speech_into_a_transcript(vosk_heard: Transcript) -> None:
    assert isinstance(vosk_heard, Transcript)
    assert 0.0 <= vosk_heard.confidence <= 1.0


def test_vosk_grammar_restricts_output_to_the_phrase_list(vosk: VoskRecogniser, vosk_utterance: bytes) -> None:
    grammar = ["다", "네", "이었다", "jag har ont"]  # words missing from the model are dropped by Vosk (with a warning)
    heard = vosk.transcribe(vosk_utterance, grammar=grammar)
    assert set(heard.text.split()) <= {w for phrase in grammar for w in phrase.split()}
    assert 0.0 <= heard.confidence <= 1.0


def test_vosk_stream_gives_partials_and_a_final(vosk: VoskRecogniser, vosk_utterance: bytes) -> None:
    # Not compared with the one-shot text: Vosk decodes the same audio slightly differently run to run.
    stream = vosk.stream()
    partials = [p for p in map(stream.feed, frames(vosk_utterance)) if p is not None]
    final = stream.final()
    assert partials or final.text
    assert 0.0 <= final.confidence <= 1.0
    with pytest.raises(RuntimeError):
        stream.feed(silence(0.02))


# --- factory -----------------------------------------------------------------------------------------------


def test_build_picks_the_backend() -> None:
    recogniser = build()
    assert isinstance(recogniser, WhisperRecogniser) and recogniser.name == "whisper"
    assert isinstance(build("vosk", vosk_ko_dir()), VoskRecogniser)
    with pytest.raises(ValueError, match="model_dir"):
        build("vosk")
    with pytest.raises(ValueError, match="unknown"):
        build("google")
