"""Piper (`piper-tts`, ONNX VITS voices) behind the `Synthesiser` protocol: the phone line's production voice,
Swedish `sv_SE-nst-medium` (22.05 kHz).

The voice is loaded once and kept: the CLI would start a process and load the model for every sentence
(≈1.5 s). Text goes through piper's own espeak-ng phonemizer (bundled in the wheel, voice from the config's
`espeak.voice`), one audio chunk per sentence, then to PCM16 8 kHz with the line's resampler.

piper-tts is GPL-3.0-or-later and optional (`requirements-piper.txt`): it is imported only when a voice is
loaded, and `voice.tts.build` falls back to espeak-ng when it or the voice file is missing.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Iterable, Optional

from voice.audio import WIDTH, ResampleState, resample
from voice.interfaces import SAMPLE_RATE
from voice.tts import SpeechError

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install -r requirements-piper.txt (or `make models`)"


def config_path_for(model_path: Path) -> Path:
    """Piper's convention: the config sits next to the model as `<model>.onnx.json`."""
    return Path(f"{model_path}.json")


class PiperSynthesiser:
    """One loaded Piper voice. `load()` once at start-up (or lazily on the first sentence); thread-safe after
    that (onnxruntime sessions are, and piper serialises its phonemizer)."""

    name = "piper"

    def __init__(self, model_path: Path, config_path: Optional[Path] = None, threads: int = 1) -> None:
        self.model_path = Path(model_path)
        self.config_path = Path(config_path) if config_path is not None else config_path_for(self.model_path)
        self.threads = threads  # CPU threads for one synthesis; the recogniser needs the other core
        self.voice: Any = None  # piper.PiperVoice once loaded

    def load(self) -> None:
        """Load the model and config; raises `SpeechError` when piper-tts or a file is missing or unreadable."""
        if self.voice is not None:
            return
        started = time.perf_counter()
        for path in (self.model_path, self.config_path):
            if not path.is_file():
                raise SpeechError(f"Piper voice file not found: {path}")
        try:
            import onnxruntime
            from piper import PiperConfig, PiperVoice
        except ImportError as error:
            raise SpeechError(f"piper-tts is not installed ({error}); {INSTALL_HINT}") from error
        try:
            config = PiperConfig.from_dict(json.loads(self.config_path.read_text("utf-8")))
            session = onnxruntime.InferenceSession(str(self.model_path), sess_options=self._session_options(onnxruntime),
                                                   providers=["CPUExecutionProvider"])
        except Exception as error:  # noqa: BLE001 - onnxruntime and the config parser raise many types
            raise SpeechError(f"Piper voice {self.model_path.name} could not be loaded: {error}") from error
        self.voice = PiperVoice(session=session, config=config)
        log.info("event=piper_loaded voice=%s espeak=%s rate=%d ms=%.0f", self.model_path.name, config.espeak_voice,
                 config.sample_rate, (time.perf_counter() - started) * 1000)

    def _session_options(self, onnxruntime: Any) -> Any:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        return options

    def synthesise(self, text: str) -> bytes:
        """Speak `text` as given (normalise it first, e.g. with `for_speech`) → PCM16 8 kHz."""
        if not text.strip():
            return b""
        self.load()
        started = time.perf_counter()
        try:
            pcm = to_pcm8k(self.voice.synthesize(text))
        except SpeechError:
            raise
        except Exception as error:  # noqa: BLE001 - phonemizer and onnxruntime errors alike
            raise SpeechError(f"Piper failed: {error}") from error
        if not pcm:
            raise SpeechError("Piper produced no audio")
        log.debug("piper: %d chars → %d bytes in %.0f ms", len(text), len(pcm), (time.perf_counter() - started) * 1000)
        return pcm


def to_pcm8k(chunks: Iterable[Any]) -> bytes:
    """Piper's audio chunks (one per sentence: int16 mono at the voice's rate) → one PCM16 8 kHz stream. The
    resampler's state runs across the chunks, so the joins do not click."""
    out: list[bytes] = []
    state: ResampleState = None
    for chunk in chunks:
        if chunk.sample_channels != 1 or chunk.sample_width != WIDTH:
            raise SpeechError(f"Piper gave {chunk.sample_channels} channel(s) of {8 * chunk.sample_width} bits; "
                              "expected 16-bit mono")
        converted, state = resample(chunk.audio_int16_bytes, chunk.sample_rate, SAMPLE_RATE, state)
        out.append(converted)
    return b"".join(out)
