"""Choose the triage protocol from what the citizen wrote, using the protocols' trigger phrases.

Tolerant of missing å/ä/ö, inflection (bröstet ~ bröst) and small typos. Age bands break ties
(feber hos barn vs. vuxna).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable

from bot.text.normalize import fold, words
from bot.triage.model import Protocol

STOP_WORDS = frozenset(
    "i pa av har jag en ett att och det som min mitt mina med for till om ar sin den har ha ".split()
)
GENERAL_PROTOCOL = "mar_dalig_annat"


@dataclass(frozen=True)
class Match:
    protocol_id: str
    score: float
    trigger: str


_SUFFIXES = frozenset(
    "en et an n t a r s e ar er or na ne arna erna orna ens ets ade de te it at ig iga ande ande".split()
) | {""}


def _inflected(longer: str, stem: str, min_stem: int) -> bool:
    return len(stem) >= min_stem and longer.startswith(stem) and longer[len(stem):] in _SUFFIXES


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """The word without its longest inflection ending, keeping at least four letters."""
    for cut in range(min(4, len(word) - 4), 0, -1):
        if word[-cut:] in _SUFFIXES:
            return word[:-cut]
    return word


@lru_cache(maxsize=200_000)
def _similar(a: str, b: str) -> bool:
    """Same word up to an inflection ending (bröst ~ bröstet) or one small typo in a longer word.

    Compounds do not count as the same word: "skärsår" is not "skär", "kattbett" is not "knottbett".
    """
    if a == b or _inflected(a, b, 3) or _inflected(b, a, 4):  # a: the citizen's word, b: the trigger's
        return True
    if _stem(a) == _stem(b) and len(_stem(a)) >= 4:  # kissade ~ kissar
        return True
    if min(len(a), len(b)) >= 6 and a[0] == b[0]:
        return SequenceMatcher(None, a, b).ratio() >= 0.86
    return False


@lru_cache(maxsize=4096)
def _content(trigger: str) -> tuple[str, ...]:
    return tuple(w for w in words(trigger) if w not in STOP_WORDS) or tuple(words(trigger))


def _trigger_score(trigger: str, tokens: tuple[str, ...]) -> float:
    content = _content(trigger)
    if not content:
        return 0.0
    hits = [w for w in content if any(_similar(t, w) for t in tokens)]
    if len(hits) < len(content):
        return 0.0
    return float(sum(len(w) for w in hits))


def phrase_in(phrase: str, tokens: tuple[str, ...]) -> bool:
    """All content words of the phrase are among the citizen's words (as for triggers)."""
    return _trigger_score(phrase, tokens) > 0


_INTENSIFIER = re.compile(r"\b(jatte|skit|sjukt|super|mega|asso)(ont|mycket|trott|yr)\b")
_TEMPERATURE = re.compile(r"\b(3[89]|4[0-2])(?:[.,]\d)?\s*(?:grader|c\b)|\b(3[89]|4[0-2])[.,]\d\b")


def citizen_words(text: str) -> tuple[str, ...]:
    """The citizen's words, with "jätteont" split and a written temperature read as fever."""
    folded = _INTENSIFIER.sub(r"\1 \2", fold(text))
    tokens = words(folded)
    if _TEMPERATURE.search(folded):
        tokens.append("feber")
    return tuple(tokens)


def rank(text: str, protocols: Iterable[Protocol], age_band: str = "okand") -> list[Match]:
    """Protocols whose triggers appear in the text, best first."""
    tokens = citizen_words(text)
    matches = []
    for protocol in protocols:
        best, best_trigger = 0.0, ""
        for trigger in protocol.triggers:
            score = _trigger_score(trigger, tokens)
            if score > best:
                best, best_trigger = score, trigger
        if best <= 0:
            continue
        if protocol.age_bands and age_band != "okand" and age_band not in protocol.age_bands:
            best *= 0.5
        if protocol.id == GENERAL_PROTOCOL:
            best *= 0.3  # the catch-all only wins when nothing specific matches
        matches.append(Match(protocol.id, best, best_trigger))
    return sorted(matches, key=lambda m: (-m.score, m.protocol_id))


def best(text: str, protocols: Iterable[Protocol], age_band: str = "okand") -> Match | None:
    ranked = rank(text, protocols, age_band)
    return ranked[0] if ranked else None
