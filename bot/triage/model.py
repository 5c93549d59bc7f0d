"""The protocol model: frozen dataclasses built from the validated YAML."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("protocol.schema.json")

URGENCY_ORDER = ("112", "akut", "samma_dag", "vardcentral", "egenvard")
"""Most urgent first."""


def rank(urgency: str) -> int:
    """0 for 112 … 4 for egenvard: lower is more urgent."""
    return URGENCY_ORDER.index(urgency)


def more_urgent(a: str, b: str) -> str:
    return a if rank(a) <= rank(b) else b


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _bands() -> tuple[tuple[str, int, int | None], ...]:
    bands = schema()["$defs"]["age_band"]["x-bands"]
    return tuple((name, b["min_months"], b["max_months"]) for name, b in bands.items())


def age_band(age_months: int | None) -> str:
    """The age band for an age in months, from the one definition in the protocol schema."""
    if age_months is None:
        return "okand"
    for name, low, high in _bands():
        if age_months >= low and (high is None or age_months < high):
            return name
    return "okand"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    opening_says: tuple[str, ...] = ()  # taken from the first message when only this option's phrase is there


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # yes_no | choice | number | duration
    text: str
    red_flag: bool = False
    ask_if: dict[str, Any] | None = None
    alarming: str = "ja"  # the red-flag answer; "nej" for a question asked positively ("Dricker hon som vanligt?")
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    only_for_other: bool = False
    opening_says: tuple[str, ...] = ()  # nej_if_opening.says
    opening_unless: tuple[str, ...] = ()  # nej_if_opening.unless
    opening_yes: tuple[str, ...] = ()  # ja_if_opening.says
    from_subject: str | None = None  # "pregnancy_week": answered from the subject when known

    @property
    def reassuring(self) -> str:
        """The answer that rules the red flag out."""
        return "ja" if self.alarming == "nej" else "nej"


@dataclass(frozen=True)
class Rule:
    id: str
    urgency: str
    when: dict[str, Any]
    reason: str
    nurse: bool = False


@dataclass(frozen=True)
class Protocol:
    id: str
    title: str
    sources: tuple[dict[str, str], ...]
    triggers: tuple[str, ...]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    default_urgency: str
    self_care: str
    worsening: str
    visit_types: tuple[str, ...]
    age_bands: tuple[str, ...] = ()
    ask_age: bool = True
    ask_pregnant: bool = False
    nurse_assess: bool = False
    advice: dict[str, str] = field(default_factory=dict)
    named_conditions: tuple[str, ...] = ()  # phrases naming the condition itself ("uvi"); outweigh symptoms
    yields_to_pain: bool = False  # a consequence of other complaints (sleep): a named pain elsewhere goes first

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)
