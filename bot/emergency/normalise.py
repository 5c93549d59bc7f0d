"""Fold citizen text into the one form the sign patterns are written for.

Lower case, accents stripped (å,ä→a, ö→o, é→e, ü→u; also æ→a, ø→o), apostrophes removed ("can't" →
"cant"), invisible format characters dropped, whitespace runs collapsed to one space (or one newline,
which is a clause break). Other punctuation is kept because it splits clauses. Every normalised
character remembers its index in the original, so a match can be shown in the citizen's own words.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_CHARS = 5000
_APOSTROPHES = frozenset("'\u2019\u2018`\u00b4\u02bc")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_EXTRA_FOLDS = {"æ": "a", "ø": "o", "œ": "oe", "ß": "ss"}


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus, for each of its characters, the index of its source character."""

    text: str
    origin: tuple[int, ...]

    def original(self, source: str, start: int, end: int) -> str:
        """The part of `source` that produced normalised text[start:end]."""
        if start >= end or end > len(self.origin):
            return ""
        return source[self.origin[start] : self.origin[end - 1] + 1]


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """One source character → its normalised form ('' for apostrophes and invisible characters)."""
    if ch in _APOSTROPHES or unicodedata.category(ch) in ("Cf", "Cc"):
        return ""
    low = ch.lower()
    low = "".join(_EXTRA_FOLDS.get(c, c) for c in low)
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> Normalised:
    """Normalise at most MAX_CHARS characters of `text` (longer input is cut, never rejected)."""
    out: list[str] = []
    origin: list[int] = []
    gap: tuple[int, bool] | None = None  # (index of first whitespace in the run, run has a newline)
    for i, ch in enumerate(text[:MAX_CHARS]):
        if ch.isspace() or ch in _LINE_BREAKS:
            newline = ch in _LINE_BREAKS
            gap = (i, newline) if gap is None else (gap[0], gap[1] or newline)
            continue
        folded = _fold(ch)
        if not folded:
            continue
        if gap is not None and out:
            out.append("\n" if gap[1] else " ")
            origin.append(gap[0])
        gap = None
        out.extend(folded)
        origin.extend([i] * len(folded))
    return Normalised("".join(out), tuple(origin))
