"""Care routing through the running bot: triage → place → units, and direct questions."""
from __future__ import annotations

from tests.contract import validate_messages


def units_of(messages: list[dict]) -> list[dict] | None:
    return next((m["custom"]["care_units"] for m in messages if "care_units" in (m.get("custom") or {})), None)


def text(messages: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def run_triage(say, sender, opening: str) -> list[dict]:
    replies = say(sender, opening)
    for _ in range(15):
        if any("triage" in (m.get("custom") or {}) for m in replies):
            return replies
        buttons = next((m["buttons"] for m in replies if m.get("buttons")), None)
        reply = "Nej" if buttons else ("40" if "gammal" in text(replies) else "två dagar")
        replies = say(sender, reply)
    raise AssertionError("no triage decision")


def test_triage_then_place_then_units(say, sender):
    replies = run_triage(say, sender, "jag har haft ont i halsen i två dagar")
    assert "Var befinner du dig" in text(replies)
    listed = say(sender, "nära Molndal")
    validate_messages(listed)
    units = units_of(listed)
    assert units, text(listed)
    assert len(units) <= 3 and all(u["example_data"] for u in units)
    assert "Mölndal" in text(listed) or "Göteborg" in text(listed)


def test_a_region_without_data_is_told_honestly(say, sender):
    run_triage(say, sender, "jag har haft ont i halsen i två dagar")
    replies = say(sender, "jag är i Kiruna")
    validate_messages(replies)
    assert "Vi har inte uppgifter om vårdenheter i Region Norrbotten än" in text(replies)


def test_direct_question_about_an_open_clinic(say, sender):
    replies = say(sender, "vilken vårdcentral har öppet i Lund på lördag")
    validate_messages(replies)
    units = units_of(replies)
    assert units and units[0]["type"] == "vardcentral"


def test_direct_question_without_place_asks_for_it(say, sender):
    replies = say(sender, "var finns närmaste närakut som är öppen nu")
    assert "Var befinner du dig" in text(replies)
    listed = say(sender, "Mölndal")
    units = units_of(listed)
    assert units and units[0]["type"] in ("narakut", "jourmottagning", "akutmottagning")


def test_the_browser_position_can_answer_where_you_are(rasa_url, say, sender):
    import httpx

    run_triage(say, sender, "jag har haft ont i halsen i två dagar")
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", timeout=30,
                          json={"sender": sender, "message": "använd min position",
                                "metadata": {"geo": {"lat": 63.1792, "lon": 14.6357}}})
    units = units_of(response.json())
    assert units and any("Östersund" in u["name"] for u in units)
