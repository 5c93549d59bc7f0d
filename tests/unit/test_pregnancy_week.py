"""Graviditetsbesvär: the pregnancy week, once given, decides which late-pregnancy signs are asked about."""
from __future__ import annotations

from bot.triage import dialogue
from bot.triage.engine import Ask, answer, ask, next_step


def _asked(opening: str, replies: dict[str, str]) -> list[str]:
    """The question ids asked when the citizen opens with `opening` and answers from `replies` (else "nej")."""
    state = dialogue.start(opening, None, allow_general=False)
    assert state is not None and state.protocol_id == "graviditetsbesvar"
    protocol = dialogue.protocols()[state.protocol_id]
    asked = []
    for _ in range(20):
        step = next_step(protocol, state)
        if not isinstance(step, Ask):
            return asked
        asked.append(step.question.id)
        state, _ = answer(protocol, ask(state, step), replies.get(step.question.id, "nej"))
    raise AssertionError("no decision")


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
