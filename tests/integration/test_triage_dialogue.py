"""Triage through the running bot: questions with buttons, free-text answers, result payload, emergencies."""
from __future__ import annotations

import pytest
import yaml

from tests.contract import validate_messages
from tests.integration.servers import ROOT
from tests.support.booking_flow import reassuring_yes_no

CASES = yaml.safe_load((ROOT / "tests" / "data" / "emergency_cases.yml").read_text(encoding="utf-8"))


def triage_of(messages: list[dict]) -> dict | None:
    return next((m["custom"]["triage"] for m in messages if "triage" in (m.get("custom") or {})), None)


def text(messages: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def test_a_sore_throat_is_triaged_with_buttons_and_free_text(say, sender):
    first = say(sender, "har haft ont i halsen i två dagar")
    assert any(m.get("buttons") for m in first) or "gammal" in text(first)
    replies = say(sender, "34")
    for _ in range(12):
        assert "Traceback" not in text(replies)
        validate_messages(replies)
        result = triage_of(replies)
        if result:
            break
        buttons = next((m["buttons"] for m in replies if m.get("buttons")), None)
        mild = reassuring_yes_no(replies)
        answer = mild.lower() if buttons is None else next(b["payload"] for b in buttons if b["title"] == mild)
        if not buttons:
            answer = "två dagar"
        replies = say(sender, answer)
    assert result is not None, "no triage decision"
    assert result["protocol_id"] == "halsont"
    assert result["urgency"] in {"egenvard", "vardcentral"}
    assert result["decided_by"] and all(d["answer"] for d in result["decided_by"])
    assert result["subject"] == {"who": "self", "age_band": "vuxen", "pregnant": None}


def test_writing_for_a_child_changes_pronouns_and_age_band(say, sender):
    replies = say(sender, "min dotter som är 4 har feber")
    assert "hon" in text(replies).lower() or "henne" in text(replies).lower()


@pytest.mark.parametrize("sign_id", sorted(CASES["positives"]))
def test_every_emergency_sign_fires_mid_questionnaire(say, sender, sign_id):
    first = say(sender, "jag har ont i ryggen sedan i går")
    assert triage_of(first) is None and first, "triage did not start"
    phrase = CASES["positives"][sign_id][0]
    replies = say(sender, phrase)
    validate_messages(replies)
    result = triage_of(replies)
    assert result is not None, f"{sign_id}: no emergency answer to {phrase!r}"
    assert result["protocol_id"] == "screen"
    assert result["urgency"] in ("112", "akut")


def test_after_112_every_message_repeats_the_advice_and_asks_nothing(say, sender):
    replies = say(sender, "min pappa har ramlat ihop och andas inte")
    assert triage_of(replies)["urgency"] == "112"
    for follow_up in ("vad ska jag göra", "ja", "hon har ont i magen också"):
        again = say(sender, follow_up)
        assert "Ring 112" in text(again)
        assert not any(m.get("buttons") for m in again), "no questions after 112"
