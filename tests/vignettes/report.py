"""Vignette suite report: exact match, 5×5 confusion matrix, over- and under-triage per level."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from tests.vignettes.simulator import LEVELS, Outcome


@dataclass
class Summary:
    total: int
    exact: int
    under: int
    under_more_than_one: int
    missed_112: list[str]
    missed_akut: list[str]
    no_decision: list[str]
    median_questions: float
    free_text_share: float

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total if self.total else 0.0

    @property
    def under_rate(self) -> float:
        return self.under / self.total if self.total else 0.0


def _rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def summarise(outcomes: list[Outcome]) -> Summary:
    under = [o for o in outcomes if _rank(o.urgency) > _rank(o.vignette.expected)]
    turns = sum(o.free_text_turns + o.button_turns for o in outcomes) or 1
    return Summary(
        total=len(outcomes),
        exact=sum(o.urgency == o.vignette.expected for o in outcomes),
        under=len(under),
        under_more_than_one=sum(_rank(o.urgency) - _rank(o.vignette.expected) > 1 for o in under),
        missed_112=[o.vignette.id for o in outcomes if o.vignette.expected == "112" and o.urgency != "112"],
        missed_akut=[o.vignette.id for o in outcomes if o.vignette.expected == "akut" and o.urgency not in ("112", "akut")],
        no_decision=[o.vignette.id for o in outcomes if o.urgency is None],
        median_questions=statistics.median([o.questions for o in outcomes]) if outcomes else 0,
        free_text_share=sum(o.free_text_turns for o in outcomes) / turns,
    )


def render(title: str, outcomes: list[Outcome], set_hash: str | None = None) -> str:
    s = summarise(outcomes)
    lines = [f"== {title}: {s.total} vignettes" + (f" (frozen, sha256 {set_hash})" if set_hash else "")]
    lines.append(f"exact match {s.exact}/{s.total} = {s.exact_rate:.0%}; under-triage {s.under} = {s.under_rate:.0%} "
                 f"(>1 level: {s.under_more_than_one}); emergencies caught: 112 missed {s.missed_112 or 'none'}, "
                 f"akut missed {s.missed_akut or 'none'}; no decision {s.no_decision or 'none'}")
    lines.append(f"median bot questions {s.median_questions}; free-text share of patient turns {s.free_text_share:.0%}")
    header = "expected \\ got".ljust(16) + "".join(level.rjust(12) for level in (*LEVELS, "ingen"))
    lines.append(header)
    for expected in LEVELS:
        row = [o for o in outcomes if o.vignette.expected == expected]
        counts = [sum(o.urgency == got for o in row) for got in LEVELS] + [sum(o.urgency is None for o in row)]
        lines.append(expected.ljust(16) + "".join(str(c).rjust(12) for c in counts))
    for level in LEVELS:
        row = [o for o in outcomes if o.vignette.expected == level]
        over = sum(_rank(o.urgency) < _rank(level) for o in row)
        lines.append(f"over-triage {level}: {over}/{len(row)}")
    wrong = [o for o in outcomes if o.urgency != o.vignette.expected]
    for o in wrong:
        lines.append(f"  {o.vignette.id}: expected {o.vignette.expected}, got {o.urgency}")
    return "\n".join(lines)
