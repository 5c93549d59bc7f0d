"""Piper behind the `Synthesiser` protocol, on the real code path (piper-tts's own espeak-ng phonemizer and
onnxruntime) with a tiny Piper-compatible voice built here (tests/support/tiny_piper_voice.py): a tone per
phoneme id instead of speech. The Swedish production voice (sv_SE-nst-medium) is a download and is not used.

Also: the fallback to espeak-ng when piper-tts or the voice file is missing, and the voice download in
`voice.models` against a fake server (no network in tests).
"""
from __future__ import annotations

import asyncio
import io
import json
import logging
import sys
import urllib.error
from pathlib import Path

import pytest

from tests.support import tiny_piper_voice as tiny
from voice import models
from voice.audio import WIDTH, rms
from voice.interfaces import SAMPLE_RATE
from voice.tts import EspeakSynthesiser, FallbackSynthesiser, SpeechError, build

SENTENCE = "Jag har ont i magen."
SWEDISH = "Får jag åka till vårdcentralen i Göteborg? Det är bråttom, sjuksköterskan väntar."


@pytest.fixture(scope="module")
def piper_module():
    """piper-tts is an optional (GPL) dependency; `make unit` installs it (requirements-piper.txt)."""
    return pytest.importorskip("piper", reason="piper-tts missing: `make unit` installs requirements-piper.txt")


@pytest.fixture(scope="module")
def voice_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny.write_voice(tmp_path_factory.mktemp("piper-voice"))


@pytest.fixture(scope="module")
def synth(piper_module, voice_file: Path):
    from voice.piper_tts import PiperSynthesiser

    loaded = PiperSynthesiser(voice_file)
    loaded.load()
    return loaded


def expected_samples(synth, text: str, rate: int = tiny.SAMPLE_RATE) -> float:
    """8 kHz samples the tiny voice should give: piper's phoneme ids for `text` × samples per id, resampled."""
    ids = sum(len(synth.voice.phonemes_to_ids(sentence)) for sentence in synth.voice.phonemize(text))
    return ids * tiny.SAMPLES_PER_ID * SAMPLE_RATE / rate


# ---- the tiny voice mirrors a Piper VITS export ---------------------------------------------------------------

def test_tiny_voice_has_the_inputs_and_output_of_a_piper_voice(voice_file: Path) -> None:
    import onnxruntime

    session = onnxruntime.InferenceSession(str(voice_file), providers=["CPUExecutionProvider"])
    assert [(i.name, i.type) for i in session.get_inputs()] == [
        ("input", "tensor(int64)"), ("input_lengths", "tensor(int64)"), ("scales", "tensor(float)")]
    assert [(o.name, o.type) for o in session.get_outputs()] == [("output", "tensor(float)")]
    config = json.loads(Path(f"{voice_file}.json").read_text("utf-8"))
    assert (config["espeak"]["voice"], config["audio"]["sample_rate"], config["phoneme_type"]) == ("sv", 22050, "espeak")
    assert config["phoneme_id_map"]["_"] == [0] and config["phoneme_id_map"]["^"] == [1]


# ---- synthesis ---------------------------------------------------------------------------------------------------

def test_synthesises_pcm16_at_8khz(synth) -> None:
    pcm = synth.synthesise(SENTENCE)
    assert pcm and len(pcm) % WIDTH == 0
    # 8 kHz: the tone's 22.05 kHz samples come out at 8000/22050 of their count
    assert abs(len(pcm) / WIDTH - expected_samples(synth, SENTENCE)) <= 2
    # 16-bit: piper normalises to full scale, so a sine read as int16 has an RMS near 32767/√2
    assert 18_000 < rms(pcm) < 24_000


def test_length_grows_with_the_text(synth) -> None:
    texts = ["Ja.", SENTENCE, f"{SENTENCE} Det gör ont sedan i går kväll, och jag har feber."]
    lengths = [len(synth.synthesise(text)) for text in texts]
    assert lengths == sorted(lengths) and len(set(lengths)) == 3


def test_goes_through_pipers_swedish_espeak_phonemizer(synth, caplog: pytest.LogCaptureFixture) -> None:
    phonemes = "".join("".join(sentence) for sentence in synth.voice.phonemize(SWEDISH))
    for sound in ("oː", "øː", "ɛː", "ɧ"):  # å, ö, ä, sj: Swedish espeak-ng, not letters or another language
        assert sound in phonemes
    with caplog.at_level(logging.WARNING, logger="piper"):
        pcm = synth.synthesise(SWEDISH)
    assert not [r for r in caplog.records if "Missing phoneme" in r.getMessage()]  # the id map covers them all
    assert abs(len(pcm) / WIDTH - expected_samples(synth, SWEDISH)) <= 4  # one chunk per sentence
    letters_only = len(SWEDISH) * tiny.SAMPLES_PER_ID * SAMPLE_RATE / tiny.SAMPLE_RATE
    assert abs(len(pcm) / WIDTH - letters_only) > 100  # so the length check above tells phonemes from letters


def test_different_phonemes_give_different_audio_of_the_same_length(synth) -> None:
    far, far_umlaut = synth.synthesise("får"), synth.synthesise("fär")  # fˈoːr / fˈɛːr
    assert len(far) == len(far_umlaut) and far != far_umlaut


def test_reads_the_voices_own_sample_rate(piper_module, tmp_path: Path) -> None:
    from voice.piper_tts import PiperSynthesiser

    voice16k = PiperSynthesiser(tiny.write_voice(tmp_path, sample_rate=16000))
    pcm = voice16k.synthesise(SENTENCE)
    assert abs(len(pcm) / WIDTH - expected_samples(voice16k, SENTENCE, rate=16000)) <= 2


def test_blank_text_is_silence(synth) -> None:
    assert synth.synthesise("  ") == b""


# ---- failures raise SpeechError, like espeak-ng --------------------------------------------------------------------

def test_missing_voice_file_is_a_speech_error(piper_module, tmp_path: Path) -> None:
    from voice.piper_tts import PiperSynthesiser

    with pytest.raises(SpeechError, match="not found"):
        PiperSynthesiser(tmp_path / "nope.onnx").synthesise(SENTENCE)


def test_a_broken_model_is_a_speech_error(piper_module, tmp_path: Path) -> None:
    from voice.piper_tts import PiperSynthesiser

    model = tiny.write_voice(tmp_path)
    model.write_bytes(b"not an onnx model")
    with pytest.raises(SpeechError, match="could not be loaded"):
        PiperSynthesiser(model).load()


def test_an_inference_failure_is_a_speech_error(piper_module, tmp_path: Path) -> None:
    from voice.piper_tts import PiperSynthesiser

    model = tiny.write_voice(tmp_path)
    config_path = Path(f"{model}.json")
    config = json.loads(config_path.read_text("utf-8"))
    config["num_speakers"] = 2  # piper then feeds a `sid` input the graph does not have
    config_path.write_text(json.dumps(config), "utf-8")
    with pytest.raises(SpeechError, match="Piper failed"):
        PiperSynthesiser(model).synthesise(SENTENCE)


# ---- choosing the voice, and falling back to espeak-ng ------------------------------------------------------------

def test_build_gives_piper_with_espeak_behind_it(piper_module, voice_file: Path) -> None:
    from voice.piper_tts import PiperSynthesiser

    chosen = build("piper", voice_file)
    assert isinstance(chosen, FallbackSynthesiser) and chosen.name == "piper"
    assert isinstance(chosen.primary, PiperSynthesiser) and isinstance(chosen.backup, EspeakSynthesiser)


def test_build_falls_back_to_espeak_when_the_voice_file_is_missing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "sv_SE-nst-medium.onnx"
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        chosen = build("piper", missing)
    assert isinstance(chosen, EspeakSynthesiser)
    assert any("event=tts_fallback" in r.getMessage() and str(missing) in r.getMessage() for r in caplog.records)


def test_build_falls_back_to_espeak_when_piper_is_not_installed(voice_file: Path, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)  # makes `import piper` raise ImportError
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        chosen = build("piper", voice_file)
    assert isinstance(chosen, EspeakSynthesiser)
    assert any("piper-tts is not installed" in r.getMessage() for r in caplog.records)


def test_build_defaults_and_unknown_names() -> None:
    assert isinstance(build("espeak"), EspeakSynthesiser)
    with pytest.raises(ValueError):
        build("festival")


def test_the_phone_line_starts_with_espeak_when_the_piper_voice_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    from bot.settings import VoiceSettings
    from voice import app

    class NoRecogniser:
        name = "none"

    monkeypatch.setattr(app, "build", lambda *args, **kwargs: NoRecogniser())  # the recogniser is not under test
    token = tmp_path / "voice-token"
    token.write_text("t" * 32)
    settings = VoiceSettings(tts="piper", piper_voice=tmp_path / "missing.onnx", recogniser="none",
                             recogniser_model_dir=tmp_path, voice_token_file=token)
    with caplog.at_level(logging.INFO):
        deps = app.make_deps(settings)
    asyncio.run(deps.link.close())
    assert isinstance(deps.speech.synth, EspeakSynthesiser) and len(deps.speech) > 0  # prompts rendered
    messages = [r.getMessage() for r in caplog.records]
    assert any("event=tts_fallback wanted=piper using=espeak-ng" in m for m in messages)
    assert "event=voice_tts wanted=piper using=espeak-ng" in messages


class _Broken:
    name = "broken"

    def synthesise(self, text: str) -> bytes:
        raise SpeechError("boom")


class _Fixed:
    name = "fixed"

    def synthesise(self, text: str) -> bytes:
        return b"\x01\x00" * len(text)


def test_a_sentence_the_primary_fails_on_is_spoken_by_the_backup(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        assert FallbackSynthesiser(_Broken(), _Fixed()).synthesise("hej") == b"\x01\x00" * 3
    assert any("event=tts_fallback voice=broken using=fixed" in r.getMessage() for r in caplog.records)


def test_settings_select_the_voice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot.settings import VoiceSettings

    assert VoiceSettings().tts == "espeak"
    monkeypatch.setenv("TTS", "piper")
    monkeypatch.setenv("PIPER_VOICE", str(tmp_path / "v.onnx"))
    settings = VoiceSettings()
    assert (settings.tts, settings.piper_voice) == ("piper", tmp_path / "v.onnx")


# ---- fetching sv_SE-nst-medium (`make models`) against a fake server ----------------------------------------------

GOOD_CONFIG = json.dumps({"espeak": {"voice": "sv"}, "audio": {"sample_rate": 22050}}).encode()


def fake_server(files: dict[str, bytes], calls: list[str]):
    def opener(url: str, timeout: float) -> io.BytesIO:
        calls.append(url)
        return io.BytesIO(files[url.rsplit("/", 1)[1]])
    return opener


def test_fetch_writes_and_verifies_the_voice_then_keeps_it(tmp_path: Path) -> None:
    import hashlib

    model_bytes = b"onnx-bytes"
    target, calls = tmp_path / "sv_SE-nst-medium.onnx", []
    files = {"sv_SE-nst-medium.onnx": model_bytes, "sv_SE-nst-medium.onnx.json": GOOD_CONFIG}
    sha = hashlib.sha256(model_bytes).hexdigest()
    assert models.fetch_piper_voice(target, fake_server(files, calls), sha256=sha) == target
    assert target.read_bytes() == model_bytes and Path(f"{target}.json").read_bytes() == GOOD_CONFIG
    assert calls[0].startswith(models.PIPER_VOICE_URL) and len(calls) == 2
    models.fetch_piper_voice(target, fake_server(files, calls), sha256=sha)
    assert len(calls) == 2  # already there and verified: nothing fetched


def test_fetch_removes_a_model_with_the_wrong_hash(tmp_path: Path) -> None:
    target = tmp_path / "sv_SE-nst-medium.onnx"
    files = {"sv_SE-nst-medium.onnx": b"tampered", "sv_SE-nst-medium.onnx.json": GOOD_CONFIG}
    with pytest.raises(models.ModelError, match="expected " + models.PIPER_VOICE_SHA256):
        models.fetch_piper_voice(target, fake_server(files, []))
    assert not target.exists() and not list(tmp_path.glob(".sv_SE*"))


def test_fetch_rejects_a_config_that_is_not_the_swedish_voice(tmp_path: Path) -> None:
    english = json.dumps({"espeak": {"voice": "en-us"}, "audio": {"sample_rate": 22050}}).encode()
    with pytest.raises(models.ModelError, match="expected 'sv'"):
        models.fetch_piper_voice(tmp_path / "sv_SE-nst-medium.onnx", fake_server({"sv_SE-nst-medium.onnx.json": english}, []))


def test_without_internet_make_models_says_so_and_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    def offline(url: str, timeout: float) -> io.BytesIO:
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(models, "urlopen", offline)
    assert models.main(["--piper", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "kan inte laddas ner" in out and "cannot be downloaded" in out
    assert not list(tmp_path.iterdir())  # no half-written files
