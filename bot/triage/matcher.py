"""Choose the triage protocol from what the citizen wrote, using the protocols' trigger phrases.

Tolerant of missing å/ä/ö, inflection (bröstet ~ bröst) and small typos. Age bands break ties
(feber hos barn vs. vuxna).
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable

from bot.text.normalize import words
from bot.triage.model import Protocol

STOP_WORDS = frozenset(
    "i pa av har jag en ett att och det som mig min mitt mina med for till om ar sig sin den har ha ".split()
)
GENERAL_PROTOCOL = "mar_dalig_annat"


@dataclass(frozen=True)
class Match:
    protocol_id: str
    score: float
    trigger: str


def _similar(a: str, b: str) -> bool:
    """Same word up to inflection or one small typo."""
    if a == b:
        return True
    if len(b) >= 4 and a.startswith(b[: max(4, len(b) - 1)]):
        return True
    if len(a) >= 4 and b.startswith(a) and len(b) - len(a) <= 3:
        return True
    if min(len(a), len(b)) >= 5:
        return SequenceMatcher(None, a, b).ratio() >= 0.8
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


def rank(text: str, protocols: Iterable[Protocol], age_band: str = "okand") -> list[Match]:
    """Protocols whose triggers appear in the text, best first."""
    tokens = tuple(words(text))
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
        matches.append(Match(protocol.id, best, best_trigger))
    return sorted(matches, key=lambda m: (-m.score, m.protocol_id))


def best(text: str, protocols: Iterable[Protocol], age_band: str = "okand") -> Match | None:
    ranked = rank(text, protocols, age_band)
    return ranked[0] if ranked else None
