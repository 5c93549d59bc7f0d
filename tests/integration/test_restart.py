"""A conversation survives SIGKILL of Rasa: the tracker lives in Redis, not in memory."""
from __future__ import annotations

import httpx


def _slots(rasa_url: str, token: str, sender: str) -> dict:
    response = httpx.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": token}, timeout=10)
    response.raise_for_status()
    return response.json()["slots"]


def test_slots_survive_sigkill_and_the_conversation_continues(rasa_server, rasa_url, rasa_token, say, sender):
    token = rasa_token[1]
    first = say(sender, "min dotter som är 4 har ont i halsen")
    assert first, "no reply"
    before = _slots(rasa_url, token, sender)
    assert before["triage_state"]["protocol_id"] == "halsont"
    assert before["subject"]["who"] == "other"
    asked = before["triage_state"]["pending"]
    assert asked

    rasa_server.kill()
    rasa_server.start()

    after = _slots(rasa_url, token, sender)
    assert after["triage_state"] == before["triage_state"]
    assert after["subject"] == before["subject"]
    reply = say(sender, "vet inte")
    assert reply, "the conversation did not continue"
    continued = _slots(rasa_url, token, sender)
    assert asked in continued["triage_state"]["answers"]
