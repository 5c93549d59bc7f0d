"""Play a protocol with scripted answers: build answers that satisfy a rule, run the engine."""
from __future__ import annotations

from typing import Any, Optional

from bot.triage.engine import Ask, Decision, TriageState, answer, ask, next_step
from bot.triage.model import Protocol, age_band, schema
from bot.triage.subject import Subject

_BANDS = schema()["$defs"]["age_band"]["x-bands"]


def satisfy(cond: dict[str, Any], out: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """One assignment that makes `cond` true (first branch of every `any`)."""
    out = {} if out is None else out
    if "all" in cond:
        for sub in cond["all"]:
            satisfy(sub, out)
    elif "any" in cond:
        satisfy(cond["any"][0], out)
    elif "not" in cond:
        inner = cond["not"]
        if "q" in inner and "is" in inner:
            out[inner["q"]] = "nej" if inner["is"] == "ja" else "ja"
        elif "q" in inner and ("lt" in inner or "lte" in inner):
            out[inner["q"]] = float(inner.get("lt", inner.get("lte", 0))) + 0.5
        elif "q" in inner and ("gte" in inner or "gt" in inner):
            out[inner["q"]] = max(float(inner.get("gte", inner.get("gt", 0))) - 0.5, 0.0)
    elif "age_band" in cond:
        out["_age_months"] = max(_BANDS[cond["age_band"][0]]["min_months"], 1) if cond["age_band"][0] != "okand" else None
    elif "age_years" in cond:
        spec = cond["age_years"]
        years = spec.get("gte", spec.get("gt", 0) + 1) if ("gte" in spec or "gt" in spec) else max(spec.get("lt", 1) - 1, 0.2)
        out["_age_months"] = int(years * 12) + (1 if "gt" in spec else 0)
    elif "pregnant" in cond:
        out["_pregnant"] = cond["pregnant"]
    else:
        out[cond["q"]] = _value(cond)
    return out


def satisfy_rule(protocol: Protocol, cond: dict[str, Any]) -> dict[str, Any]:
    """Like satisfy, plus answers that open the ask_if gates of the questions it needs."""
    wanted = satisfy(cond)
    for _ in range(5):
        for qid in [k for k in wanted if not k.startswith("_")]:
            question = protocol.question(qid)
            if question is not None and question.ask_if is not None:
                for key, value in satisfy(question.ask_if).items():
                    wanted.setdefault(key, value)
    return wanted


def _value(atom: dict[str, Any]) -> Any:
    if "is" in atom:
        return atom["is"]
    if "in" in atom:
        return ("choice", atom["in"][0])
    if "gte" in atom:
        return float(atom["gte"])
    if "gt" in atom:
        return float(atom["gt"]) + 0.5
    if "lte" in atom:
        return float(atom["lte"])
    return max(float(atom["lt"]) - 0.5, 0.0) if atom["lt"] > 1 else float(atom["lt"]) / 2


def text_for(protocol: Protocol, qid: str, value: Any, kind: str) -> str:
    if isinstance(value, tuple):
        question = protocol.question(qid)
        return next(o.label for o in question.options if o.value == value[1])
    if kind == "duration":
        return f"{value} timmar"
    if kind == "age":
        return f"{int(value)} månader"
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def neutral(protocol: Protocol, ask_step: Ask) -> str:
    q = ask_step.question
    if q.type == "yes_no":
        return q.reassuring  # "ja" to a question asked positively ("Kan du gapa och svälja som vanligt?")
    if q.type == "choice":
        return q.options[-1].label
    if q.type == "duration":
        return "2 timmar"
    if q.type == "age":
        return "40 år"
    return str(q.min if q.min is not None else 0).replace(".", ",")


def play(protocol: Protocol, wanted: dict[str, Any], default: Optional[str] = None,
         subject: Optional[Subject] = None) -> tuple[Decision, int]:
    months = wanted.get("_age_months", 40 * 12)
    about_other = any((q := protocol.question(k)) is not None and q.only_for_other for k in wanted)
    pronoun = "hon" if wanted.get("_pregnant") else ("hen" if about_other else "du")
    subject = subject or Subject(who="other" if pronoun != "du" else "self", pronoun=pronoun, age_months=months,
                                 pregnant=wanted.get("_pregnant"))
    state = TriageState(protocol.id, subject)
    for count in range(40):
        step = next_step(protocol, state)
        if isinstance(step, Decision):
            return step, count
        state = ask(state, step)
        qid = step.question.id
        if qid in wanted:
            reply = text_for(protocol, qid, wanted[qid], step.question.type)
        else:
            reply = default or neutral(protocol, step)
        state, _ = answer(protocol, state, reply)
    raise AssertionError(f"{protocol.id}: no decision after 40 answers")


__all__ = ["age_band", "play", "satisfy", "satisfy_rule"]
