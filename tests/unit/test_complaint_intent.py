"""Small talk that names a known complaint becomes a symptom report (the Rasa component and its function)."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.complaint_component import ComplaintComponent
from bot.triage.complaint import names_a_complaint


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("hej jag har haft hosta i over en manad nu, den gar inte over", True),
        ("tack, jag har feber sen igår", True),
        ("hej", False), ("tack så mycket", False), ("ha det bra", False), ("jag mår lite dåligt", False),
    ],
)
def test_names_a_complaint(text, complaint):
    assert names_a_complaint(text) is complaint


def intent_after(text: str, predicted: str) -> str:
    message = Message(data={"text": text, "intent": {"name": predicted, "confidence": 0.7}})
    ComplaintComponent().process([message])
    return message.get("intent")["name"]


def test_small_talk_naming_a_complaint_becomes_a_symptom_report():
    assert intent_after("hej jag har haft hosta i över en månad nu, den går inte över", "goodbye") == "symptom_report"
    assert intent_after("hej jag har haft hosta i över en månad", "nlu_fallback") == "symptom_report"
    assert intent_after("ha det bra", "goodbye") == "goodbye"
    assert intent_after("nej jag har ingen hosta", "deny") == "deny"  # answers keep their intent
