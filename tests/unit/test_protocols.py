"""Table-driven checks of every protocol's rules, generated from the protocol data itself."""
from __future__ import annotations

import pytest

from bot.triage import matcher
from bot.triage.engine import _demoted
from bot.triage.loader import load_all
from bot.triage.model import URGENCY_ORDER, rank
from bot.triage.subject import Subject
from tests.unit.protocol_oracle import play, satisfy_rule

PROTOCOLS = load_all()
RULES = [(p.id, r.id) for p in PROTOCOLS.values() for r in p.rules]
REQUIRED = {
    "brostsmarta", "andningsbesvar", "hosta", "forkylning", "halsont", "feber_vuxen", "feber_barn", "oronvark",
    "bihalor", "huvudvark", "yrsel", "svimning", "stroke_domningar", "buksmarta", "krakning_diarre",
    "urinvagsbesvar", "ryggsmarta", "ledsmarta", "stukning_skada", "sar_blodning", "brannskada", "huvudskada",
    "utslag_hud", "allergisk_reaktion", "insektsstick_fastingbett", "ogonbesvar", "tandvark", "graviditetsbesvar",
    "angest_nedstamdhet", "sjalvmordstankar", "somnproblem", "forgiftning", "diabetes_blodsocker",
    "hjartklappning", "blod_urin_avforing", "testikelsmarta", "mar_dalig_annat",
}


def test_every_required_contact_reason_has_a_protocol():
    assert len(PROTOCOLS) >= 35
    assert REQUIRED <= set(PROTOCOLS), sorted(REQUIRED - set(PROTOCOLS))


@pytest.mark.parametrize("protocol_id, rule_id", RULES, ids=[f"{p}:{r}" for p, r in RULES])
def test_each_rule_is_reachable_and_never_undercut(protocol_id, rule_id):
    """Answers that satisfy a rule give at least that rule's urgency."""
    protocol = PROTOCOLS[protocol_id]
    rule = next(r for r in protocol.rules if r.id == rule_id)
    decision, _ = play(protocol, satisfy_rule(protocol, rule.when))
    assert rank(decision.urgency) <= rank(rule.urgency), f"{decision.urgency} ({decision.rule_id}) < {rule.urgency}"


POSITIVE = [(p.id, q.id) for p in PROTOCOLS.values() for q in p.questions if q.type == "yes_no" and q.alarming == "nej"]


@pytest.mark.parametrize("protocol_id, question_id", POSITIVE, ids=[f"{p}:{q}" for p, q in POSITIVE])
def test_a_question_asked_positively_alarms_on_nej(protocol_id, question_id):
    """"Kissar barnet som vanligt?" — "nej" is the alarming answer: with every other answer reassuring, "nej"
    gives a more urgent level than "ja", and never self-care."""
    protocol = PROTOCOLS[protocol_id]
    question = protocol.question(question_id)
    gates = satisfy_rule(protocol, {"q": question_id, "is": "nej"})
    alarmed, _ = play(protocol, gates)
    reassured, _ = play(protocol, {**gates, question_id: "ja"})
    assert alarmed.urgency != "egenvard", f"{question.text}: 'nej' gave {alarmed.urgency} ({alarmed.rule_id})"
    assert rank(alarmed.urgency) < rank(reassured.urgency), (
        f"{question.text}: 'nej' {alarmed.urgency} ({alarmed.rule_id}), 'ja' {reassured.urgency} ({reassured.rule_id})"
    )


@pytest.mark.parametrize("protocol_id", sorted(PROTOCOLS))
def test_not_knowing_anything_triages_up(protocol_id):
    """All answers "vet inte": every red flag unknown → the most urgent level unknowns can give
    (one level below the rule's own, see docs/protocol-format.md), and a nurse is offered."""
    protocol = PROTOCOLS[protocol_id]
    above = [_demoted(r.urgency) for r in protocol.rules if rank(r.urgency) < rank(protocol.default_urgency)]
    above = [level for level in above if rank(level) < rank(protocol.default_urgency)]
    expected = min(above, key=rank) if above else protocol.default_urgency
    decision, _ = play(protocol, {}, default="vet inte", subject=Subject(age_months=40 * 12))
    assert decision.urgency == expected


@pytest.mark.parametrize("protocol_id", sorted(PROTOCOLS))
def test_triggers_lead_to_their_own_protocol(protocol_id):
    protocol = PROTOCOLS[protocol_id]
    band = protocol.age_bands[0] if protocol.age_bands else "okand"
    hits = sum(
        (found := matcher.best(t, PROTOCOLS.values(), band)) is not None and found.protocol_id == protocol_id
        for t in protocol.triggers
    )
    assert hits / len(protocol.triggers) >= 0.7, f"only {hits}/{len(protocol.triggers)} triggers pick {protocol_id}"


@pytest.mark.parametrize(
    "months, temperature, expected",
    [(1, "38,2", {"akut", "112"}), (2, "38,0", {"akut", "112"}), (4, "39,1", {"samma_dag", "akut", "112"})],
)
def test_fever_in_infants(months, temperature, expected):
    decision, _ = _fever_play(PROTOCOLS["feber_barn"], months, temperature)
    assert decision.urgency in expected


def _fever_play(protocol, months, temperature):
    numbers = {q.id: temperature for q in protocol.questions if q.type == "number" and (q.unit or "").startswith("°")}
    yes = {q.id: "ja" for q in protocol.questions if q.type == "yes_no" and "feber" in q.id}
    return play(protocol, {**numbers, **yes, "_age_months": months},
                subject=Subject(who="other", pronoun="barnet", age_months=months))


def test_urgency_order_is_the_contract():
    assert URGENCY_ORDER == ("112", "akut", "samma_dag", "vardcentral", "egenvard")
