"""Recognition that starts at a pause, before the caller's turn is known to be over.

The turn ends after `end_silence_ms` of silence (500 ms). Most of that wait is spent in silence, so the
recogniser starts when the VAD reports a shorter pause (`Pause`, e.g. after 200 ms) on exactly the audio the
turn will hold if the silence lasts. When the turn then ends, its result is usually ready or nearly so.
If the caller goes on speaking, the early result belongs to audio that is no longer the turn and is dropped
(the work is wasted, nothing else changes).
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Optional

from voice.interfaces import Recogniser, Transcript
from voice.vad import Utterance

log = logging.getLogger(__name__)
Key = tuple[float, float, tuple[str, ...]]


class HeadStart:
    """At most one early recognition per call, kept until the turn it was started for ends."""

    def __init__(self, recogniser: Recogniser) -> None:
        self.recogniser = recogniser
        self._key: Optional[Key] = None
        self._task: Optional[asyncio.Future[Transcript]] = None
        self._started = 0.0

    def begin(self, utterance: Utterance, expected: list[str]) -> None:
        self._key = _key(utterance, expected)
        self._started = time.perf_counter()
        self._task = asyncio.ensure_future(asyncio.to_thread(self.recogniser.transcribe, utterance.pcm, expected))
        self._task.add_done_callback(_quietly)

    def take(self, utterance: Utterance, expected: list[str]) -> tuple[Optional[asyncio.Future[Transcript]], float]:
        """The early recognition of this very turn (and how long ago it started), or (None, 0)."""
        task = self._task if self._key == _key(utterance, expected) else None
        head_start_ms = (time.perf_counter() - self._started) * 1000 if task else 0.0
        self.forget()
        return task, head_start_ms

    def forget(self) -> None:
        self._key, self._task = None, None


def _key(utterance: Utterance, expected: list[str]) -> Key:
    return utterance.started_ms, utterance.last_speech_ms, tuple(expected)


def _quietly(task: asyncio.Future[Transcript]) -> None:
    """A dropped early recognition that failed must not warn "exception was never retrieved"."""
    if not task.cancelled() and task.exception() is not None:
        log.debug("early recognition failed: %r", task.exception())
