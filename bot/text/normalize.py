"""Fold Swedish text to a form that survives typos in å/ä/ö and casing."""
from __future__ import annotations

import re

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "a", "ø": "o"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")

MAX_LEN = 5000


def fold(text: str | None) -> str:
    """Lower case, å/ä/ö folded to a/a/o, whitespace collapsed; capped at MAX_LEN characters."""
    if not text:
        return ""
    return _SPACE.sub(" ", text[:MAX_LEN].lower().translate(_FOLD)).strip()


def words(text: str | None) -> list[str]:
    """The folded words (letters and digits) of a text."""
    return _WORD.findall(fold(text))
