"""A short yes or no, as the booking conversation and the phone line read it (not triage answers, which
bot/triage/answers.py reads with the question in mind)."""
from __future__ import annotations

import re
from typing import Optional

from bot.text.normalize import fold

_YES = re.compile(r"^(ja+|japp|jepp|jo|javisst|absolut|garna|ok|okej|okey|yes|boka|stammer|precis|visst|"
                  r"det stammer|ja tack|ja boka|ja gor det|kor|kor pa|perfekt|bra)\b")
_NO = re.compile(r"^(nej|nae|na|nope|no|inte|icke|andra|annan|ingen|nix|avbryt inte)\b")


def yes_no(text: str) -> Optional[bool]:
    """True, False, or None when the text is not clearly either."""
    folded = re.sub(r"[^\w\s]", " ", fold(text)).strip()
    if _NO.match(folded):
        return False
    if _YES.match(folded):
        return True
    return None
