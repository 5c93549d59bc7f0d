"""Streaming voice-activity detection: 20 ms frames in, "speech started" and "utterance ended" events out.

One frame counts as speech when two tests agree:
- an energy gate: its RMS is at least `energy_threshold` (default 300, about −40 dBFS). WebRTC's VAD judges
  spectral shape, not loudness, so hiss, hum or a quiet TV can pass for speech; the gate makes anything that
  quiet never count. Speech on a phone line sits around RMS 1,000–5,000. The gate also cuts WebRTC's own
  hang-over (it keeps saying "speech" for a few frames after a sound ends): measured without the gate, a
  140 ms noise burst became an utterance; with it, bursts up to 140 ms are dropped.
- `webrtcvad` at `aggressiveness` 0–3 (default 2: a fair balance between missing quiet speech and taking
  noise for speech on 8 kHz telephone audio).

A sound becomes speech once it has `min_speech_ms` of speech frames (default 200 ms) with no gap longer than
`max_gap_ms` (100 ms, the length of a stop consonant or a short break between syllables). Only then is
`SpeechStarted` emitted: that is what makes the bot stop talking (barge-in), so a cough, a click or a door
must not trigger it. Shorter sounds are dropped without any event.

The turn ends after `end_silence_ms` (default 600 ms) without a speech frame; the caller's words are returned as
one `Utterance`. 600 ms is inside the 500–700 ms a live call tolerates: shorter cuts people off in the
middle of a sentence ("jag har ... ont i magen"), longer makes the bot feel slow. The utterance's audio starts
`pre_roll_ms` before the first speech frame (the detector needs a few frames before it fires, and a
recogniser wants the onset and a little silence) and ends `tail_ms` after the last speech frame.

A caller who never stops (or a TV in the background) is cut every `max_speech_ms` so memory stays bounded.

All times are milliseconds of audio pushed so far (frames × 20), never the wall clock, so the detector is
deterministic and "VAD wait" is `ended_ms − last_speech_ms`.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Optional, Union

import webrtcvad

from voice.audio import rms
from voice.interfaces import FRAME_BYTES, FRAME_MS, SAMPLE_RATE


@dataclass(frozen=True)
class SpeechStarted:
    """Speech has lasted `min_speech_ms`: stop playback. `at_ms` is when that became clear (end of the frame
    that tipped it); `onset_ms` is where the speech began, so `at_ms − onset_ms` is the detection delay."""

    at_ms: float
    onset_ms: float


@dataclass(frozen=True)
class Utterance:
    """One turn of the caller. `pcm` runs from `started_ms − pre_roll` to `last_speech_ms + tail`."""

    pcm: bytes
    started_ms: float
    last_speech_ms: float
    ended_ms: float


@dataclass(frozen=True)
class Pause:
    """The caller has been quiet for `early_ms`: the turn may be ending. `utterance` is exactly what the
    `Utterance` will hold if the silence lasts (its `ended_ms` aside), so recognition can start now and its
    result be used then. Speech that resumes (a new `SpeechStarted` is not sent: the turn goes on) makes the
    next `Pause` or `Utterance` carry longer audio, and the early result is simply not used."""

    utterance: Utterance


VadEvent = Union[SpeechStarted, Pause, Utterance]


class StreamingVad:
    """Feed 20 ms frames of PCM16 8 kHz with `push`; not thread-safe (one instance per call)."""

    def __init__(self, end_silence_ms: int = 600, min_speech_ms: int = 200, aggressiveness: int = 2,
                 pre_roll_ms: int = 200, energy_threshold: int = 300, max_gap_ms: int = 100,
                 tail_ms: int = 100, max_speech_ms: int = 30_000, early_ms: int = 0) -> None:
        if not 0 <= aggressiveness <= 3:
            raise ValueError("aggressiveness must be 0..3")
        self.end_silence_ms = end_silence_ms
        self.min_speech_ms = min_speech_ms
        self.energy_threshold = energy_threshold
        self.max_gap_ms = max_gap_ms
        self.tail_ms = tail_ms
        self.max_speech_ms = max_speech_ms
        early_ms -= early_ms % FRAME_MS
        self.early_ms = early_ms if 0 < early_ms < end_silence_ms else 0  # 0: no `Pause` events
        self._vad = webrtcvad.Vad(aggressiveness)
        self._pre_roll: deque[bytes] = deque(maxlen=max(0, pre_roll_ms // FRAME_MS))
        self._now_ms = 0.0
        self.reset()

    def reset(self) -> None:
        """Forget any speech in progress and the pre-roll. The clock keeps running: times stay relative to
        the start of the stream."""
        self._pre_roll.clear()
        self._held: list[bytes] = []  # pre-roll frames frozen at the onset
        self._frames: list[bytes] = []  # frames from the onset on
        self._onset_ms = 0.0
        self._last_speech_index = -1
        self._voiced_ms = 0.0
        self._gap_ms = 0.0
        self._confirmed = False

    @property
    def in_speech(self) -> bool:
        """True between `SpeechStarted` and its `Utterance`."""
        return self._confirmed

    def is_speech(self, frame: bytes) -> bool:
        """The per-frame decision: loud enough and WebRTC says speech."""
        return rms(frame) >= self.energy_threshold and self._vad.is_speech(frame, SAMPLE_RATE)

    def push(self, frame: bytes) -> list[VadEvent]:
        """One 20 ms frame (320 bytes) → the events it caused (usually none)."""
        if len(frame) != FRAME_BYTES:
            raise ValueError(f"a frame is {FRAME_BYTES} bytes (20 ms of PCM16 8 kHz), got {len(frame)}")
        speech = self.is_speech(frame)
        start_ms = self._now_ms
        self._now_ms += FRAME_MS
        if not self._frames:
            return self._idle(frame, speech, start_ms)
        self._frames.append(frame)
        if speech:
            self._last_speech_index = len(self._frames) - 1
            self._voiced_ms += FRAME_MS
            self._gap_ms = 0.0
        else:
            self._gap_ms += FRAME_MS
        return self._confirmed_step() if self._confirmed else self._candidate_step()

    def flush(self) -> Optional[Utterance]:
        """The stream ended (hang-up): the speech in progress as an utterance, if it was long enough to count."""
        utterance = self._utterance() if self._confirmed else None
        self.reset()
        return utterance

    def _idle(self, frame: bytes, speech: bool, start_ms: float) -> list[VadEvent]:
        if not speech:
            self._pre_roll.append(frame)
            return []
        self._held = list(self._pre_roll)
        self._frames = [frame]
        self._onset_ms = start_ms
        self._last_speech_index = 0
        self._voiced_ms = FRAME_MS
        self._gap_ms = 0.0
        return self._candidate_step()

    def _candidate_step(self) -> list[VadEvent]:
        """Not yet sure it is speech: confirm it, keep waiting, or drop it as a click."""
        if self._voiced_ms >= self.min_speech_ms:
            self._confirmed = True
            return [SpeechStarted(at_ms=self._now_ms, onset_ms=self._onset_ms)]
        if self._gap_ms > self.max_gap_ms:
            self._drop_candidate()
        return []

    def _confirmed_step(self) -> list[VadEvent]:
        if self._gap_ms >= self.end_silence_ms or self._now_ms - self._onset_ms >= self.max_speech_ms:
            utterance = self._utterance()
            self._start_over()
            return [utterance]
        if self.early_ms and self._gap_ms == self.early_ms:
            return [Pause(self._utterance())]
        return []

    def _drop_candidate(self) -> None:
        """The sound was too short: its frames become ordinary pre-roll again."""
        frames = self._held + self._frames
        self.reset()
        self._pre_roll.extend(frames)

    def _start_over(self) -> None:
        """After an utterance, the silence that ended it is the next utterance's pre-roll."""
        frames = self._frames[self._last_speech_index + 1:]
        self.reset()
        self._pre_roll.extend(frames)

    def _utterance(self) -> Utterance:
        tail_frames = self.tail_ms // FRAME_MS
        kept = self._frames[:self._last_speech_index + 1 + tail_frames]
        return Utterance(
            pcm=b"".join(self._held + kept),
            started_ms=self._onset_ms,
            last_speech_ms=self._onset_ms + (self._last_speech_index + 1) * FRAME_MS,
            ended_ms=self._now_ms,
        )
