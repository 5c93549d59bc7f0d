"""Ages written with a decimal or as years and months are read as the whole age, not its last digit."""
from __future__ import annotations

import pytest

from bot.triage.subject import parse_age_months, parse_subject


@pytest.mark.parametrize(
    "text, months",
    [
        ("min dotter 1,5 år drog ner en tekopp över sig", 18),  # was read as 5 years
        ("min son 1.5 år", 18),
        ("dottern 2,5 år har feber", 30),
        ("min son ett och ett halvt år", 18),
        ("min son 1 år och 3 månader", 15),
        ("dottern 4 år har 38,5 grader", 48),  # the temperature is no age
        ("min pappa 82 år", 984),
    ],
)
def test_the_opening_gives_the_whole_age(text, months):
    assert parse_subject(text, None).age_months == months


@pytest.mark.parametrize(
    "answer, months",
    [("1,5", 18), ("1,5 år", 18), ("2", 24), ("3 och ett halvt år", 42), ("38,5 grader", None)],
)
def test_an_answer_to_the_age_question(answer, months):
    assert parse_age_months(answer) == months


@pytest.mark.parametrize(
    "text, months",
    [
        # weeks, days and months next to no person are how long something has lasted, not an age
        ("har varit forkyld en vecka o nu hog feber o hostar massa", None),
        ("hostat 2 månader", None),
        ("jag har haft ont 3 dagar", None),
        ("det är 2 veckor sen", None),
        # … but next to the person, or with "gammal", they are the age
        ("min son 2 veckor har feber", 0),
        ("bebisen är 3 veckor och har feber", 0),
        ("min dotter på 5 veckor hostar", 1),
        ("bebis, 3 veckor, feber 38,5", 0),
        ("barnet 10 dagar gammalt har feber", 0),
        ("min bebis 4 mån har snuva", 4),
        ("mamma 82 år har ramlat", 984),
    ],
)
def test_a_duration_is_no_age(text, months):
    assert parse_subject(text, None).age_months == months
