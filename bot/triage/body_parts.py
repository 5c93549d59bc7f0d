"""Where on the body a question and an answer are about, to notice a "ja" that answers another place.

"Har du blivit svullen i ansiktet, på läpparna eller på tungan?" — "ja benet är svullet": the swelling is
real, but not where the question asks. Such an answer is no clear "ja"; it is asked again (never read "nej").
Words are folded (no å/ä/ö) and matched whole.
"""
from __future__ import annotations

import re

_PARTS: dict[str, tuple[str, ...]] = {
    "ansikte": ("ansikte", "ansiktet"),
    "kind": ("kind", "kinden", "kinder", "kinderna"),
    "kake": ("kake", "kaken", "kakbenet", "kakarna"),
    "lapp": ("lapp", "lappen", "lappar", "lapparna", "mun", "munnen"),
    "tunga": ("tunga", "tungan", "svalg", "svalget"),
    "hals": ("hals", "halsen", "strupe", "strupen"),
    "ben": ("ben", "benet", "benen", "underben", "underbenet", "lar", "laret", "vade", "vaden"),
    "arm": ("arm", "armen", "armar", "armarna", "underarm", "underarmen", "armbage", "armbagen"),
    "fot": ("fot", "foten", "fotter", "fotterna", "vrist", "vristen", "ankel", "ankeln", "fotled", "fotleden",
            "ta", "tar", "tan", "tarna", "stortan"),
    "hand": ("hand", "handen", "hander", "handerna", "finger", "fingret", "fingrar", "fingrarna", "handled",
             "handleden", "tumme", "tummen"),
    "mage": ("mage", "magen", "buk", "buken"),
    "rygg": ("rygg", "ryggen", "landrygg", "landryggen"),
    "brost": ("brost", "brostet", "brostkorg", "brostkorgen"),
    "huvud": ("huvud", "huvudet", "panna", "pannan", "hjassa", "hjassan"),
    "oga": ("oga", "ogat", "ogon", "ogonen", "ogonlock", "ogonlocket"),
    "ora": ("ora", "orat", "oron", "oronen"),
    "kna": ("kna", "knat", "knan", "knana"),
    "nasa": ("nasa", "nasan", "nasborre", "nasborren"),
}
_FORM_TO_PART = {form: part for part, forms in _PARTS.items() for form in forms}
# A whole limb or the head includes its parts: "ja hela benet" does answer "Är foten svullen?".
_INCLUDES = {"ben": {"fot", "kna"}, "arm": {"hand"}, "huvud": {"ansikte", "oga", "ora", "nasa", "lapp", "tunga", "kind", "kake"},
             "ansikte": {"oga", "nasa", "lapp", "kind", "kake"}}


def parts_named(folded: str) -> set[str]:
    """The body parts a folded text names ("benet är svullet" → {"ben"})."""
    return {_FORM_TO_PART[w] for w in re.findall(r"[a-z]+", folded) if w in _FORM_TO_PART}


def answers_another_place(question_f: str, answer_f: str) -> bool:
    """The question asks about some body parts and the answer names only others."""
    asked, named = parts_named(question_f), parts_named(answer_f)
    return bool(asked and named and not _with_parts(asked) & _with_parts(named))


def _with_parts(parts: set[str]) -> set[str]:
    return parts.union(*(_INCLUDES.get(part, set()) for part in parts))
