"""The seams of the phone line. Audio inside the service is always 16-bit signed little-endian mono PCM at
8 kHz (`SAMPLE_RATE`), in 20 ms frames of 160 samples (`FRAME_BYTES` = 320 bytes): what both telephony
protocols carry once μ-law is decoded. Adapters normalise to this on entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Protocol

SAMPLE_RATE = 8000
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000  # 160
FRAME_BYTES = FRAME_SAMPLES * 2  # 320


@dataclass(frozen=True)
class Transcript:
    """What a recogniser heard. `confidence` 0..1 (the backend's own measure, mapped); `no_speech` 0..1."""

    text: str
    confidence: float
    no_speech: float = 0.0

    @property
    def usable(self) -> bool:
        """False when the segment should be discarded and the caller asked again."""
        return bool(self.text.strip()) and self.no_speech < 0.6 and self.confidence >= 0.35


class Recogniser(Protocol):
    """Speech → text for one utterance the VAD cut (PCM16 8 kHz). Partials are optional (Vosk has them)."""

    name: str

    def transcribe(self, pcm: bytes, grammar: Optional[list[str]] = None) -> Transcript: ...


class Synthesiser(Protocol):
    """Text (already normalised for speech) → PCM16 8 kHz."""

    name: str

    def synthesise(self, text: str) -> bytes: ...


def frames(pcm: bytes) -> Iterator[bytes]:
    """20 ms frames; the last one padded with silence."""
    for start in range(0, len(pcm), FRAME_BYTES):
        chunk = pcm[start:start + FRAME_BYTES]
        yield chunk + b"\x00" * (FRAME_BYTES - len(chunk))
