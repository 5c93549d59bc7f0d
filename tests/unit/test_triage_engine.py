"""The triage engine on a small fixture protocol: rules, three-valued logic, early stop, retries."""
from __future__ import annotations

import random

import pytest

from bot.triage.answers import DONT_KNOW
from bot.triage.engine import Ask, Decision, TriageState, answer, ask, next_step
from bot.triage.loader import ProtocolError, parse
from bot.triage.subject import Subject


def fixture_data() -> dict:
    return {
        "id": "fixture", "title": "Testprotokoll", "version": 1,
        "sources": [{"title": "1177", "url": "https://www.1177.se/"}],
        "triggers": ["ont i testet", "testont", "testbesvär"],
        "visit_types": ["fysiskt"],
        "questions": [
            {"id": "andnod", "type": "yes_no", "text": "Har {du} svårt att andas?", "red_flag": True},
            {"id": "feber", "type": "yes_no", "text": "Har {du} feber?", "red_flag": True},
            {"id": "grader", "type": "number", "text": "Hur hög?", "min": 34, "max": 43, "ask_if": {"q": "feber", "is": "ja"}},
            {"id": "tid", "type": "duration", "text": "Hur länge?"},
        ],
        "rules": [
            {"id": "andning", "urgency": "112", "when": {"q": "andnod", "is": "ja"}, "reason": "Andnöd är farligt."},
            {"id": "spadbarn", "urgency": "akut", "when": {"all": [{"age_band": ["spadbarn"]}, {"q": "feber", "is": "ja"}]}, "reason": "Feber hos spädbarn."},
            {"id": "hog", "urgency": "samma_dag", "when": {"q": "grader", "gte": 39.5}, "reason": "Hög feber."},
            {"id": "lugnt", "urgency": "egenvard", "when": {"all": [{"q": "andnod", "is": "nej"}, {"q": "feber", "is": "nej"}, {"q": "tid", "lt": 72}]}, "reason": "Inga varningstecken."},
        ],
        "default_urgency": "vardcentral",
        "self_care": "Vila och drick mycket.", "worsening": "Sök vård om det blir värre.",
    }


@pytest.fixture()
def protocol():
    return parse(fixture_data(), "fixture.yml")


def run(protocol, replies: list[str], subject: Subject | None = None) -> tuple[Decision, list[str]]:
    state = TriageState(protocol.id, subject or Subject(age_months=40 * 12))
    asked: list[str] = []
    replies = list(replies)
    for _ in range(20):
        step = next_step(protocol, state)
        if isinstance(step, Decision):
            return step, asked
        asked.append(step.question.id)
        state = ask(state, step)
        state, _ = answer(protocol, state, replies.pop(0) if replies else "vet inte")
    raise AssertionError("no decision")


@pytest.mark.parametrize(
    "replies, urgency, asked",
    [
        (["ja"], "112", ["andnod"]),
        (["nej", "nej", "2 dagar"], "egenvard", ["andnod", "feber", "tid"]),
        (["nej", "nej", "två veckor"], "vardcentral", ["andnod", "feber", "tid"]),
        (["nej", "ja", "39,8"], "samma_dag", ["andnod", "feber", "grader"]),
        (["nej", "ja", "38,2", "1 dag"], "vardcentral", ["andnod", "feber", "grader"]),
        (["vet inte"], "akut", ["andnod"]),  # unknown 112 red flag → one level lower, still urgent
        (["nej", "vet inte", "vet inte"], "samma_dag", ["andnod", "feber", "grader"]),
    ],
)
def test_rules(protocol, replies, urgency, asked):
    decision, questions = run(protocol, replies)
    assert decision.urgency == urgency
    assert questions == asked


def test_infant_with_fever_is_akut_and_age_decides(protocol):
    decision, _ = run(protocol, ["nej", "ja"], Subject(who="other", pronoun="barnet", age_months=1))
    assert decision.urgency == "akut"
    assert [d["question_id"] for d in decision.decided_by] == ["alder", "feber"] or decision.decided_by[-1]["answer"] == "ja"


def test_age_is_asked_first_when_unknown(protocol):
    state = TriageState(protocol.id, Subject())
    step = next_step(protocol, state)
    assert isinstance(step, Ask) and step.question.id == "alder"


def test_unreadable_answer_is_reasked_once_then_counts_as_dont_know(protocol):
    state = ask(TriageState(protocol.id, Subject(age_months=480)), next_step(protocol, TriageState(protocol.id, Subject(age_months=480))))
    state, understood = answer(protocol, state, "blå banan")
    assert not understood and state.pending == "andnod"
    state, understood = answer(protocol, state, "grön banan")
    assert understood and state.answers["andnod"]["value"] == DONT_KNOW and state.offer_nurse


def test_decision_records_the_answers_as_given(protocol):
    decision, _ = run(protocol, ["Japp, lite"])
    assert decision.decided_by == [{"question_id": "andnod", "question": "Har du svårt att andas?", "answer": "Japp, lite"}]


def test_pronouns_follow_the_subject(protocol):
    state = TriageState(protocol.id, Subject(who="other", pronoun="hon", age_months=48))
    step = next_step(protocol, state)
    assert step.text == "Har hon svårt att andas?"


def test_any_answers_always_reach_a_decision(protocol):
    rng = random.Random(3)
    pool = ["ja", "nej", "vet inte", "39", "3 dagar", "", "asdf", "8"]
    for _ in range(300):
        decision, asked = run(protocol, [rng.choice(pool) for _ in range(12)], Subject(age_months=rng.choice([None, 1, 50, 900])))
        assert decision.urgency in {"112", "akut", "samma_dag", "vardcentral", "egenvard"}


def test_self_care_rule_must_deny_every_red_flag():
    data = fixture_data()
    data["rules"][-1]["when"] = {"all": [{"q": "andnod", "is": "nej"}]}
    with pytest.raises(ProtocolError, match=r"fixture.yml: rules/lugnt/when: .*feber"):
        parse(data, "fixture.yml")


def test_egenvard_default_is_refused_with_file_and_field():
    data = fixture_data()
    data["default_urgency"] = "egenvard"
    with pytest.raises(ProtocolError, match=r"fixture.yml: default_urgency"):
        parse(data, "fixture.yml")


def test_unknown_question_reference_names_the_rule():
    data = fixture_data()
    data["rules"][0]["when"] = {"q": "saknas", "is": "ja"}
    with pytest.raises(ProtocolError, match=r"rules/andning/when: okänd fråga 'saknas'"):
        parse(data, "fixture.yml")


def test_a_duration_answer_never_changes_the_age(protocol):
    decision, _ = run(protocol, ["nej", "nej", "2 dagar"])
    assert decision.urgency == "egenvard"


def test_a_correction_updates_the_age(protocol):
    state = TriageState(protocol.id, Subject(who="other", pronoun="hon", age_months=48))
    state = ask(state, next_step(protocol, state))
    state, _ = answer(protocol, state, "nej förresten, hon är 2 månader")
    assert state.subject.age_months == 2


def test_reflexive_placeholders():
    from bot.triage.subject import render

    assert render("Kan {du} röra {sig}?", Subject()) == "Kan du röra dig?"
    assert render("Kan {du} röra {sig}?", Subject(who="other", pronoun="hon")) == "Kan hon röra sig?"


def test_consciousness_questions_are_not_asked_of_someone_writing_for_themselves():
    data = fixture_data()
    data["questions"][0]["only_for_other"] = True
    protocol = parse(data, "fixture.yml")
    step = next_step(protocol, TriageState(protocol.id, Subject(age_months=480)))
    assert step.question.id == "feber"
    other = next_step(protocol, TriageState(protocol.id, Subject(who="other", pronoun="han", age_months=480)))
    assert other.question.id == "andnod"


def _with_opening_rule(**extra) -> dict:
    data = fixture_data()
    data["questions"][0]["nej_if_opening"] = {"says": ["trampade snett"], "unless": ["bil"], **extra}
    return data


def test_a_question_the_first_message_already_answers_is_not_asked():
    from bot.triage.engine import FROM_OPENING, answered_by_opening

    protocol = parse(_with_opening_rule(), "fixture.yml")
    state = answered_by_opening(protocol, TriageState("fixture", Subject(age_months=400)), "trampa snett på fotbollen")
    assert state.answers["andnod"]["value"] == "nej" and state.answers["andnod"]["text"] == FROM_OPENING
    step = next_step(protocol, state)
    assert isinstance(step, Ask) and step.question.id == "feber"


@pytest.mark.parametrize("opening", ["trampade snett när jag klev ur bilen", "ont i foten", ""])
def test_an_unless_phrase_or_no_phrase_keeps_the_question(opening):
    from bot.triage.engine import answered_by_opening

    protocol = parse(_with_opening_rule(), "fixture.yml")
    state = answered_by_opening(protocol, TriageState("fixture", Subject(age_months=400)), opening)
    assert "andnod" not in state.answers


def test_nej_if_opening_only_on_yes_no_questions():
    data = fixture_data()
    data["questions"][3]["nej_if_opening"] = {"says": ["igår"]}
    with pytest.raises(ProtocolError, match="nej_if_opening"):
        parse(data, "fixture.yml")


@pytest.mark.parametrize(
    "opening, value",
    [("andas jättetungt och har feber", "ja"),  # the red flag itself: "ja" without asking
     ("andas tungt men trampade snett", "ja"),  # "ja" wins over a nej_if_opening phrase
     ("trampade snett igår", "nej"),
     ("ont i testet", None)],
)
def test_ja_if_opening_takes_the_red_flag_from_the_first_message(opening, value):
    from bot.triage.engine import FROM_OPENING, answered_by_opening

    data = _with_opening_rule()
    data["questions"][0]["ja_if_opening"] = {"says": ["andas tungt", "andas jättetungt"]}
    protocol = parse(data, "fixture.yml")
    state = answered_by_opening(protocol, TriageState("fixture", Subject(age_months=400)), opening)
    if value is None:
        assert "andnod" not in state.answers
    else:
        assert state.answers["andnod"]["value"] == value and state.answers["andnod"]["text"] == FROM_OPENING
    if value == "ja":
        assert isinstance(next_step(protocol, state), Decision) and next_step(protocol, state).urgency == "112"


def _with_kind_question() -> dict:
    data = fixture_data()
    data["questions"].insert(0, {"id": "typ", "type": "choice", "text": "Vilket slags besvär?", "options": [
        {"value": "stick", "label": "Stick", "opening_says": ["geting", "mygga"]},
        {"value": "fasting", "label": "Fästing", "opening_says": ["fästing"]},
        {"value": "annat", "label": "Osäker"}]})
    return data


@pytest.mark.parametrize(
    "opening, value",
    [("hittade en fasting på min son", "fasting"), ("blev stucken av en geting", "stick"),
     ("en geting och en fästing", None),  # two kinds named: ask
     ("ont i testet", None)],
)
def test_a_choice_the_first_message_names_is_not_asked(opening, value):
    from bot.triage.engine import answered_by_opening

    protocol = parse(_with_kind_question(), "fixture.yml")
    state = answered_by_opening(protocol, TriageState("fixture", Subject(age_months=400)), opening)
    assert state.answers.get("typ", {}).get("value") == value


@pytest.mark.parametrize("field", ["ja_if_opening", "opening_says"])
def test_opening_answers_only_on_their_question_types(field):
    data = fixture_data()
    if field == "ja_if_opening":
        data["questions"][3]["ja_if_opening"] = {"says": ["igår"]}
    else:
        data["questions"][0]["options"] = [{"value": "a", "label": "A", "opening_says": ["a"]},
                                           {"value": "b", "label": "B"}]
    with pytest.raises(ProtocolError, match=field if field == "ja_if_opening" else "opening_says"):
        parse(data, "fixture.yml")


def gated_protocol():
    """A red flag asked only when its precondition is there ("Ser du sämre?" → "Har synen försvunnit?")."""
    data = fixture_data()
    data["questions"] = [
        {"id": "syn", "type": "yes_no", "text": "Ser {du} sämre än vanligt?", "red_flag": True},
        {"id": "borta", "type": "yes_no", "text": "Har synen försvunnit helt?", "red_flag": True,
         "ask_if": {"q": "syn", "is": "ja"}},
    ]
    data["rules"] = [
        {"id": "blind", "urgency": "akut", "when": {"q": "borta", "is": "ja"}, "reason": "Synförlust."},
        {"id": "samre", "urgency": "samma_dag", "when": {"q": "syn", "is": "ja"}, "reason": "Sämre syn."},
        {"id": "lugnt", "urgency": "egenvard", "reason": "Inga varningstecken.",
         "when": {"all": [{"q": "syn", "is": "nej"}, {"q": "borta", "is": "nej"}]}},
    ]
    return parse(data, "fixture.yml")


@pytest.mark.parametrize(
    "replies, urgency, asked",
    [
        (["nej"], "egenvard", ["syn"]),  # the gated red flag is skipped and counts as nej
        (["ja", "nej"], "samma_dag", ["syn", "borta"]),
        (["ja", "ja"], "akut", ["syn", "borta"]),
        (["vet inte", "vet inte"], "samma_dag", ["syn", "borta"]),  # an unknown gate still asks the red flag
    ],
)
def test_a_red_flag_skipped_by_its_gate_counts_as_nej(replies, urgency, asked):
    decision, questions = run(gated_protocol(), replies)
    assert (decision.urgency, questions) == (urgency, asked)


def positive_protocol(self_care_needs: str = "ja"):
    """A red flag asked positively: "Dricker barnet som vanligt?" — "nej" is the alarming answer."""
    data = fixture_data()
    data["questions"] = [
        {"id": "dricker", "type": "yes_no", "text": "Dricker {du} ungefär som vanligt?", "red_flag": True,
         "alarming": "nej"},
    ]
    data["rules"] = [
        {"id": "torr", "urgency": "samma_dag", "when": {"q": "dricker", "is": "nej"}, "reason": "Dricker för lite."},
        {"id": "lugnt", "urgency": "egenvard", "reason": "Dricker bra.",
         "when": {"all": [{"q": "dricker", "is": self_care_needs}]}},
    ]
    return parse(data, "fixture.yml")


@pytest.mark.parametrize(
    "replies, urgency",
    [(["ja hon dricker bra"], "egenvard"), (["nej"], "samma_dag"), (["vet inte"], "samma_dag"),
     (["hon dricker mindre"], "samma_dag")],
)
def test_a_red_flag_asked_positively(replies, urgency):
    decision, _ = run(positive_protocol(), replies)
    assert decision.urgency == urgency


def test_self_care_needs_the_reassuring_answer_of_a_positive_red_flag():
    with pytest.raises(ProtocolError, match="egenvard"):
        positive_protocol(self_care_needs="nej")


def test_alarming_nej_only_on_yes_no_questions_without_a_gate():
    data = fixture_data()
    data["questions"][3] = {**data["questions"][3], "alarming": "nej"}  # a duration question
    with pytest.raises(ProtocolError, match="alarming"):
        parse(data, "fixture.yml")
