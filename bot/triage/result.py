"""The triage result: the `triage` payload (contract) and the Swedish text that goes with it."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.messages import CLOSING
from bot.triage.engine import Decision
from bot.triage.model import Protocol
from bot.triage.subject import Subject

LEVELS_PATH = Path(__file__).with_name("levels.yml")


@lru_cache(maxsize=1)
def _levels() -> dict[str, dict[str, str]]:
    return yaml.safe_load(LEVELS_PATH.read_text(encoding="utf-8"))


def level_text(urgency: str, key: str) -> str:
    return _levels()[urgency][key]


def advice_for(protocol: Protocol | None, urgency: str) -> str:
    what = level_text(urgency, "what_to_do")
    if protocol is None:
        return what
    own = protocol.advice.get(urgency)
    if own:
        return f"{what} {own}"
    if urgency in ("egenvard", "vardcentral", "samma_dag"):
        return f"{what} {protocol.self_care}"
    return what


def payload(protocol: Protocol | None, decision: Decision, subject: Subject,
            worsening: str | None = None) -> dict[str, Any]:
    """The `triage` custom payload as in shared/contract/payloads.schema.json."""
    data: dict[str, Any] = {
        "urgency": decision.urgency,
        "protocol_id": protocol.id if protocol else "screen",
        "reason_text": decision.reason,
        "decided_by": decision.decided_by,
        "advice": advice_for(protocol, decision.urgency),
        "worsening_advice": worsening or (protocol.worsening if protocol else CLOSING),
        "subject": subject.payload(),
    }
    if protocol is not None:
        data["protocol_title"] = protocol.title
        data["sources"] = [s["url"] for s in protocol.sources]
    return data


def message_text(protocol: Protocol | None, decision: Decision) -> str:
    """One clear Swedish message: what to do, when and why."""
    label = level_text(decision.urgency, "label")
    why = f"Varför: {decision.reason}"
    if decision.urgency == "112":
        return f"{level_text('112', 'what_to_do')} {why}"
    advice = advice_for(protocol, decision.urgency)
    worse = protocol.worsening if protocol else CLOSING
    return f"{label}. {advice}\n{why}\nSök vård igen om det blir värre: {worse}"
