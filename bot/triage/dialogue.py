"""The triage conversation in plain Python: what the bot says at each step.

Rasa actions (actions/triage.py) are thin adapters over these functions; the voice line can use
the same messages (buttons are read out as options).
"""
from __future__ import annotations

from typing import Any, Optional

from bot.emergency.screen import ScreenResult
from bot.handover.offer import offer_after_result
from bot.messages import BotMessage
from bot.triage import matcher
from bot.triage.engine import Ask, Decision, TriageState, answered_by_opening, next_step
from bot.triage.loader import load_all
from bot.triage.model import Protocol, Question
from bot.triage.result import CLOSING, message_text, payload
from bot.triage.subject import Subject, parse_subject  # noqa: F401  (re-exported for channels)

DONT_KNOW_LABEL = "Vet inte"
_HINTS = {
    "yes_no": "Svara ja, nej eller vet inte.",
    "number": "Skriv en siffra, till exempel 38,5 eller 7.",
    "duration": "Skriv till exempel \"2 timmar\", \"3 dagar\" eller \"sedan i måndags\".",
    "choice": "Välj ett av alternativen, eller skriv vet inte.",
    "age": "Skriv åldern, till exempel 45 år eller 2 månader.",
}


def protocols() -> dict[str, Protocol]:
    return load_all()


def choose_protocol(text: str, subject: Subject, allow_general: bool) -> Optional[Protocol]:
    """The protocol for a complaint; the general one when allowed and nothing else matches."""
    found = matcher.best(text, protocols().values(), subject.age_band)
    if found is not None:
        return protocols()[found.protocol_id]
    return protocols().get(matcher.GENERAL_PROTOCOL) if allow_general else None


def start(text: str, known: Optional[Subject], allow_general: bool) -> Optional[TriageState]:
    subject = parse_subject(text, known)
    protocol = choose_protocol(text, subject, allow_general)
    if protocol is None:
        return None
    return answered_by_opening(protocol, TriageState(protocol.id, subject), text)


def intro(protocol: Protocol, subject: Subject) -> BotMessage:
    about = "dig" if subject.who == "self" else "den du skriver för"
    return BotMessage(
        f"Jag ställer några frågor om {protocol.title.lower()} för att förstå hur bråttom det är för {about}. "
        "Du kan alltid svara \"vet inte\". Vid livshotande tillstånd, ring 112."
    )


def _buttons(question: Question) -> list[dict[str, str]]:
    if question.type == "yes_no":
        labels = ["Ja", "Nej", DONT_KNOW_LABEL]
    elif question.type == "choice":
        labels = [o.label for o in question.options] + [DONT_KNOW_LABEL]
    else:
        return []
    return [{"title": label, "payload": label} for label in labels]


def question_message(step: Ask, retry: bool) -> BotMessage:
    text = step.text
    if retry:
        text = f"Jag förstod inte riktigt svaret. {_HINTS.get(step.question.type, '')} {step.text}"
    return BotMessage(text, _buttons(step.question), _answer_meta(step.question))


def _answer_meta(question: Question) -> dict[str, Any] | None:
    """For a question asked positively ("Dricker barnet som vanligt?") the channels must know that "nej" is the
    alarming answer: the phone line asks again or counts an unsure answer as that one (voice/handler.py)."""
    if question.alarming == "nej":
        return {"question": {"id": question.id, "alarming": "nej"}}
    return None


def step(state: TriageState) -> Ask | Decision:
    return next_step(protocols()[state.protocol_id], state)


def result_messages(state: TriageState, decision: Decision) -> list[BotMessage]:
    protocol = protocols()[state.protocol_id]
    body = payload(protocol, decision, state.subject)
    messages = [BotMessage(message_text(protocol, decision), custom={"triage": body})]
    offer = offer_after_result(decision.urgency, state.offer_nurse or decision.nurse)
    if offer is not None:
        messages.append(offer)
    return messages


def screen_messages(result: ScreenResult, text: str, subject: Subject) -> list[BotMessage]:
    """The emergency screen decided: the triage payload with protocol 'screen' and clear advice."""
    decision = Decision(
        urgency=result.level, rule_id=f"screen:{result.sign_id}", reason=result.title,
        decided_by=[{"question_id": f"screen:{result.sign_id}", "question": "Ditt meddelande", "answer": text[:300]}],
    )
    body = payload(None, decision, subject)
    body["advice"] = result.advice
    body["protocol_title"] = "Akut fara"
    words = result.advice if result.level == "112" else f"{result.advice} {CLOSING}"
    return [BotMessage(words, custom={"triage": body})]


LOCK_REPEAT = (
    "Ring 112 nu om du inte redan har gjort det, och följ det larmoperatören säger. "
    "Om personen är medvetslös men andas: lägg hen i stabilt sidoläge. Lås upp dörren och tänd ljuset "
    "så att ambulansen hittar fram. Ge inget att äta eller dricka. Jag ställer inga fler frågor nu."
)


def payload_of(message: BotMessage) -> dict[str, Any]:
    """The triage payload carried by a result message."""
    return (message.custom or {}).get("triage", {})
