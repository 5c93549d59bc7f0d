"""Reading free-text answers: yes/no (also descriptive), numbers, durations, choices."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.triage.answers import DONT_KNOW, parse_answer
from bot.triage.model import Option, Question

NOW = datetime(2026, 11, 25, 12, 0)  # a Wednesday


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Har du feber?", "ja", "ja"), ("Har du feber?", "Japp!", "ja"), ("Har du feber?", "jo", "ja"),
        ("Har du feber?", "absolut", "ja"), ("Har du feber?", "visst", "ja"), ("Har du feber?", "ja lite", "ja"),
        ("Har du feber?", "nej", "nej"), ("Har du feber?", "nä", "nej"), ("Har du feber?", "nää", "nej"),
        ("Har du feber?", "inte direkt", "nej"), ("Har du feber?", "typ inte", "nej"),
        ("Har du feber?", "vet inte", DONT_KNOW), ("Har du feber?", "ingen aning", DONT_KNOW),
        ("Har du feber?", "kanske", DONT_KNOW), ("Har du feber?", "på knät, framsidan", None),
        ("Är du förvirrad eller svår att väcka?", "jag är trött men klar i huvudet", "nej"),
        ("Har hon svårt att andas?", "hon andas normalt", "nej"),
        ("Har han kräkts?", "mår lite illa, har inte kräkts", "nej"),
        ("Har du svårt att svälja?", "jag kan inte svälja", "ja"),
        ("Andas han snabbt?", "han andas snabbt tycker jag", "ja"),
        ("Kan hon dricka?", "hon vill inte dricka något alls", "nej"),
        ("Har du svårt att andas?", "jag har inte svårt att andas", None),
        ("Andas hon normalt?", "hon andas normalt", "ja"),
    ],
)
def test_yes_no(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, hours",
    [("typ tre dagar", 72), ("sen i måndags", 48), ("2 veckor", 336), ("30 min", 0.5), ("en vecka", 168),
     ("i morse", 6), ("igår", 24), ("ett par dagar", 48), ("3d", 72), ("5 timmar", 5), ("en halvtimme", 0.5),
     ("fyra dar", 96), ("vet inte", DONT_KNOW)],
)
def test_duration(text, hours):
    assert parse_answer(Question("q", "duration", "Hur länge?"), text, NOW) == hours


@pytest.mark.parametrize("text, value", [("39,5", 39.5), ("typ 40", 40), ("38 grader", 38), ("åtta", None), ("hög", None)])
def test_temperature(text, value):
    assert parse_answer(Question("q", "number", "Hur hög?", min=34, max=43), text) == value


@pytest.mark.parametrize("text, value", [("jätteont, 8", 8), ("åtta", 8), ("kanske en 6a", 6), ("11", None)])
def test_pain_score(text, value):
    assert parse_answer(Question("q", "number", "Hur ont?", min=0, max=10), text) == value


def test_choice_by_label_word_and_dont_know():
    q = Question("q", "choice", "Hur började det?", options=(Option("plotsligt", "Plötsligt"), Option("gradvis", "Gradvis, under dagar")))
    assert parse_answer(q, "Plötsligt") == "plotsligt"
    assert parse_answer(q, "det kom gradvis") == "gradvis"
    assert parse_answer(q, "vet inte") == DONT_KNOW
    assert parse_answer(q, "banan") is None


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Har hon svårt att andas, så att det drar in mellan revbenen?", "andas lugnt", "nej"),
        ("Är det så svårt att svälja att du inte kan svälja saliven?", "det gör ont att svälja men jag kan dricka och äta", "nej"),
        ("Mår han så dåligt att han inte orkar dricka?", "han leker nu, piggare efter alvedon", "nej"),
        ("Har du svårt att andas?", "ja det är tungt att andas", "ja"),
    ],
)
def test_descriptive_answers_seen_in_vignettes(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize("text, expected", [("37,8 ibland", "nej"), ("typ 38,5", "ja"), ("39", "ja"), ("nej", "nej")])
def test_a_temperature_answers_a_threshold_question(text, expected):
    assert parse_answer(Question("q", "yes_no", "Har du feber, 38 grader eller mer?"), text) == expected
