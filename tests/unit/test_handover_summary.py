"""The nurse's handover summary (bot/handover/summary.py): limits, exact quotes, odd input, every vignette."""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

import pytest

from bot.handover import summary as summary_module
from bot.handover.summary import MAX_CHARS, MAX_LINES, build_summary
from bot.triage import dialogue
from bot.triage.engine import TriageState
from bot.triage.result import level_text
from tests.vignettes.offline import OfflineBot
from tests.vignettes.simulator import Outcome, Vignette, load_set, play

VIGNETTES = [v for folder in ("blind", "tuned") for v in load_set(folder)]  # the offline runner's sets
URGENCIES = ("112", "akut", "samma_dag", "vardcentral", "egenvard")
SENDERS = ("user", "bot", "system", "nurse")


# --- helpers ----------------------------------------------------------------------------------------
def assert_valid(summary: dict[str, Any]) -> None:
    """The shape of docs/handover-protocol.md §2 and the first-screen limits."""
    assert set(summary) == {"first_screen", "sbar", "answers", "transcript", "urgency", "channel"}
    lines = summary["first_screen"]
    assert isinstance(lines, list) and 1 <= len(lines) <= MAX_LINES
    assert all(isinstance(line, str) and line.strip() and "\n" not in line for line in lines)
    assert sum(map(len, lines)) <= MAX_CHARS
    assert lines[0].startswith("Brådska: ")
    assert set(summary["sbar"]) == {"situation", "background", "assessment", "recommendation"}
    assert all(isinstance(text, str) for text in summary["sbar"].values())
    assert summary["urgency"] in URGENCIES
    assert summary["channel"] in ("chatt", "telefon")
    for answer in summary["answers"]:
        assert set(answer) == {"question_id", "question", "answer"}
        assert all(isinstance(value, str) for value in answer.values())
    for entry in summary["transcript"]:
        assert entry["from"] in SENDERS and isinstance(entry["text"], str)
        assert set(entry) <= {"from", "text", "ts", "nurse_name"}


def quoted_in(answer: str, lines: list[str]) -> bool:
    """The answer appears quoted on a deciding line: whole, or as a prefix cut with "…"."""
    text = " ".join(answer.split())
    for line in (line for line in lines if line.startswith("Avgjorde: ")):
        if f"„{text}“" in line:
            return True
        if any(len(cut) >= 5 and text.startswith(cut) for cut in re.findall(r"„([^“]*)…“", line)):
            return True
    return False


def same_bytes(summary: dict[str, Any], request: dict[str, Any]) -> None:
    given = [(a["question_id"], a["answer"].encode("utf-8")) for a in request["answers"]]
    assert [(a["question_id"], a["answer"].encode("utf-8")) for a in summary["answers"]] == given


# --- every vignette ---------------------------------------------------------------------------------
def _request(vignette: Vignette, outcome: Outcome, state: Optional[TriageState]) -> dict[str, Any]:
    """The handover request the bot would send at the end of this conversation (112 included, for the test)."""
    triage = next(p["triage"] for p in reversed(outcome.payloads) if "triage" in p)
    answers = [{"question_id": qid, "question": a["question"], "answer": a["text"]}
               for qid, a in (state.answers.items() if state else [])]
    return {
        "reason": "protocol", "priority": triage["urgency"], "complaint": triage.get("protocol_title"),
        "first_message": vignette.opening, "triage": triage, "answers": answers,
        "subject": {**triage["subject"], "relation": state.subject.relation if state else None},
    }


@pytest.fixture(scope="module")
def played() -> dict[str, tuple[dict[str, Any], list[dict[str, Any]], str]]:
    """Each vignette played offline like `python -m tests.vignettes.offline`, with the engine's final state."""
    final: dict[str, TriageState] = {}
    original = dialogue.result_messages

    def capture(state: TriageState, decision: Any) -> Any:
        final["state"] = state
        return original(state, decision)

    results = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dialogue, "result_messages", capture)
        bot = OfflineBot()
        for vignette in VIGNETTES:
            final.clear()
            sender = f"off-{vignette.id}"
            outcome = play(vignette, bot.say, sender)
            assert outcome.urgency is not None, vignette.id
            # The emergency screen decides without result_messages: the last state asked (if any) holds the answers.
            state = final.get("state") or bot.states.get(sender)
            transcript = [{"from": "user" if who == "patient" else "bot", "text": text, "ts": 1764118800.0 + i}
                          for i, (who, text) in enumerate(outcome.transcript)]
            results[vignette.id] = (_request(vignette, outcome, state), transcript, outcome.urgency)
    return results


@pytest.mark.parametrize("vignette_id", [v.id for v in VIGNETTES])
def test_summary_for_every_vignette(played, vignette_id, caplog):
    request, transcript, urgency = played[vignette_id]
    with caplog.at_level(logging.ERROR, logger="vardlotsen.handover"):
        summary = build_summary(request, transcript, "chatt")
    assert not caplog.records, "fell back to the minimal summary"
    assert_valid(summary)
    lines = summary["first_screen"]
    assert lines[0] == f"Brådska: {level_text(urgency, 'label')} ({urgency})"
    assert summary["urgency"] == urgency
    same_bytes(summary, request)
    for decided in request["triage"]["decided_by"]:
        assert quoted_in(decided["answer"], lines), (decided, lines)
    assert [e["text"] for e in summary["transcript"]] == [e["text"] for e in transcript]
    assert "Kanal: chatt" in lines


# --- a hand-made request: exact lines ---------------------------------------------------------------
def throat_request() -> dict[str, Any]:
    return {
        "reason": "asked", "priority": "samma_dag", "complaint": "Ont i halsen",
        "first_message": "min dotter 9 år har jätteont i halsen",
        "triage": {
            "urgency": "samma_dag", "protocol_id": "halsont", "protocol_title": "Ont i halsen",
            "reason_text": "Svårt att svälja behöver bedömas i dag.",
            "decided_by": [{"question_id": "svalja", "question": "Har hon svårt att svälja även saliv?",
                            "answer": "ja typ, det gör jätteont"}],
            "advice": "Kontakta en vårdcentral i dag.", "worsening_advice": "Ring 112 om hon får svårt att andas.",
            "subject": {"who": "other", "age_band": "barn", "pregnant": None},
        },
        "answers": [
            {"question_id": "tid", "question": "Hur länge har hon haft ont i halsen?", "answer": "sen i måndags"},
            {"question_id": "svalja", "question": "Har hon svårt att svälja även saliv?",
             "answer": "ja typ, det gör jätteont"},
        ],
        "subject": {"who": "other", "age_band": "barn", "relation": "dotter", "pregnant": None},
    }


def test_hand_made_request_gives_exact_first_screen():
    summary = build_summary(throat_request(), [], "chatt")
    assert summary["first_screen"] == [
        "Brådska: Sök vård i dag (samma_dag)",
        "Avgjorde: Har hon svårt att svälja även saliv? – „ja typ, det gör jätteont“",
        "Gäller: annan person (dotter), barn",
        "Besvär: Ont i halsen, varat: „sen i måndags“",
        "Kanal: chatt",
        "Orsak: Invånaren bad om sjuksköterska",
    ]
    assert summary["urgency"] == "samma_dag" and summary["channel"] == "chatt"
    sbar = summary["sbar"]
    assert "Ont i halsen" in sbar["situation"] and "„min dotter 9 år har jätteont i halsen“" in sbar["situation"]
    assert "annan person (dotter), barn" in sbar["background"] and "„sen i måndags“" in sbar["background"]
    assert "Svårt att svälja behöver bedömas i dag." in sbar["assessment"]
    assert "„ja typ, det gör jätteont“" in sbar["assessment"]
    assert "sjuksköterska ska bekräfta" in sbar["recommendation"]
    assert "Kontakta en vårdcentral i dag." in sbar["recommendation"]


def test_pregnant_self_and_reason_words():
    request = throat_request() | {"reason": "not_understood",
                                  "subject": {"who": "self", "age_band": "vuxen", "pregnant": True}}
    lines = build_summary(request, [], "chatt")["first_screen"]
    assert "Gäller: invånaren själv, vuxen, gravid" in lines
    assert lines[-1] == "Orsak: Boten förstod inte två gånger"
    assert build_summary(throat_request() | {"reason": "protocol"}, [], "chatt")["first_screen"][-1] == \
        "Orsak: Protokollet säger att sjuksköterska ska bedöma"
    assert build_summary(throat_request() | {"reason": "after_result"}, [], "chatt")["first_screen"][-1] == \
        "Orsak: Vill ha råd efter bedömningen"


# --- edge cases -------------------------------------------------------------------------------------
def test_no_triage_asked_for_nurse_at_once():
    request = {"reason": "asked", "priority": "samma_dag", "complaint": None,
               "first_message": "kan jag få prata med en sjuksköterska", "triage": None, "answers": [],
               "subject": {"who": "self", "age_band": "okand", "relation": None, "pregnant": None}}
    summary = build_summary(request, [], "chatt")
    assert_valid(summary)
    assert summary["first_screen"] == [
        "Brådska: ej bedömd – prioriteras som samma dag",
        "Gäller: invånaren själv, okänd ålder",
        "Besvär (egna ord): „kan jag få prata med en sjuksköterska“",
        "Kanal: chatt",
        "Orsak: Invånaren bad om sjuksköterska",
    ]
    assert summary["urgency"] == "samma_dag"
    assert "inte gjort någon bedömning" in summary["sbar"]["assessment"]


GARBAGE_REQUESTS = [
    None, {}, [], "hej", 42,
    {"triage": "x", "answers": "y", "subject": 3, "priority": "nope", "reason": ["asked"], "complaint": 7},
    {"answers": [None, 1, {"answer": None}, {"question": 5, "answer": 38.5}],
     "triage": {"urgency": "bogus", "decided_by": [None, {"answer": 5}, {"question_id": None}]}},
    {"triage": {"urgency": "akut", "decided_by": [{"question_id": f"q{i}", "answer": f"svar nummer {i} " * 20}
                                                  for i in range(100)]}},
    {"priority": "akut", "triage": {"urgency": "samma_dag", "decided_by": {"not": "a list"}, "subject": None},
     "subject": {"who": "alien", "age_band": "??", "relation": {"x": 1}, "pregnant": "ja"}},
]


@pytest.mark.parametrize("request_data", GARBAGE_REQUESTS)
@pytest.mark.parametrize("transcript", [None, "abc", [None, 3, {"from": "hacker", "text": 3}], [{"text": None}]])
def test_odd_input_still_gives_a_valid_summary(request_data, transcript, caplog):
    with caplog.at_level(logging.ERROR, logger="vardlotsen.handover"):
        summary = build_summary(request_data, transcript, None)
    assert not caplog.records, "odd input should be handled, not reach the fallback"
    assert_valid(summary)
    assert summary["channel"] == "chatt"


def test_many_deciding_answers_are_counted_when_they_cannot_fit():
    summary = build_summary(GARBAGE_REQUESTS[7], [], "chatt")
    assert summary["first_screen"][0] == "Brådska: Åk till akutmottagningen nu (akut)"
    assert any(re.search(r"Avgjorde även: \d+ svar till", line) for line in summary["first_screen"])


def test_priority_and_bot_assessment_differ():
    line = build_summary(GARBAGE_REQUESTS[8], [], "chatt")["first_screen"][0]
    assert line == "Brådska: Åk till akutmottagningen nu (akut) – boten bedömde samma_dag"


def test_fallback_when_building_fails(monkeypatch):
    def broken(*args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(summary_module, "_build", broken)
    summary = build_summary(throat_request(), [], "telefon")
    assert_valid(summary)
    assert summary["first_screen"][0] == "Brådska: ej bedömd – prioriteras som samma dag"
    assert summary["channel"] == "telefon"


def test_long_answer_is_cut_on_first_screen_and_exact_in_answers():
    long_answer = ("det började i går kväll och har blivit värre hela natten, " * 40)[:2000]
    assert len(long_answer) == 2000
    request = throat_request()
    request["answers"][1]["answer"] = long_answer
    request["triage"]["decided_by"][0]["answer"] = long_answer
    summary = build_summary(request, [], "chatt")
    assert_valid(summary)
    same_bytes(summary, request)
    assert summary["answers"][1]["answer"] is long_answer
    decided = [line for line in summary["first_screen"] if line.startswith("Avgjorde: ")]
    assert len(decided) == 1 and decided[0].endswith("…“")
    assert quoted_in(long_answer, summary["first_screen"])
    assert long_answer not in "".join(summary["first_screen"])
    assert summary["first_screen"][0] == "Brådska: Sök vård i dag (samma_dag)"


def test_quotes_and_html_are_kept_as_is():
    tricky = 'hon sa "<b>aj</b>" & \'nej\' <script>alert(1)</script>'
    request = throat_request()
    request["answers"][1]["answer"] = tricky
    request["triage"]["decided_by"][0]["answer"] = tricky
    summary = build_summary(request, [{"from": "user", "text": tricky, "ts": 1.5}], "chatt")
    same_bytes(summary, request)
    assert f"„{tricky}“" in summary["first_screen"][1]
    assert "&lt;" not in "".join(summary["first_screen"]) and "&amp;" not in str(summary["sbar"])
    assert summary["transcript"] == [{"from": "user", "text": tricky, "ts": 1.5}]


def test_answer_with_newlines_stays_on_one_line():
    request = throat_request()
    request["answers"][1]["answer"] = "ja\n\ndet gör   ont"
    request["triage"]["decided_by"][0]["answer"] = "ja\n\ndet gör   ont"
    summary = build_summary(request, [], "chatt")
    assert_valid(summary)
    assert summary["answers"][1]["answer"] == "ja\n\ndet gör   ont"
    assert "„ja det gör ont“" in summary["first_screen"][1]


def test_telephone_channel():
    summary = build_summary(throat_request(), [], "telefon")
    assert summary["channel"] == "telefon"
    assert "Kanal: telefon" in summary["first_screen"]


def test_transcript_keeps_only_the_chat_fields_in_order():
    entries = [
        {"from": "user", "text": "hej", "ts": 1.0, "seq": 1},
        {"from": "bot", "text": "Har du feber?", "ts": 2.0, "buttons": [{"title": "Ja", "payload": "Ja"}],
         "custom": {"triage": {}}},
        {"from": "bot", "custom": {"handover": {"status": "queued"}}, "ts": 2.5},
        {"from": "nurse", "text": "Hej, jag heter Anna.", "ts": 3.0, "nurse_name": "Anna"},
    ]
    assert build_summary(throat_request(), entries, "chatt")["transcript"] == [
        {"from": "user", "text": "hej", "ts": 1.0},
        {"from": "bot", "text": "Har du feber?", "ts": 2.0},
        {"from": "nurse", "text": "Hej, jag heter Anna.", "ts": 3.0, "nurse_name": "Anna"},
    ]
