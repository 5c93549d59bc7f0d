"""Numbers as Swedes write them: "39,5", "åtta", "en halv", "typ 40"."""
from __future__ import annotations

import re

from bot.text.normalize import fold

WORD_NUMBERS = {
    "noll": 0, "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "atta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
    "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "attio": 80,
    "nittio": 90, "hundra": 100, "par": 2, "ett par": 2, "nagra": 3, "halv": 0.5, "en halv": 0.5,
}
_NUMBER = re.compile(r"(?<![\d/])(\d+(?:[.,]\d+)?)(?![\d/])")


def first_number(text: str) -> float | None:
    """The first number in the text, digits before words ("jätteont, 8" → 8, "åtta" → 8)."""
    folded = fold(text)
    match = _NUMBER.search(folded)
    if match:
        return float(match.group(1).replace(",", "."))
    for token in re.findall(r"[a-z]+", folded):
        if token in WORD_NUMBERS and token not in {"en", "ett", "par", "nagra", "halv"}:
            return float(WORD_NUMBERS[token])
    return None
