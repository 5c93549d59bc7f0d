"""Text → PCM16 8 kHz speech.

`EspeakSynthesiser` runs Debian's `espeak-ng` (voice `sv`): robotic but clear, about 10–20 ms a sentence, and
deterministic, which makes it the voice for tests and development. The production voice is Piper with the
Swedish `sv_SE-nst-medium` model (22.05 kHz, kept loaded in one process; `voice.piper_tts`) behind the same
`Synthesiser` protocol. `build` picks the voice from the settings and falls back to espeak-ng, with a log
line, when Piper or its voice file is missing; `FallbackSynthesiser` does the same for a single sentence.

`CachedSpeech` sits in front of any synthesiser: it normalises the bot's text with `for_speech` and keeps the
audio of recent texts, so fixed prompts ("Ring 112 nu ...") are rendered once per process.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Optional

from voice.audio import wav_to_pcm8k
from voice.interfaces import Synthesiser
from voice.speech_text import for_speech

log = logging.getLogger(__name__)


class SpeechError(RuntimeError):
    """The synthesiser could not produce audio."""


class EspeakSynthesiser:
    """espeak-ng as a subprocess per call. The text goes in on stdin (`--stdin`), never on the command line, so
    text that starts with "-" cannot be taken for an option and its length is not limited by argv."""

    name = "espeak-ng"

    def __init__(self, voice: str = "sv", speed: int = 160, executable: str = "espeak-ng",
                 timeout_s: float = 10.0) -> None:
        self.voice = voice
        self.speed = speed
        self.executable = executable
        self.timeout_s = timeout_s

    def available(self) -> bool:
        """Whether the executable can be found (on PATH, or at the path given)."""
        return shutil.which(self.executable) is not None

    def command(self) -> list[str]:
        return [self.executable, "-v", self.voice, "-s", str(self.speed), "--stdin", "--stdout"]

    def synthesise(self, text: str) -> bytes:
        """Speak `text` as given (normalise it first, e.g. with `for_speech`) → PCM16 8 kHz."""
        if not text.strip():
            return b""
        started = time.perf_counter()
        try:
            done = subprocess.run(self.command(), input=text.encode("utf-8"), capture_output=True,
                                  timeout=self.timeout_s, check=False)
        except FileNotFoundError as error:
            raise SpeechError(f"{self.executable} not found; install the Debian package espeak-ng") from error
        except subprocess.TimeoutExpired as error:
            raise SpeechError(f"{self.executable} took more than {self.timeout_s} s") from error
        if done.returncode != 0 or not done.stdout:
            detail = done.stderr.decode("utf-8", "replace").strip()[:200]
            raise SpeechError(f"{self.executable} failed (exit {done.returncode}): {detail or 'no audio'}")
        try:
            pcm = wav_to_pcm8k(done.stdout)
        except (ValueError, EOFError) as error:
            raise SpeechError(f"{self.executable} wrote audio that is not a 16-bit WAV: {error}") from error
        log.debug("espeak-ng: %d chars → %d bytes in %.0f ms", len(text), len(pcm),
                  (time.perf_counter() - started) * 1000)
        return pcm


class FallbackSynthesiser:
    """The primary voice, and the backup for any sentence the primary fails on: a caller hears espeak-ng
    rather than silence when Piper breaks in the middle of a call."""

    def __init__(self, primary: Synthesiser, backup: Synthesiser) -> None:
        self.primary = primary
        self.backup = backup
        self.name = primary.name

    def synthesise(self, text: str) -> bytes:
        try:
            return self.primary.synthesise(text)
        except SpeechError as error:
            log.warning("event=tts_fallback voice=%s using=%s chars=%d reason=%s", self.primary.name,
                        self.backup.name, len(text), error)
            return self.backup.synthesise(text)


def build(kind: str = "espeak", piper_voice: Optional[Path] = None) -> Synthesiser:
    """The line's voice from the settings (`TTS`, `PIPER_VOICE`). `piper` loads the voice and speaks one
    probe sentence; if piper-tts or the voice file is missing or broken it logs why and returns espeak-ng —
    the phone line never fails to start for want of its better voice."""
    espeak = EspeakSynthesiser()
    if kind == "espeak":
        return espeak
    if kind != "piper":
        raise ValueError(f"unknown TTS {kind!r}; use 'espeak' or 'piper'")
    from voice.models import default_piper_voice
    from voice.piper_tts import PiperSynthesiser

    piper = PiperSynthesiser(piper_voice or default_piper_voice())
    try:
        piper.load()
        piper.synthesise("Hej.")
    except SpeechError as error:
        log.warning("event=tts_fallback wanted=piper using=espeak-ng reason=%s | Piper kan inte användas, "
                    "telefonlinjen talar med espeak-ng", error)
        return espeak
    return FallbackSynthesiser(piper, espeak)


class CachedSpeech:
    """Normalise for speech, synthesise, and keep the last `max_items` results (least recently used goes).
    The key is the normalised text, so "kl 8" and "klockan åtta" share one entry."""

    def __init__(self, synth: Synthesiser, max_items: int = 256) -> None:
        self.synth = synth
        self.max_items = max_items
        self._cache: OrderedDict[str, bytes] = OrderedDict()

    def speak(self, text: str) -> bytes:
        """The bot's text → PCM16 8 kHz, from the cache when it was spoken before."""
        spoken = for_speech(text)
        if spoken in self._cache:
            self._cache.move_to_end(spoken)
            return self._cache[spoken]
        pcm = self.synth.synthesise(spoken)
        self._cache[spoken] = pcm
        if len(self._cache) > self.max_items:
            self._cache.popitem(last=False)
        return pcm

    def prerender(self, texts: Iterable[str]) -> None:
        """Warm the cache with fixed prompts (call it at start-up, not at import)."""
        for text in texts:
            self.speak(text)

    def __len__(self) -> int:
        return len(self._cache)


def available(executable: str = "espeak-ng") -> bool:
    """Whether espeak-ng is on PATH."""
    return shutil.which(executable) is not None
