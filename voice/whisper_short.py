"""Whisper on the utterance alone: one short encoding shared by phrase spotting and free decoding.

Whisper pads every input to a 30 s window; the encoder then costs ≈ 1.2 s on 2 threads whatever was
said. CTranslate2 also accepts a shorter window. Here the window is the utterance plus 1.5 s of silence
(`WINDOW_PAD`): on 100 espeak-ng recordings of the phrases (5 voices/speeds) and 52 of other sentences,
noise and silence, it spotted 54 phrases right and none wrong at the thresholds below, against 49/0
with the 10 s window used before, and encoding a 2 s utterance costs ≈ 0.13 s instead of ≈ 0.24 s.
The same recordings sent as the line hears them (μ-law, cut by the VAD) gave 63 right; the only wrong
spots were "Jag vet inte riktigt" → "Jag vet inte." (harmless) and "Jag vill boka en tid" → "Jag vet inte.".
Free decoding on the short window did not loop on that set (it is guarded against loops anyway).

Phrase spotting (Whisper's grammar mode): free decoding of telephone or synthetic Swedish with Whisper
base is poor ("Jag har svårt att andas." came out as "Jag har mott, och att unda."), but the model still
knows which of a few expected phrases the audio fits. Each phrase is scored by forced alignment (the
probability of its tokens given the audio, CTranslate2's `align`); the best one is taken only when it is
likely and clearly ahead of the runner-up, and its confidence comes from that margin. Otherwise the same
encoding is decoded freely (greedy, no repeated 3-grams). A score is one small decoder pass (≈ 25 ms),
so the phrases are scored in parallel on the recogniser's replicas.
"""
from __future__ import annotations

import logging
import math
import re
import time
import zlib
from concurrent.futures import Executor
from typing import Any, Optional

from voice.interfaces import Transcript

log = logging.getLogger(__name__)

WINDOW_PAD = 150  # feature frames (10 ms each) of silence after the utterance
SPOT_MIN_LOGPROB = -3.2  # mean log-probability per token of the best phrase
SPOT_MIN_MARGIN = 0.6  # …and this much better than the runner-up
SPOT_WEAK_LOGPROB, SPOT_WEAK_MARGIN = -3.6, 1.0  # or less likely but far ahead (short words: "Nej." on μ-law)
SPOT_MAX_PHRASES = 24
REPETITION_RATIO = 2.4


def short_window_transcribe(model: Any, pcm: bytes, phrases: list[str], pool: Optional[Executor] = None) -> Transcript:
    """`pool` runs the phrase scores in parallel (one task per phrase); without it they run here, in turn."""
    from voice.recognise import is_hallucination

    started = time.perf_counter()
    encoded, frames, tokenizer = _encode(model, pcm)
    spotted = _spot(model, encoded, frames, tokenizer, phrases, pool) if phrases else None
    heard = spotted or _decode(model, encoded, tokenizer, is_hallucination)
    log.debug("whisper short window: %s in %.2f s (spotted=%s)", heard, time.perf_counter() - started, bool(spotted))
    return heard


def _encode(model: Any, pcm: bytes) -> tuple[Any, int, Any]:
    import ctranslate2
    import numpy as np
    from faster_whisper.tokenizer import Tokenizer

    from voice.recognise import pcm8k_to_float16k

    audio = pcm8k_to_float16k(pcm)
    frames = min(3000, len(audio) // 160 + 1)
    window = min(3000, frames + WINDOW_PAD)
    window += window % 2
    features = model.feature_extractor(audio)[:, :window]
    features = np.pad(features, ((0, 0), (0, window - features.shape[-1])))
    encoded = model.model.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(features[None], dtype=np.float32)))
    return encoded, frames, Tokenizer(model.hf_tokenizer, True, task="transcribe", language="sv")


def _candidates(phrases: list[str]) -> list[str]:
    """One candidate per wording: "Ja" (a button) and "Ja." (an answer) would otherwise tie and neither win."""
    by_form: dict[str, str] = {}
    for phrase in phrases:
        by_form.setdefault(re.sub(r"[\W_]+", " ", phrase.casefold()).strip(), phrase.strip())
    return [p for form, p in by_form.items() if form][:SPOT_MAX_PHRASES]


def _spot(model: Any, encoded: Any, frames: int, tokenizer: Any, phrases: list[str],
          pool: Optional[Executor]) -> Optional[Transcript]:
    import numpy as np

    def score(phrase: str) -> tuple[float, str]:
        result = model.model.align(encoded, tokenizer.sot_sequence, [tokenizer.encode(" " + phrase)], frames)
        probs = np.maximum(np.asarray(result[0].text_token_probs, dtype=np.float64), 1e-9)
        return float(np.mean(np.log(probs))), phrase

    candidates = _candidates(phrases)
    scores = sorted(pool.map(score, candidates) if pool else map(score, candidates), reverse=True)
    if not scores:
        return None
    best = scores[0][0]
    margin = best - (scores[1][0] if len(scores) > 1 else SPOT_MIN_LOGPROB - SPOT_MIN_MARGIN)
    if not (best >= SPOT_MIN_LOGPROB and margin >= SPOT_MIN_MARGIN or best >= SPOT_WEAK_LOGPROB and margin >= SPOT_WEAK_MARGIN):
        return None
    return Transcript(scores[0][1], min(1.0, 1.0 - math.exp(-margin)), 0.0)


def _decode(model: Any, encoded: Any, tokenizer: Any, hallucination: Any) -> Transcript:
    prompt = tokenizer.sot_sequence + [tokenizer.no_timestamps]
    result = model.model.generate(encoded, [prompt], beam_size=1, max_length=96, return_scores=True,
                                  return_no_speech_prob=True, no_repeat_ngram_size=3, suppress_blank=True)[0]
    tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
    text = tokenizer.decode(tokens).strip()
    no_speech = float(result.no_speech_prob)
    ratio = len(text.encode()) / max(1, len(zlib.compress(text.encode()))) if text else 0.0
    if not text or hallucination(text) or ratio > REPETITION_RATIO:
        return Transcript("", 0.0, max(no_speech, 0.6 if text else 1.0))
    # `scores` is the length-normalised log-probability of the sequence (CTranslate2's default penalty)
    confidence = min(1.0, max(0.0, math.exp(float(result.scores[0])))) if result.scores else 0.0
    return Transcript(text, confidence, no_speech)
