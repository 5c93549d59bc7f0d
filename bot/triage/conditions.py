"""Three-valued evaluation of protocol conditions.

A value is True, False or None (unknown). Unknown carries a flag: `pending` when it depends on a
question not asked yet (so asking could still settle it), otherwise it comes from a "vet inte".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from bot.triage.answers import DONT_KNOW


@dataclass(frozen=True)
class Truth:
    value: Optional[bool]
    pending: bool = False


TRUE, FALSE = Truth(True), Truth(False)
UNKNOWN, PENDING = Truth(None), Truth(None, pending=True)

Lookup = Callable[[str], Any]
"""qid → an answer value, DONT_KNOW, SKIPPED or NOT_ASKED."""

SKIPPED = "__skipped__"
SKIPPED_RED_FLAG = "__skipped_red_flag__"  # a red flag whose precondition (ask_if) is absent: absent too
SKIPPED_POSITIVE_RED_FLAG = "__skipped_positive_red_flag__"  # the same for one asked positively (alarming: nej)
NOT_ASKED = "__not_asked__"


@dataclass(frozen=True)
class Facts:
    """What the evaluator may read: answers and the subject."""

    answer: Lookup
    age_months: Optional[int]
    age_state: str  # known | unknown | pending
    pregnant: Optional[bool]
    pregnant_state: str  # known | unknown | pending | not_applicable


def _compare(atom: dict[str, Any], value: Any) -> bool:
    if "is" in atom:
        return value == atom["is"]
    if "in" in atom:
        return value in atom["in"]
    number = float(value)
    checks = {"gte": number >= atom.get("gte", 0), "gt": number > atom.get("gt", 0),
              "lte": number <= atom.get("lte", 0), "lt": number < atom.get("lt", 0)}
    return all(checks[k] for k in checks if k in atom)


def _question(atom: dict[str, Any], facts: Facts) -> Truth:
    value = facts.answer(atom["q"])
    if value in (SKIPPED_RED_FLAG, SKIPPED_POSITIVE_RED_FLAG):
        # Not asked because its precondition (ask_if) is absent: the red flag is absent too, so its reassuring
        # answer holds ("Ser du sämre?" — nej → "Har synen försvunnit helt?" is skipped and counts as nej;
        # "Kan du dricka och behålla det?", skipped, counts as ja).
        reassuring = "ja" if value == SKIPPED_POSITIVE_RED_FLAG else "nej"
        return TRUE if atom.get("is") == reassuring else FALSE
    if value == SKIPPED:
        return FALSE  # any other skipped question says nothing ("Hjälper värktabletter?" when the score was given)
    if value == NOT_ASKED:
        return PENDING
    if value == DONT_KNOW:
        return UNKNOWN
    try:
        return TRUE if _compare(atom, value) else FALSE
    except (TypeError, ValueError):
        return UNKNOWN


def _age(check: Callable[[int], bool], facts: Facts) -> Truth:
    if facts.age_months is not None:
        return TRUE if check(facts.age_months) else FALSE
    return PENDING if facts.age_state == "pending" else UNKNOWN


def _pregnant(want: bool, facts: Facts) -> Truth:
    if facts.pregnant is not None:
        return TRUE if facts.pregnant == want else FALSE
    if facts.pregnant_state == "not_applicable":
        return TRUE if want is False else FALSE
    return PENDING if facts.pregnant_state == "pending" else UNKNOWN


def _years(spec: dict[str, float]) -> Callable[[int], bool]:
    def check(months: int) -> bool:
        return _compare(spec, months / 12)

    return check


def evaluate(cond: dict[str, Any], facts: Facts) -> Truth:
    """Kleene logic over the condition tree."""
    from bot.triage.model import age_band  # local: avoids a cycle at import

    if "all" in cond:
        parts = [evaluate(c, facts) for c in cond["all"]]
        if any(p.value is False for p in parts):
            return FALSE
        if all(p.value is True for p in parts):
            return TRUE
        return Truth(None, any(p.pending for p in parts if p.value is None))
    if "any" in cond:
        parts = [evaluate(c, facts) for c in cond["any"]]
        if any(p.value is True for p in parts):
            return TRUE
        if all(p.value is False for p in parts):
            return FALSE
        return Truth(None, any(p.pending for p in parts if p.value is None))
    if "not" in cond:
        inner = evaluate(cond["not"], facts)
        return inner if inner.value is None else Truth(not inner.value)
    if "age_band" in cond:
        return _age(lambda m: age_band(m) in cond["age_band"], facts)
    if "age_years" in cond:
        return _age(_years(cond["age_years"]), facts)
    if "pregnant" in cond:
        return _pregnant(cond["pregnant"], facts)
    return _question(cond, facts)


def question_ids(cond: dict[str, Any]) -> set[str]:
    """Every question id a condition reads."""
    ids: set[str] = set()
    for key in ("all", "any"):
        for sub in cond.get(key, []):
            ids |= question_ids(sub)
    if "not" in cond:
        ids |= question_ids(cond["not"])
    if "q" in cond:
        ids.add(cond["q"])
    return ids


def reads_subject(cond: dict[str, Any], key: str) -> bool:
    """Whether a condition reads the subject's age ("age") or pregnancy ("pregnant")."""
    if any(reads_subject(sub, key) for k in ("all", "any") for sub in cond.get(k, [])):
        return True
    if "not" in cond and reads_subject(cond["not"], key):
        return True
    return (key == "age" and ("age_band" in cond or "age_years" in cond)) or (key == "pregnant" and "pregnant" in cond)
