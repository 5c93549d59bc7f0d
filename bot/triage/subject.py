"""Who the conversation is about: self or someone else, their age and pronouns.

"det gäller min dotter som är 4" → other, 48 months, hon/henne/hennes.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.text.normalize import fold
from bot.text.numbers import WORD_NUMBERS
from bot.triage.model import age_band

# relation word (folded) → (pronoun set, typical age band hint in months or None)
_RELATIONS: dict[str, tuple[str, int | None]] = {
    "dotter": ("hon", None), "dottern": ("hon", None), "flicka": ("hon", None), "tjej": ("hon", None),
    "son": ("han", None), "sonen": ("han", None), "pojke": ("han", None), "kille": ("han", None),
    "mamma": ("hon", None), "mor": ("hon", None), "morsan": ("hon", None), "mamman": ("hon", None),
    "pappa": ("han", None), "far": ("han", None), "farsan": ("han", None),
    "fru": ("hon", None), "frun": ("hon", None), "frugan": ("hon", None), "sambo": ("hen", None),
    "man": ("han", None), "mannen": ("han", None), "make": ("han", None), "maken": ("han", None),
    "flickvan": ("hon", None), "pojkvan": ("han", None), "partner": ("hen", None),
    "mormor": ("hon", None), "farmor": ("hon", None), "morfar": ("han", None), "farfar": ("han", None),
    "syster": ("hon", None), "bror": ("han", None), "kompis": ("hen", None), "van": ("hen", None),
    "granne": ("hen", None), "grannen": ("hen", None), "kollega": ("hen", None),
    "barn": ("barnet", None), "barnet": ("barnet", None), "bebis": ("barnet", None),
    "bebisen": ("barnet", None), "baby": ("barnet", None), "babyn": ("barnet", None),
    "spadbarn": ("barnet", 1), "nyfodd": ("barnet", 0), "nyfodda": ("barnet", 0),
    "dottern's": ("hon", None), "lillebror": ("han", None), "lillasyster": ("hon", None),
}
_PRONOUNS = {
    "du": {"du": "du", "dig": "dig", "din": "din", "ditt": "ditt", "dina": "dina"},
    "hon": {"du": "hon", "dig": "henne", "din": "hennes", "ditt": "hennes", "dina": "hennes"},
    "han": {"du": "han", "dig": "honom", "din": "hans", "ditt": "hans", "dina": "hans"},
    "hen": {"du": "hen", "dig": "hen", "din": "hens", "ditt": "hens", "dina": "hens"},
    "barnet": {"du": "barnet", "dig": "barnet", "din": "barnets", "ditt": "barnets", "dina": "barnets"},
}
# Reflexive forms: "du" → dig/din, everyone else → sig/sin.
_REFLEXIVE = {
    "du": {"sig": "dig", "sin": "din", "sitt": "ditt", "sina": "dina"},
    "other": {"sig": "sig", "sin": "sin", "sitt": "sitt", "sina": "sina"},
}
_CORRECTION = re.compile(r"\b(forresten|menade|ratt(else|ning)|fel,|jag skrev fel|egentligen)\b")
_WEEK = re.compile(r"\b(?:vecka|v\.?|graviditetsvecka)\s*(\d{1,2})\b")
_SELF_MALE = re.compile(r"^(?:hej[ ,!]*)?(man|kille)\b|\bjag (ar|som ar) (en )?(man|kille|pojke)\b")
_AMBIGUOUS_FIRST = frozenset({"far", "man", "van", "mor", "barn", "make", "son"})  # also verbs/pronouns once folded
# A possessive, then up to two words ("min lilla dotter", "min 2-åriga son") before the relation word.
_OTHER_MARKERS = re.compile(r"\b(?:min|mitt|mina|var|vart|vara|hans|hennes)((?:\s+[\w-]+){1,3})")
_ADJECTIVE = re.compile(r"^(?:\d{1,2}-?\w*|\w+(?:a|e))$")  # lilla, gamla, äldsta, 2-åriga, 5-årige
# "min 2-åring", "vår treåring", "min 8 månaders": the person is named by their age alone.
_AGE_NOUN = re.compile(r"^\s*(?:\d{1,2}\s*-?\s*|[a-z]+)(aring|manaders|manadersbebis)\b")
_THIRD_PERSON_START = re.compile(r"^(han|hon|hen|barnet|bebisen)\b")
_AGE = re.compile(
    r"(?:\b(?:ar|blir|fyllt|fyller)\s+)?\b(\d{1,3}(?:[.,]\d)?|[a-z]+)\s*(?:-|\s)?"
    r"(ar|arig|ariga|arige|aring|arsaldern|manader|manaders|manad|man|veckor|vecka|v|dagar|dag|dygn)\b"
)
_AGE_ALONE_TAIL = r"\s+ar\s+(\d{1,3}|[a-z]+)\b(?!\s*(?:grader|c\b|,\d|\.\d))"
_AGE_ALONE = re.compile(
    r"\b(?:som|hon|han|hen|barnet|jag|den|" + "|".join(sorted(_RELATIONS, key=len, reverse=True)) + ")" + _AGE_ALONE_TAIL
)
_DURATION_WORDS = frozenset(
    "sen sedan i for efter under pa senaste varit haft om inom nastan over typ ca cirka ungefar i_over "
    "snart redan drygt knappt minst an hallit pagatt".split()
)  # "sen två veckor", "snart 2 veckor", "mer än en vecka" are durations, not ages
_UNIT_MONTHS = {"ar": 12, "arig": 12, "ariga": 12, "arige": 12, "aring": 12, "arsaldern": 12,
                "manader": 1, "manaders": 1, "manad": 1, "man": 1,
                "veckor": 0.25, "vecka": 0.25, "v": 0.25, "dagar": 1 / 30, "dag": 1 / 30, "dygn": 1 / 30}


@dataclass(frozen=True)
class Subject:
    who: str = "self"  # self | other
    pronoun: str = "du"  # du | hon | han | hen | barnet
    relation: str | None = None
    age_months: int | None = None
    pregnant: bool | None = None
    sex: str | None = None  # "m" | "f" when the citizen says so; only used to skip the pregnancy question
    pregnancy_week: int | None = None

    @property
    def age_band(self) -> str:
        return age_band(self.age_months)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Subject:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def payload(self) -> dict[str, Any]:
        """The `subject` object of the triage payload."""
        return {"who": self.who, "age_band": self.age_band, "pregnant": self.pregnant}


def _to_number(token: str) -> float | None:
    if re.fullmatch(r"\d+(?:[.,]\d)?", token):
        return float(token.replace(",", "."))  # "1,5 år"
    value = WORD_NUMBERS.get(token)
    return float(value) if value is not None and token not in {"par", "nagra", "halv"} else None


_SHORT_UNITS = frozenset({"manader", "manad", "man", "veckor", "vecka", "v", "dagar", "dag", "dygn"})
_AGE_CONTEXT = frozenset(_RELATIONS) | frozenset("hon han hen jag min mitt ar blir fyllt fyller bara endast".split())
_OLD = re.compile(r"\s*(gammal|gamla|gammalt|gamle)\b")


def _reads_as_age(folded: str, match: re.Match[str]) -> bool:
    """Whether "N unit" is an age rather than a duration.

    Years are ages unless a duration word comes first ("i 2 år"). Weeks, days and months are ages only
    next to the person ("min son 2 veckor", "bebisen är 3 veckor", "dottern på 5 veckor", "3 veckor
    gammal") or alone (an answer to the age question): "har varit förkyld en vecka" is how long.
    """
    words_before = re.findall(r"[a-z0-9]+", folded[: match.start()])
    before = words_before[-1] if words_before else ""
    person_before_pa = before == "pa" and len(words_before) > 1 and words_before[-2] in _RELATIONS
    if before in _DURATION_WORDS and not person_before_pa:
        return False
    if re.match(r"\s*(sen|sedan|tillbaka)\b", folded[match.end():]):
        return False
    if match.group(2) not in _SHORT_UNITS or not before:
        return True
    return before in _AGE_CONTEXT or person_before_pa or bool(_OLD.match(folded[match.end():]))


def parse_age_months(text: str, default_unit: str = "ar") -> int | None:
    """Age in months from "4 år", "2 månader", "8 veckor", "82-årig", "nyfödd"; a bare number is years."""
    folded = fold(text)
    if re.search(r"\bnyfodd|\bnyss fodd", folded):
        return 0
    half = re.search(r"\b(\d{1,2}|[a-z]+) och (ett )?halvt ar\b", folded)
    if half and _to_number(half.group(1)) is not None:
        return int((_to_number(half.group(1)) + 0.5) * 12)  # "ett och ett halvt år"
    years_months = re.search(r"\b(\d{1,2}) ar och (\d{1,2}) (?:manader|manad|man)\b", folded)
    if years_months:
        return int(years_months.group(1)) * 12 + int(years_months.group(2))  # "1 år och 3 månader"
    for match in _AGE.finditer(folded):
        number = _to_number(match.group(1))
        if number is not None and _reads_as_age(folded, match):
            return int(number * _UNIT_MONTHS[match.group(2)])
    match = _AGE_ALONE.search(folded)
    if match and _to_number(match.group(1)) is not None:
        return int(_to_number(match.group(1)) * _UNIT_MONTHS[default_unit])
    bare = re.fullmatch(r"\s*(?:typ|ca|cirka|ungefar)?\s*(\d{1,3}(?:[.,]\d)?)\s*(?:bast)?\s*", folded)
    if bare:
        return int(float(bare.group(1).replace(",", ".")) * _UNIT_MONTHS[default_unit])
    return None


def parse_subject(text: str, current: Subject | None = None) -> Subject:
    """Update who/age from a message; keeps what the message does not mention."""
    subject = current or Subject()
    folded = fold(text)
    other = _other_person(folded)
    if other is not None:
        relation, pronoun, months = other
        subject = replace(subject, who="other", pronoun=pronoun, relation=relation)
        if months is not None and subject.age_months is None:
            subject = replace(subject, age_months=months)
    else:
        first = re.match(r"^(?:hej|hallo|hejsan)?[ ,!]*(\w+)", folded)
        if first and first.group(1) in _RELATIONS and first.group(1) not in _AMBIGUOUS_FIRST and current is None:
            pronoun, _ = _RELATIONS[first.group(1)]
            subject = replace(subject, who="other", pronoun=pronoun, relation=first.group(1))
        elif _THIRD_PERSON_START.match(folded) and subject.who == "self" and current is None:
            word = _THIRD_PERSON_START.match(folded).group(1)
            subject = replace(subject, who="other", pronoun="barnet" if word == "bebisen" else word)
    if subject.who == "self" and _SELF_MALE.search(folded):
        subject = replace(subject, sex="m")
    age = parse_age_months(folded) if _mentions_age(folded) else None
    if age is not None:
        subject = replace(subject, age_months=age)
    if re.search(r"\b(inte|ej) gravid\b", folded):
        subject = replace(subject, pregnant=False)
    elif re.search(r"\bgravid\b|\bgraviditetsvecka|\bvantar barn\b", folded):
        subject = replace(subject, pregnant=True)
        week = _WEEK.search(folded)
        if week:
            subject = replace(subject, pregnancy_week=int(week.group(1)))
    return subject


def _other_person(folded: str) -> tuple[str, str, int | None] | None:
    """(relation, pronoun, age hint) for "min dotter", "min lilla dotter", "vår 2-åring"; None otherwise."""
    for match in _OTHER_MARKERS.finditer(folded):
        after = match.group(1)
        for word in after.split():
            if word in _RELATIONS:
                return (word, *_RELATIONS[word])
            if not _ADJECTIVE.match(word):  # "min mage gör ont, har man …": only adjectives may come between
                break
        if _AGE_NOUN.match(after):
            return ("barn", "barnet", None)
    return None


def _mentions_age(folded: str) -> bool:
    return bool(_AGE.search(folded) or _AGE_ALONE.search(folded) or "nyfodd" in folded)


def render(text: str, subject: Subject) -> str:
    """Fill {du}/{Du}/{dig}/{din}/{ditt}/{dina} for the subject."""
    forms = dict(_PRONOUNS.get(subject.pronoun, _PRONOUNS["du"]))
    forms.update(_REFLEXIVE["du" if subject.pronoun == "du" else "other"])

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        word = forms.get(key.lower(), key)
        return word[0].upper() + word[1:] if key[0].isupper() else word

    return re.sub(r"\{(du|Du|dig|Dig|din|Din|ditt|Ditt|dina|Dina|sig|sin|sitt|sina)\}", fill, text)


def correct_subject(text: str, current: Subject) -> Subject:
    """Apply a correction given mid-questionnaire ("nej förresten, hon är 2", "han är 5 år").

    Only explicit forms count, so that "2 dagar" as an answer never changes anyone's age.
    """
    folded = fold(text)
    if not (_CORRECTION.search(folded) or _AGE_ALONE.search(folded)):
        return current
    age = parse_age_months(folded)
    return replace(current, age_months=age) if age is not None else current
