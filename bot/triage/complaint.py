"""Whether a message names a complaint that a triage protocol knows, whatever else it says.

DIET sometimes takes "hej jag har haft hosta i över en månad nu, den går inte över" for a goodbye ("går
inte över" ~ "ha det bra") and answers "Ta hand om dig!". A message whose words meet a protocol's trigger
phrase is a complaint first: the Rasa adapter (bot/rasa_plugins/complaint_component.py) then sets the
symptom intent in place of small talk.
"""
from __future__ import annotations

from bot.triage import dialogue, matcher

MIN_SCORE = 5.0  # the letters of the trigger's content words that matched: "hosta", "feber" and longer


def names_a_complaint(text: str) -> bool:
    found = matcher.best(text, dialogue.protocols().values())
    return found is not None and found.protocol_id != matcher.GENERAL_PROTOCOL and found.score >= MIN_SCORE
