"""The simulated patient answers only what its facts cover, by real content words."""
from __future__ import annotations

from pathlib import Path

from tests.vignettes.simulator import Vignette, answer_for


def _vignette(*facts: tuple[list[str], str]) -> Vignette:
    return Vignette(id="t", expected="egenvard", group="barn", opening="hej",
                    facts=[{"about": about, "answer": answer} for about, answer in facts], path=Path("t.yml"), blind=True)


def test_a_weak_word_alone_does_not_pick_a_fact():
    v = _vignette((["vilket öra", "ena", "båda", "sida"], "höger öra"), (["när", "hur länge", "hände"], "för två timmar sen"))
    assert answer_for(v, "Har han fått svaghet i ansiktet, till exempel att ena mungipan hänger?") == "vet inte"
    assert answer_for(v, "Hände skadan i en trafikolycka?") == "vet inte"
    assert answer_for(v, "Sitter det på ena sidan eller båda?") == "höger öra"  # two weak words together do
    assert answer_for(v, "Hur länge sedan hände det?") == "för två timmar sen"  # a phrase is a content match


def test_an_inflected_question_word_matches_the_stem():
    v = _vignette((["dricka", "vätska"], "han dricker bra"), (["ålder", "år", "gammal"], "5"))
    assert answer_for(v, "Dricker han som vanligt?") == "han dricker bra"
    assert answer_for(v, "Tar han vätskedrivande medicin?") == "vet inte"  # a compound is not an inflection
    assert answer_for(v, "Hur gammal är han?") == "5"


def test_irregular_noun_forms_match():
    v = _vignette((["öron", "drar i örat"], "nej"), (["ögon"], "ser bra"))
    assert answer_for(v, "Har barnet fått ont i ett öra?") == "nej"
    assert answer_for(v, "Är det rött runt ena ögat?") == "ser bra"
