"""Graviditetsbesvär: the pregnancy week decides which late signs are asked; nausea asks about fluids."""
from __future__ import annotations

from tests.support.triage_play import play_opening


def _decided(opening: str, replies: dict[str, str]) -> tuple[list[str], str]:
    return play_opening(opening, "graviditetsbesvar", replies)


def _asked(opening: str, replies: dict[str, str]) -> list[str]:
    return _decided(opening, replies)[0]


LATE_SIGNS = {"fosterrorelser", "preeklampsi", "vatten_varkar"}


def test_week_9_from_the_opening_skips_the_late_signs_and_the_week_question():
    asked = _asked("gravid i vecka 9 och mår illa hela tiden", {"alder": "30"})
    assert not LATE_SIGNS & set(asked) and "vecka" not in asked


def test_week_30_from_the_opening_asks_the_late_signs():
    assert LATE_SIGNS <= set(_asked("gravid i vecka 30 och ont i ryggen, är det normalt", {"alder": "30"}))


def test_an_unknown_week_is_asked_and_not_knowing_it_asks_everything():
    asked = _asked("jag är gravid och mår illa", {"alder": "30", "vecka": "vet inte"})
    assert "vecka" in asked and LATE_SIGNS <= set(asked)


def test_a_week_answered_later_gates_too():
    asked = _asked("jag är gravid och mår illa", {"alder": "30", "vecka": "12"})
    assert "vecka" in asked and not LATE_SIGNS & set(asked)



def test_nausea_asks_whether_fluids_stay_down_and_not_keeping_them_is_same_day():
    replies = {"alder": "30", "behalla": "nej jag spyr upp allt"}
    asked, urgency = _decided("gravid i vecka 9 och mår illa hela tiden", replies)
    assert "behalla" in asked and urgency == "samma_dag"
    _, urgency = _decided("gravid i vecka 9 och mår illa hela tiden", {"alder": "30", "behalla": "ja det stannar kvar"})
    assert urgency == "egenvard"


def test_bleeding_is_not_asked_about_fluids_and_the_skipped_positive_question_counts_as_its_ja():
    asked, urgency = _decided("gravid v12 och har ont i ryggen", {"alder": "30"})
    assert "behalla" not in asked and "besvar" not in asked and urgency == "egenvard"


def test_an_unclear_complaint_asks_what_troubles_most():
    asked, _ = _decided("har graviditetsbesvär", {"alder": "30", "besvar": "annat"})
    assert "besvar" in asked and "behalla" in asked
