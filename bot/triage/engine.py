"""The triage engine: answers so far → the next question, or a decision with its reasons.

Plain Python, no Rasa. The state is a JSON-friendly dict so it can live in a Rasa slot.
Most urgent applicable rule wins; a decision is always reached (the protocol's default otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Optional

from bot.triage.answers import DONT_KNOW, parse_answer
from bot.triage.conditions import (
    NOT_ASKED,
    SKIPPED,
    SKIPPED_POSITIVE_RED_FLAG,
    SKIPPED_RED_FLAG,
    Facts,
    evaluate,
    question_ids,
    reads_subject,
)
from bot.triage.model import URGENCY_ORDER, Protocol, Question, Rule, rank
from bot.triage.subject import Subject, correct_subject, parse_age_months, render

AGE_QUESTION = Question(id="alder", type="age", text="Hur gammal är {du}? Skriv till exempel 45 år eller 2 månader.")
PREGNANT_QUESTION = Question(id="gravid", type="yes_no", text="Är {du} gravid?")
MAX_RETRIES = 1


@dataclass
class TriageState:
    protocol_id: str
    subject: Subject = field(default_factory=Subject)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: Optional[str] = None
    retries: int = 0
    offer_nurse: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"protocol_id": self.protocol_id, "subject": self.subject.to_dict(), "answers": self.answers,
                "pending": self.pending, "retries": self.retries, "offer_nurse": self.offer_nurse}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TriageState:
        return cls(protocol_id=data["protocol_id"], subject=Subject.from_dict(data.get("subject")),
                   answers=dict(data.get("answers", {})), pending=data.get("pending"),
                   retries=data.get("retries", 0), offer_nurse=data.get("offer_nurse", False))


@dataclass(frozen=True)
class Ask:
    question: Question
    text: str  # rendered for the subject
    retry: bool = False


@dataclass(frozen=True)
class Decision:
    urgency: str
    rule_id: str
    reason: str
    decided_by: list[dict[str, str]]
    nurse: bool = False


def _may_be_pregnant(subject: Subject) -> bool:
    if subject.pronoun == "han" or subject.sex == "m":
        return False
    return subject.age_months is None or 144 <= subject.age_months < 720


def _facts(protocol: Protocol, state: TriageState) -> Facts:
    answers = state.answers

    def lookup(qid: str) -> Any:
        if qid in answers:
            return answers[qid]["value"]
        question = protocol.question(qid)
        if question is not None and question.ask_if is not None:
            if evaluate(question.ask_if, _facts(protocol, state)).value is False:
                if not question.red_flag:
                    return SKIPPED
                return SKIPPED_POSITIVE_RED_FLAG if question.alarming == "nej" else SKIPPED_RED_FLAG
        return NOT_ASKED

    subject = state.subject
    age_state = "known" if subject.age_months is not None else (
        "unknown" if "alder" in answers or not protocol.ask_age else "pending")
    if subject.pregnant is not None:
        preg_state = "known"
    elif not _may_be_pregnant(subject):
        preg_state = "not_applicable"
    elif "gravid" in answers or not protocol.ask_pregnant:
        preg_state = "unknown" if "gravid" in answers else "not_applicable"
    else:
        preg_state = "pending"
    return Facts(lookup, subject.age_months, age_state, subject.pregnant, preg_state)


def _demoted(urgency: str) -> str:
    """A rule met only through "vet inte" answers counts one level lower (never below samma_dag)."""
    return URGENCY_ORDER[min(rank(urgency) + 1, rank("samma_dag"))] if urgency != "samma_dag" else urgency


def _classify(protocol: Protocol, state: TriageState) -> tuple[list[tuple[str, Rule, bool]], list[Rule]]:
    """Rules that certainly apply (with the level they give, and whether via unknowns) and rules still open."""
    facts = _facts(protocol, state)
    certain: list[tuple[str, Rule, bool]] = []
    pending: list[Rule] = []
    for rule in protocol.rules:
        truth = evaluate(rule.when, facts)
        if truth.value is True:
            certain.append((rule.urgency, rule, False))
        elif truth.value is None and truth.pending:
            pending.append(rule)
        elif truth.value is None and rank(rule.urgency) < rank(protocol.default_urgency):
            level = _demoted(rule.urgency)
            if rank(level) < rank(protocol.default_urgency):
                certain.append((level, rule, True))
    return certain, pending


def _try_decide(protocol: Protocol, state: TriageState) -> tuple[Optional[Decision], set[str]]:
    """A decision when no further answer can change it; otherwise the question ids still relevant.

    Most urgent wins: decide once a rule certainly applies and no more urgent rule is still open.
    """
    certain, pending = _classify(protocol, state)
    best = min(certain, key=lambda c: rank(c[0]), default=None)
    best_rank = rank(best[0]) if best else len(URGENCY_ORDER)
    open_rules = [r for r in pending if rank(r.urgency) < best_rank]
    if not open_rules:
        if best is None:
            return _default(protocol, state), set()
        return _decision(protocol, state, best[1], best[0], best[2]), set()
    relevant: set[str] = set()
    for rule in open_rules:
        relevant |= question_ids(rule.when)
        relevant |= {"alder"} if reads_subject(rule.when, "age") else set()
        relevant |= {"gravid"} if reads_subject(rule.when, "pregnant") else set()
    return None, relevant


def _answer_entries(protocol: Protocol, state: TriageState, qids: list[str]) -> list[dict[str, str]]:
    entries = []
    for qid in qids:
        answer = state.answers.get(qid)
        if answer is not None:
            entries.append({"question_id": qid, "question": answer["question"], "answer": answer["text"]})
    return entries


def _decision(protocol: Protocol, state: TriageState, rule: Rule, urgency: Optional[str] = None,
              via_unknown: bool = False) -> Decision:
    qids = [q.id for q in protocol.questions if q.id in question_ids(rule.when)]
    if reads_subject(rule.when, "age"):
        qids.insert(0, "alder")
    if reads_subject(rule.when, "pregnant"):
        qids.insert(0, "gravid")
    reason = render(rule.reason, state.subject)
    if via_unknown:
        reason += " Eftersom ett svar var osäkert väljer jag det säkra före det osäkra."
    return Decision(urgency or rule.urgency, rule.id, reason, _answer_entries(protocol, state, qids),
                    rule.nurse or protocol.nurse_assess or via_unknown)


def _default(protocol: Protocol, state: TriageState) -> Decision:
    from bot.triage.result import level_text

    return Decision(protocol.default_urgency, "default", level_text(protocol.default_urgency, "default_reason"),
                    _answer_entries(protocol, state, list(state.answers)), protocol.nurse_assess)


def _needs_subject(protocol: Protocol, state: TriageState) -> Optional[Question]:
    if protocol.ask_age and state.subject.age_months is None and "alder" not in state.answers:
        return AGE_QUESTION
    facts = _facts(protocol, state)
    if facts.pregnant_state == "pending":
        return PREGNANT_QUESTION
    return None


SELF_EVIDENT = "(skriver själv: vaken och kontaktbar)"


def _self_evident(protocol: Protocol, state: TriageState) -> TriageState:
    """What needs no asking: someone writing about themselves is awake and in contact (questions
    only_for_other count as 'nej'), and a pregnancy week already given answers a `from_subject` question."""
    week = state.subject.pregnancy_week
    for question in protocol.questions:
        if question.id in state.answers:
            continue
        if question.only_for_other and state.subject.who == "self":
            state = record(state, question, "nej", SELF_EVIDENT)
        elif question.from_subject == "pregnancy_week" and week is not None:
            state = record(state, question, float(week), f"vecka {week}")
    return state


FROM_OPENING = "(framgår av första meddelandet)"


def answered_by_opening(protocol: Protocol, state: TriageState, text: str) -> TriageState:
    """Questions the first message already answers.

    "nej" (nej_if_opening): "trampade snett" is no traffic accident; any `unless` phrase keeps the question.
    "ja" (ja_if_opening): "blåsor i pannan" already is the red flag asked about; it wins over a "nej".
    A choice (options' opening_says): "hittade en fästing" tells which kind of bite, when no other option's
    phrase is there too. Matched like triggers (tolerant of typos and inflection).
    """
    from bot.triage.matcher import citizen_words, phrase_in

    tokens = citizen_words(text)
    for question in protocol.questions:
        if question.id in state.answers:
            continue
        if question.opening_yes and any(phrase_in(p, tokens) for p in question.opening_yes):
            state = record(state, question, "ja", FROM_OPENING)
        elif question.opening_says and any(phrase_in(p, tokens) for p in question.opening_says) and not any(
            phrase_in(p, tokens) for p in question.opening_unless
        ):
            state = record(state, question, "nej", FROM_OPENING)
        elif question.type == "choice":
            said = [o for o in question.options if any(phrase_in(p, tokens) for p in o.opening_says)]
            if len(said) == 1:
                state = record(state, question, said[0].value, FROM_OPENING)
    return state


def next_step(protocol: Protocol, state: TriageState) -> Ask | Decision:
    """The next question to ask, or the decision."""
    state = _self_evident(protocol, state)
    builtin = _needs_subject(protocol, state)
    if builtin is not None:
        return Ask(builtin, render(builtin.text, state.subject))
    decision, relevant = _try_decide(protocol, state)
    if decision is not None:
        return decision
    relevant = _with_dependencies(protocol, relevant)
    facts = _facts(protocol, state)
    for question in protocol.questions:
        if question.id in state.answers or question.id not in relevant:
            continue
        if question.ask_if is not None:
            gate = evaluate(question.ask_if, facts)
            if gate.value is False or (gate.value is None and gate.pending):
                continue  # skipped, or its gate question comes first
        return Ask(question, render(question.text, state.subject))
    return _final(protocol, state)


def _with_dependencies(protocol: Protocol, relevant: set[str]) -> set[str]:
    """Add the questions that gate relevant questions (ask_if), transitively."""
    result = set(relevant)
    while True:
        extra = set()
        for qid in result:
            question = protocol.question(qid)
            if question is not None and question.ask_if is not None:
                extra |= question_ids(question.ask_if)
        if extra <= result:
            return result
        result |= extra


def _final(protocol: Protocol, state: TriageState) -> Decision:
    """No relevant question is left: decide on what is known (unknowns count toward the urgent side)."""
    certain, _ = _classify(protocol, state)
    best = min(certain, key=lambda c: rank(c[0]), default=None)
    if best is None:
        return _default(protocol, state)
    return _decision(protocol, state, best[1], best[0], best[2])


def current_question(protocol: Protocol, state: TriageState) -> Optional[Question]:
    if state.pending in (None,):
        return None
    return {"alder": AGE_QUESTION, "gravid": PREGNANT_QUESTION}.get(state.pending) or protocol.question(state.pending)


def record(state: TriageState, question: Question, value: Any, text: str) -> TriageState:
    answers = dict(state.answers)
    answers[question.id] = {"value": value, "text": text.strip()[:300], "question": render(question.text, state.subject)}
    subject = state.subject
    if question.id == "alder" and value != DONT_KNOW:
        subject = replace(subject, age_months=int(value))
    if question.id == "gravid" and value in ("ja", "nej"):
        subject = replace(subject, pregnant=value == "ja")
    return replace(state, answers=answers, subject=subject, pending=None, retries=0,
                   offer_nurse=state.offer_nurse or value == DONT_KNOW)


def answer(protocol: Protocol, state: TriageState, text: str, now: Optional[datetime] = None) -> tuple[TriageState, bool]:
    """Apply the citizen's answer to the pending question.

    Returns the new state and whether the answer was understood. An unreadable answer is re-asked once;
    the second time it is recorded as "vet inte" (counted toward the more urgent side, nurse offered).
    """
    question = current_question(protocol, state)
    if question is None or question.type in ("yes_no", "choice"):
        state = replace(state, subject=correct_subject(text, state.subject))
    if question is None:
        return state, True
    value: Any
    if question.type == "age":
        months = parse_age_months(text)
        value = months if months is not None else (DONT_KNOW if parse_answer(PREGNANT_QUESTION, text) == DONT_KNOW else None)
    else:
        value = parse_answer(question, text, now)
    if value is None:
        if state.retries < MAX_RETRIES:
            return replace(state, retries=state.retries + 1), False
        value = DONT_KNOW
    return record(state, question, value, text), True


def ask(state: TriageState, step: Ask) -> TriageState:
    """Remember which question is being asked."""
    same = state.pending == step.question.id
    return replace(state, pending=step.question.id, retries=state.retries if same else 0)
