"""Mend a citizen's typo in a word the question itself used ("jag kan savlja" to "... svälja saliven?").

People often answer with the question's own words, and typing fast on a phone swaps or drops a letter.
Only longer words, and only a swapped, missing or extra letter: a changed letter can make another word
("kissat" is not "kissar"), so that is left alone.
"""
from __future__ import annotations

import re

_MIN_LENGTH = 5


def _one_slip(typed: str, meant: str) -> bool:
    """Two neighbouring letters swapped, or one letter missing or extra."""
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == meant[diff[1]] \
            and typed[diff[1]] == meant[diff[0]]
    shorter, longer = sorted((typed, meant), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def respelled(answer_f: str, question_f: str) -> str:
    """The folded answer with each slip of a question word written as the question writes it."""
    asked = {w for w in re.findall(r"[a-z]+", question_f) if len(w) >= _MIN_LENGTH}

    def mend(found: re.Match[str]) -> str:
        word = found.group(0)
        if len(word) < _MIN_LENGTH - 1 or word in asked:
            return word
        return next((w for w in sorted(asked) if w[0] == word[0] and _one_slip(word, w)), word)

    return re.sub(r"[a-z]+", mend, answer_f)
