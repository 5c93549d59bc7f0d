"""Choose the triage protocol from what the citizen wrote, using the protocols' trigger phrases.

Tolerant of missing å/ä/ö, inflection (bröstet ~ bröst) and small typos. Age bands break ties
(feber hos barn vs. vuxna). A condition the citizen names ("har haft uvi", "svinkoppor") weighs more than
a symptom that other protocols also know; sleep trouble gives way to a named pain ("vaknade i natt, örat
gör ont") and to a complaint given as its cause ("kan inte sova för att jag hostar").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable

from bot.text.normalize import fold, words
from bot.triage.model import Protocol
from bot.triage.model import rank as urgency_rank

STOP_WORDS = frozenset(
    "i pa av har jag en ett att och det som min mitt mina med for till om ar sin den har ha ".split()
)
GENERAL_PROTOCOL = "mar_dalig_annat"
NAMED_BONUS = 10.0
"""Letters added to a named condition's score: "uvi" (3 + 10) outweighs "ont i ryggen" (9)."""
TYPO_PENALTY = 0.5
"""A word read through a typo weighs a little less: "öroninflammation" is not "ögoninflammation"."""


@dataclass(frozen=True)
class Match:
    protocol_id: str
    score: float
    trigger: str


_SUFFIXES = frozenset(
    "en et an n t a r s e ar er or na ne arna erna orna ens ets ade de te it at ig iga ande ande".split()
) | {""}

# The endings one Swedish word takes (folded). Two forms of a stem are the same word only when some
# paradigm has both endings: "kissade ~ kissar" (verb), "handen ~ händerna" (noun), but not the noun
# "gungan" and the verb "gungar", "tungan" (the tongue) and "tungt", "värkt" (ached) and "värkar" (labour).
_PARADIGMS: tuple[frozenset[str], ...] = tuple(frozenset(p.split(",")) for p in (
    "a,an,or,orna,ans,ors",  # flicka, gunga, trappa
    ",en,ar,arna,ens,ars",  # bil, dag
    "et,en,ar,arna,ets",  # finger, vatten, bajs: fingret, fingrar
    ",en,er,erna,ens,ers",  # hand, natt: handen, händer
    "e,et,en,ena,ets",  # äpple
    ",et,en,ets,n,t,na",  # barn, knä
    "a,ar,ade,at,ad,ande,as,ades",  # kissa: kissar, kissade, kissat
    "a,er,r,de,te,d,t,ande,s,es",  # dricka, köpa, brände: bränner, bränt
    "a,er,r,it,en,et,na,ande,s",  # bryta: bryter, brutit, bruten
    ",t,a,e,are,ast,aste",  # djup: djupt, djupa
    "en,et,na,ne",  # svullen, svullet, svullna
))
_MIN_STEM = 4


def _inflected(longer: str, stem: str, min_stem: int) -> bool:
    return len(stem) >= min_stem and longer.startswith(stem) and longer[len(stem):] in _SUFFIXES


def _forms_of_one_word(a: str, b: str) -> bool:
    """Two endings on one stem of at least four letters, from one paradigm (kissade ~ kissar)."""
    for paradigm in _PARADIGMS:
        for ending in paradigm:
            stem = a[: len(a) - len(ending)]
            if a.endswith(ending) and len(stem) >= _MIN_STEM and b.startswith(stem) and b[len(stem):] in paradigm:
                return True
    return False


@lru_cache(maxsize=200_000)
def _same_word(a: str, b: str) -> bool:
    """Same word up to an inflection ending: bröst ~ bröstet, kissade ~ kissar.

    Compounds do not count as the same word: "skärsår" is not "skär", "kattbett" is not "knottbett".
    """
    # a: the citizen's word, b: the trigger's
    return a == b or _inflected(a, b, 3) or _inflected(b, a, 4) or _forms_of_one_word(a, b)


@lru_cache(maxsize=200_000)
def _typo(a: str, b: str) -> bool:
    """One small typo in a longer word."""
    return min(len(a), len(b)) >= 6 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.86


@lru_cache(maxsize=4096)
def _content(trigger: str) -> tuple[str, ...]:
    return tuple(w for w in words(trigger) if w not in STOP_WORDS) or tuple(words(trigger))


def _trigger_score(trigger: str, tokens: tuple[str, ...]) -> float:
    content = _content(trigger)
    if not content:
        return 0.0
    score = 0.0
    for w in content:
        if any(_same_word(t, w) for t in tokens):
            score += len(w)
        elif any(_typo(t, w) for t in tokens):
            score += len(w) - TYPO_PENALTY
        else:
            return 0.0
    return score


def phrase_in(phrase: str, tokens: tuple[str, ...]) -> bool:
    """All content words of the phrase are among the citizen's words (as for triggers)."""
    return _trigger_score(phrase, tokens) > 0


_INTENSIFIER = re.compile(r"\b(jatte|skit|sjukt|super|mega|asso|as|svin)(ont|mycket|trott|yr|daligt)\b")
_TEMPERATURE = re.compile(r"\b(3[89]|4[0-2])(?:[.,]\d)?\s*(?:grader|c\b)|\b(3[89]|4[0-2])[.,]\d\b")
_PAIN = re.compile(r"(ont|vark|varker|varkt|smarta|smartor)$")


# Sayings that look like a symptom but are not: racing thoughts are no vertigo.
_SAYINGS = re.compile(r"\b(tankarna|tankar|tanken) (\w+ )?snurr\w*|\bsnurrar i (tankarna|tankar)\b")
# What follows these words is given as the cause of what comes before ("kan inte sova för att jag hostar"),
# what precedes these as the cause of what follows ("hostar så jag inte kan sova").
_CAUSE_AFTER = re.compile(r"\b(for att|pga|p g a|eftersom|pa grund av|av (att|hostan|varken|smartan|klada))\b")
_CAUSE_BEFORE = re.compile(r"\bsa (att )?(jag|hon|han|hen|vi|barnet|den|det) (inte|knappt) (kan|kunde|orkar) (sova|somna)")


def citizen_words(text: str) -> tuple[str, ...]:
    """The citizen's words, with "jätteont"/"asont" split and a written temperature read as fever."""
    folded = _SAYINGS.sub(" ", _INTENSIFIER.sub(r"\1 \2", fold(text)))
    tokens = words(folded)
    if _TEMPERATURE.search(folded):
        tokens.append("feber")
    return tuple(tokens)


def _best_phrase(phrases: Iterable[str], tokens: tuple[str, ...]) -> tuple[float, str]:
    best, best_phrase = 0.0, ""
    for phrase in phrases:
        score = _trigger_score(phrase, tokens)
        if score > best:
            best, best_phrase = score, phrase
    return best, best_phrase


@dataclass(frozen=True)
class _Found:
    protocol: Protocol
    trigger: tuple[float, str]  # the best trigger phrase and its score
    named: tuple[float, str]  # the best named condition and its score, without the bonus


def _score(found: _Found, bonus: bool, age_band: str) -> Match:
    """The protocol's score: its best phrase (a named condition with its bonus when allowed), weighted."""
    score, phrase = found.trigger
    if found.named[0] > 0 and found.named[0] + (NAMED_BONUS if bonus else 0.0) > score:
        score, phrase = found.named[0] + (NAMED_BONUS if bonus else 0.0), found.named[1]
    protocol = found.protocol
    if protocol.age_bands and age_band != "okand" and age_band not in protocol.age_bands:
        score *= 0.5
    if protocol.id == GENERAL_PROTOCOL:
        score *= 0.3  # the catch-all only wins when nothing specific matches
    return Match(protocol.id, score, phrase)


def _bonus_allowed(found: _Found, everything: list[_Found]) -> bool:
    """A named condition outweighs symptoms, but never those of a protocol that is more urgent by default
    ("har halsfluss och nu svårt att andas" stays with breathing) or that ends with a nurse's assessment
    ("min dotter har uvi och feber" stays with fever in children)."""
    own = urgency_rank(found.protocol.default_urgency)
    return not any(
        urgency_rank(other.protocol.default_urgency) < own or other.protocol.nurse_assess
        for other in everything
        if other.protocol.id not in (found.protocol.id, GENERAL_PROTOCOL)
    )


def _names_pain(trigger: str) -> bool:
    return any(_PAIN.search(w) for w in _content(trigger))


def _cause(text: str) -> str:
    """The part of the text given as a cause ("för att jag hostar"), or ""."""
    folded = fold(text)
    after = _CAUSE_AFTER.search(folded)
    if after:
        return folded[after.start():]
    before = _CAUSE_BEFORE.search(folded)
    return folded[:before.start()] if before else ""


def _gives_way(match: Match, matches: list[Match], by_id: dict[str, Protocol], cause: str) -> bool:
    """A protocol marked `yields_to_pain` (sleep) gives way when another protocol matched a named pain,
    or matched in the part of the text the citizen gives as the cause."""
    if not by_id[match.protocol_id].yields_to_pain:
        return False
    others = [m for m in matches if m.protocol_id not in (match.protocol_id, GENERAL_PROTOCOL)]
    if any(_names_pain(m.trigger) for m in others):
        return True
    cause_tokens = citizen_words(cause) if cause else ()
    return any(_trigger_score(m.trigger, cause_tokens) > 0 for m in others)


def rank(text: str, protocols: Iterable[Protocol], age_band: str = "okand") -> list[Match]:
    """Protocols whose triggers or named conditions appear in the text, best first."""
    tokens = citizen_words(text)
    by_id = {p.id: p for p in protocols}
    found = [
        f for f in (_Found(p, _best_phrase(p.triggers, tokens), _best_phrase(p.named_conditions, tokens))
                    for p in by_id.values())
        if f.trigger[0] > 0 or f.named[0] > 0
    ]
    matches = [_score(f, _bonus_allowed(f, found), age_band) for f in found]
    cause = _cause(text)
    return sorted(matches, key=lambda m: (_gives_way(m, matches, by_id, cause), -m.score, m.protocol_id))


def best(text: str, protocols: Iterable[Protocol], age_band: str = "okand") -> Match | None:
    ranked = rank(text, protocols, age_band)
    return ranked[0] if ranked else None
