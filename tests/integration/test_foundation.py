"""Foundation: Swedish answers, tracker in Redis survives SIGKILL, API token, loopback only, bad input."""
from __future__ import annotations

import httpx
import psutil
import pytest

from bot.messages import CLOSING


def texts(messages: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def test_greeting_is_swedish_and_mentions_112(say, sender):
    reply = texts(say(sender, "hej"))
    assert "Vårdlotsen" in reply and "112" in reply


def test_tracker_api_requires_the_token(rasa_url, rasa_token, sender, say):
    say(sender, "hej")
    without = httpx.get(f"{rasa_url}/conversations/{sender}/tracker", timeout=10)
    assert without.status_code == 401
    wrong = httpx.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": "fel"}, timeout=10)
    assert wrong.status_code == 401
    right = httpx.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": rasa_token[1]}, timeout=10)
    assert right.status_code == 200 and right.json()["sender_id"] == sender


def _listening(pid: int) -> set[str]:
    process = psutil.Process(pid)
    addresses = set()
    for proc in [process, *process.children(recursive=True)]:
        for conn in proc.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                addresses.add(conn.laddr.ip)
    return addresses


def test_internal_servers_listen_on_loopback_only(rasa_server, action_server, redis_server):
    for server in (rasa_server, action_server, redis_server):
        addresses = _listening(server.pid)
        assert addresses, f"{server.name} listens nowhere?"
        assert addresses <= {"127.0.0.1", "::1"}, f"{server.name} listens on {addresses}"


@pytest.mark.parametrize(
    "body, expect_status",
    [
        (b'{"sender": "bad-1", "message": ""}', 200),
        (('{"sender": "bad-2", "message": "' + "a" * 100_000 + '"}').encode(), 200),
        (b'{"sender": "bad-3", "message": ', 400),
        (b'\xff\xfe\x00 not utf-8', 400),
        (b'["not", "an", "object"]', 400),
        (b'{"message": "hej"}', 400),
        (b'{"sender": "bad-4", "message": 42}', 200),
    ],
    ids=["empty", "100kB", "invalid-json", "non-utf8", "not-object", "no-sender", "not-text"],
)
def test_bad_input_gets_a_polite_answer_and_the_server_keeps_serving(rasa_url, say, sender, body, expect_status):
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", content=body,
                          headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == expect_status
    payload = response.json()
    text = payload["error"] if expect_status == 400 else texts(payload)
    assert text.endswith(CLOSING)
    assert "Traceback" not in response.text
    assert "Vårdlotsen" in texts(say(sender, "hej"))


def test_html_and_script_are_just_text(say, sender):
    reply = say(sender, "<script>alert(1)</script>")
    assert reply and "<script>" not in texts(reply)
