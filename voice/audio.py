"""Audio conversions for the phone line: μ-law ⇄ PCM16, resampling, WAV ⇄ PCM16 8 kHz, and test signals.

Everything here is plain bytes of 16-bit signed little-endian mono PCM (see `voice.interfaces`). The stdlib
`audioop` does the arithmetic in C; it exists up to Python 3.12 (deprecated in 3.11, removed in 3.13), so a
move past 3.12 needs `audioop-lts` or numpy behind these same functions.
"""
from __future__ import annotations

import audioop
import io
import random
import struct
import wave
from typing import Any, Optional

from voice.interfaces import SAMPLE_RATE

WIDTH = 2  # bytes per sample
INT16_MAX = 32767
INT16_MIN = -32768

ResampleState = Optional[tuple[Any, ...]]


def ulaw_to_pcm(data: bytes) -> bytes:
    """G.711 μ-law (one byte a sample, as Twilio sends it) → PCM16."""
    return audioop.ulaw2lin(data, WIDTH)


def pcm_to_ulaw(pcm: bytes) -> bytes:
    """PCM16 → G.711 μ-law."""
    return audioop.lin2ulaw(pcm, WIDTH)


def resample(pcm: bytes, from_rate: int, to_rate: int, state: ResampleState = None) -> tuple[bytes, ResampleState]:
    """Mono PCM16 from one rate to another. Pass the returned state back in when resampling a stream chunk by
    chunk, so the filter carries over between chunks instead of clicking at every boundary."""
    if from_rate == to_rate:
        return pcm, state
    converted, new_state = audioop.ratecv(pcm, WIDTH, 1, from_rate, to_rate, state)
    return converted, new_state


def wav_to_pcm8k(wav_bytes: bytes) -> bytes:
    """A 16-bit mono or stereo WAV (any rate) → mono PCM16 at 8 kHz.

    The header's frame count is not trusted: espeak-ng writing to a pipe cannot seek back and leaves it at
    0x7fffffff, so all the data that is actually there is read.
    """
    with wave.open(io.BytesIO(wav_bytes), "rb") as reader:
        channels, width, rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
        if width != WIDTH:
            raise ValueError(f"only 16-bit WAV is supported, got {8 * width}-bit")
        if channels not in (1, 2):
            raise ValueError(f"only mono or stereo WAV is supported, got {channels} channels")
        data = reader.readframes(reader.getnframes())
    data = data[:len(data) - len(data) % (width * channels)]
    if channels == 2:
        data = audioop.tomono(data, WIDTH, 0.5, 0.5)
    pcm, _ = resample(data, rate, SAMPLE_RATE)
    return pcm


def pcm8k_to_wav(pcm: bytes) -> bytes:
    """Mono PCM16 8 kHz → a WAV file's bytes (for listening to what the line heard or said)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(WIDTH)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(pcm)
    return buffer.getvalue()


def rms(pcm: bytes) -> int:
    """Root mean square of the samples (0 for silence, ≈23,000 for a full-scale sine)."""
    return audioop.rms(pcm, WIDTH) if pcm else 0


def duration_ms(pcm: bytes) -> float:
    """Length of PCM16 8 kHz audio in milliseconds."""
    return len(pcm) / WIDTH / SAMPLE_RATE * 1000


def _samples(ms: float) -> int:
    return int(round(SAMPLE_RATE * ms / 1000))


def silence(ms: float) -> bytes:
    """Digital silence of the given length."""
    return b"\x00" * (WIDTH * _samples(ms))


def noise(ms: float, level: float = 100.0, seed: int = 0) -> bytes:
    """Deterministic line noise: Gaussian samples with standard deviation `level` (≈ its RMS), clipped to 16 bits.
    The same seed always gives the same bytes, so tests that use it are repeatable."""
    rng = random.Random(seed)
    count = _samples(ms)
    values = (max(INT16_MIN, min(INT16_MAX, int(rng.gauss(0.0, level)))) for _ in range(count))
    return struct.pack(f"<{count}h", *values)
