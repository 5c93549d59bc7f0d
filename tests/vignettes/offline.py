"""Play vignettes against the plain-Python triage (no Rasa) — fast feedback while writing protocols.

Mirrors the Rasa flow closely: the emergency screen on every message, then start/answer/decide.
The real suite (tests/integration/test_vignettes.py) plays the same vignettes through the running bot.
Usage: python -m tests.vignettes.offline [blind|blind2|blind3|tuned|tuned2 … tuned6 ...] [-v]
"""
from __future__ import annotations

import sys
from typing import Any

from bot.emergency.screen import screen
from bot.messages import BotMessage
from bot.triage import dialogue
from bot.triage.engine import Ask, TriageState, answer, ask
from tests.vignettes.report import render
from tests.vignettes.simulator import load_set, play


class OfflineBot:
    def __init__(self) -> None:
        self.states: dict[str, TriageState] = {}

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        found = screen(text)
        if found is not None:
            return [_out(m) for m in dialogue.screen_messages(found, text, dialogue.parse_subject(text, None))]
        state = self.states.get(sender)
        out: list[dict[str, Any]] = []
        if state is None:
            state = dialogue.start(text, None, allow_general=True)
            if state is None:
                return [{"text": "Berätta kort vad besvären gäller."}]
        else:
            state, _ = answer(dialogue.protocols()[state.protocol_id], state, text)
        step = dialogue.step(state)
        if isinstance(step, Ask):
            retry = state.pending == step.question.id and state.retries > 0
            self.states[sender] = ask(state, step)
            return out + [_out(dialogue.question_message(step, retry))]
        return out + [_out(m) for m in dialogue.result_messages(state, step)]


def _out(message: BotMessage) -> dict[str, Any]:
    data: dict[str, Any] = {"text": message.text}
    if message.buttons:
        data["buttons"] = message.buttons
    if message.custom:
        data["custom"] = message.custom
    return data


def main(args: list[str]) -> None:
    folders = [a for a in args if not a.startswith("-")] or ["blind", "tuned", "tuned2", "tuned3", "tuned4", "tuned5", "tuned6"]  # blind2/blind3 only when named: held out
    verbose = "-v" in args
    bot = OfflineBot()
    outcomes = [play(v, bot.say, f"off-{v.id}") for f in folders for v in load_set(f)]
    print(render("offline " + "+".join(folders), outcomes))
    if verbose:
        for o in outcomes:
            if o.urgency != o.vignette.expected:
                print(f"\n--- {o.vignette.id} expected {o.vignette.expected} got {o.urgency}")
                for who, line in o.transcript:
                    print(f"  {who}: {line[:160]}")


if __name__ == "__main__":
    main(sys.argv[1:])
