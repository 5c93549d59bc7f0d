"""The `handover_request` an action sends when a nurse should take over (docs/handover-protocol.md §1)."""
from __future__ import annotations

from typing import Any, Optional

from bot.triage.dialogue import protocols

QUEUE_LEVELS = ("akut", "samma_dag", "vardcentral", "egenvard")


def build_request(reason: str, last_triage: Optional[dict[str, Any]], state: Optional[dict[str, Any]],
                  subject: Optional[dict[str, Any]], first_message: Optional[str]) -> dict[str, Any]:
    """Everything the nurse needs, from the conversation's slots. Priority samma_dag without a triage."""
    triage = last_triage if isinstance(last_triage, dict) and last_triage.get("urgency") else None
    urgency = triage["urgency"] if triage else None
    priority = urgency if urgency in QUEUE_LEVELS else "samma_dag"
    protocol_id = (state or {}).get("protocol_id") or (triage or {}).get("protocol_id")
    complaint = (triage or {}).get("protocol_title") or _title(protocol_id)
    answers = [{"question_id": qid, "question": a.get("question", qid), "answer": a.get("text", "")}
               for qid, a in ((state or {}).get("answers") or {}).items() if isinstance(a, dict)]
    who = subject or {}
    return {"reason": reason, "priority": "112" if urgency == "112" else priority, "complaint": complaint,
            "first_message": first_message, "triage": triage, "answers": answers,
            "subject": {"who": who.get("who", "self"), "age_band": (triage or {}).get("subject", {}).get("age_band")
                        or "okand", "relation": who.get("relation"), "pregnant": who.get("pregnant")}}


def _title(protocol_id: Optional[str]) -> Optional[str]:
    protocol = protocols().get(protocol_id) if protocol_id else None
    return protocol.title if protocol else None
