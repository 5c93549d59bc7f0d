"""Play one triage conversation in plain Python: open with a message, answer each question from a table."""
from __future__ import annotations

from bot.triage import dialogue
from bot.triage.engine import Ask, answer, ask, next_step


def play_opening(opening: str, protocol_id: str, replies: dict[str, str]) -> tuple[list[str], str]:
    """The question ids asked and the urgency, answering from `replies` (else "nej").

    Fails unless the opening leads to `protocol_id`, so a routing change cannot hide behind the answers.
    """
    state = dialogue.start(opening, None, allow_general=False)
    assert state is not None and state.protocol_id == protocol_id
    protocol = dialogue.protocols()[protocol_id]
    asked: list[str] = []
    for _ in range(25):
        step = next_step(protocol, state)
        if not isinstance(step, Ask):
            return asked, step.urgency
        asked.append(step.question.id)
        state, _ = answer(protocol, ask(state, step), replies.get(step.question.id, "nej"))
    raise AssertionError("no decision")
