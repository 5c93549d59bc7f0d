"""Load and check triage protocols. Errors name the file and the field."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from bot.datafiles import read_yaml_object
from bot.schema_check import first_error
from bot.triage.model import Option, Protocol, Question, Rule, rank, schema

PROTOCOL_DIR = Path(__file__).with_name("protocols")


class ProtocolError(ValueError):
    """A protocol file is invalid; the message names file and field."""


def _atoms(cond: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("all", "any"):
        for sub in cond.get(key, []):
            yield from _atoms(sub)
    if "not" in cond:
        yield from _atoms(cond["not"])
    if "q" in cond:
        yield cond


def _check_semantics(data: dict[str, Any], where: str) -> None:
    qids = [q["id"] for q in data["questions"]]
    if len(set(qids)) != len(qids):
        raise ProtocolError(f"{where}: questions: dubbla id:n")
    types = {q["id"]: q for q in data["questions"]}
    conds = [(f"rules/{r['id']}/when", r["when"]) for r in data["rules"]]
    conds += [(f"questions/{q['id']}/ask_if", q["ask_if"]) for q in data["questions"] if "ask_if" in q]
    for field, cond in conds:
        for atom in _atoms(cond):
            question = types.get(atom["q"])
            if question is None:
                raise ProtocolError(f"{where}: {field}: okänd fråga '{atom['q']}'")
            _check_atom(atom, question, f"{where}: {field}")
    for q in data["questions"]:
        for key in ("nej_if_opening", "ja_if_opening"):
            if key in q and q["type"] != "yes_no":
                raise ProtocolError(f"{where}: questions/{q['id']}/{key}: bara för ja/nej-frågor")
        if any("opening_says" in o for o in q.get("options", [])) and q["type"] != "choice":
            raise ProtocolError(f"{where}: questions/{q['id']}/options: opening_says bara för flervalsfrågor")
    for q in data["questions"]:
        if q.get("alarming") == "nej" and q["type"] != "yes_no":
            raise ProtocolError(f"{where}: questions/{q['id']}/alarming: bara för ja/nej-frågor")
    red_flags = {q["id"]: ("ja" if q.get("alarming") == "nej" else "nej") for q in data["questions"] if q.get("red_flag")}
    for rule in data["rules"]:
        if rule["urgency"] == "egenvard":
            _check_self_care_rule(rule, red_flags, where)
    if data["id"] != Path(where).stem:
        raise ProtocolError(f"{where}: id: '{data['id']}' ska vara samma som filnamnet")


def _check_atom(atom: dict[str, Any], question: dict[str, Any], where: str) -> None:
    kind = question["type"]
    if "is" in atom and kind != "yes_no":
        raise ProtocolError(f"{where}: 'is' kräver en ja/nej-fråga ({atom['q']})")
    if "in" in atom:
        values = {o["value"] for o in question.get("options", [])}
        if kind != "choice" or not set(atom["in"]) <= values:
            raise ProtocolError(f"{where}: 'in' har värden som frågan {atom['q']} saknar")
    if any(k in atom for k in ("gte", "gt", "lte", "lt")) and kind not in ("number", "duration"):
        raise ProtocolError(f"{where}: jämförelse kräver tal eller tid ({atom['q']})")


def _check_self_care_rule(rule: dict[str, Any], red_flags: dict[str, str], where: str) -> None:
    """Self-care only when every red-flag question was explicitly answered with its reassuring answer
    ('nej'; 'ja' for a question asked positively, `alarming: nej`)."""
    parts = rule["when"].get("all")
    if parts is None:
        raise ProtocolError(f"{where}: rules/{rule['id']}/when: egenvard kräver 'all:'")
    denied = {p["q"] for p in parts if "q" in p and p.get("is") == red_flags.get(p["q"])}
    missing = sorted(set(red_flags) - denied)
    if missing:
        raise ProtocolError(
            f"{where}: rules/{rule['id']}/when: egenvard kräver 'nej' på varje röd flagga, saknar {missing}"
        )


def parse(data: dict[str, Any], where: str) -> Protocol:
    """Validate one protocol's data and build the model."""
    problem = first_error(schema(), data)
    if problem:
        raise ProtocolError(f"{where}: {problem}")
    _check_semantics(data, where)
    questions = tuple(
        Question(
            id=q["id"], type=q["type"], text=q["text"], red_flag=q.get("red_flag", False),
            ask_if=q.get("ask_if"), alarming=q.get("alarming", "ja"),
            options=tuple(Option(o["value"], o["label"], tuple(o.get("opening_says", ()))) for o in q.get("options", [])),
            min=q.get("min"), max=q.get("max"), unit=q.get("unit"), only_for_other=q.get("only_for_other", False),
            opening_says=tuple(q.get("nej_if_opening", {}).get("says", ())),
            opening_unless=tuple(q.get("nej_if_opening", {}).get("unless", ())),
            opening_yes=tuple(q.get("ja_if_opening", {}).get("says", ())),
            from_subject=q.get("from_subject"),
        )
        for q in data["questions"]
    )
    rules = tuple(sorted((Rule(**r) for r in data["rules"]), key=lambda r: rank(r.urgency)))
    return Protocol(
        id=data["id"], title=data["title"], sources=tuple(data["sources"]),
        triggers=tuple(data["triggers"]), questions=questions, rules=rules,
        default_urgency=data["default_urgency"], self_care=data["self_care"].strip(),
        worsening=data["worsening"].strip(), visit_types=tuple(data["visit_types"]),
        age_bands=tuple(data.get("age_bands", ())), ask_age=data.get("ask_age", True),
        ask_pregnant=data.get("ask_pregnant", False), nurse_assess=data.get("nurse_assess", False),
        advice=data.get("advice", {}), named_conditions=tuple(data.get("named_conditions", ())),
        yields_to_pain=data.get("yields_to_pain", False),
    )


def load_file(path: Path) -> Protocol:
    return parse(read_yaml_object(path, ProtocolError), path.name)


@lru_cache(maxsize=4)
def load_all(directory: Path = PROTOCOL_DIR) -> dict[str, Protocol]:
    """All protocols, validated. Raises ProtocolError on the first bad file."""
    return {p.id: p for p in (load_file(f) for f in sorted(directory.glob("*.yml")))}
