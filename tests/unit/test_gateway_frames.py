"""Chat frames, origins, rate limits and fallbacks of the gateway, without servers."""
from __future__ import annotations

import json

import pytest

from bot.gateway.bot_client import FALLBACK, fallback_messages
from bot.gateway.chat import origin_allowed
from bot.gateway.frames import ChatMessage, FrameError, Hello, Simple, parse
from bot.gateway.hub import RateLimit
from bot.gateway.service import bot_entry, with_meta_on_its_message
from bot.messages import CLOSING


def message(**fields):
    return json.dumps({"type": "message", "client_id": "abc12345", **fields})


def test_hello_end_ping():
    assert parse('{"type":"hello","session":null}') == Hello(None)
    assert parse('{"type":"hello","session":5}') == Hello(None)
    assert parse('{"type":"end"}') == Simple("end")
    assert parse('{"type":"ping"}') == Simple("ping")


@pytest.mark.parametrize("raw", [None, b"{}", "", "nej", "[]", "1", '{"type":"x"}', "[" * 100000,
                                 '{"type":"message","client_id":"a b c d e f","text":"hej"}'])
def test_anything_else_is_a_bad_frame(raw):
    with pytest.raises(FrameError) as refused:
        parse(raw)
    assert refused.value.code == "bad_frame" and refused.value.text.endswith(CLOSING)


def test_a_message_keeps_the_text_and_sends_the_payload_to_the_bot():
    frame = parse(message(text="Ja", payload="ja"))
    assert isinstance(frame, ChatMessage) and frame.text == "Ja" and frame.for_bot == "ja"


@pytest.mark.parametrize("typed,for_bot", [("/restart", "restart"), ("  //stop nu", "stop nu"), ("a/b", "a/b")])
def test_leading_slashes_are_stripped_for_the_bot(typed, for_bot):
    assert parse(message(text=typed)).for_bot == for_bot


@pytest.mark.parametrize("text,code", [("x" * 2001, "too_long"), ("", "empty"), (" \n ", "empty"), ("/", "empty")])
def test_refused_texts_name_the_client_id(text, code):
    with pytest.raises(FrameError) as refused:
        parse(message(text=text))
    assert (refused.value.code, refused.value.client_id) == (code, "abc12345")


def test_exactly_2000_characters_pass():
    assert len(parse(message(text="x" * 2000)).text) == 2000


@pytest.mark.parametrize("metadata,kept", [
    ({"geo": {"lat": 59.33, "lon": 18.06}}, {"geo": {"lat": 59.33, "lon": 18.06}}),
    ({"geo": {"lat": 91, "lon": 18}}, {}), ({"geo": {"lat": True, "lon": 1}}, {}),
    ({"geo": "x"}, {}), ({"other": 1}, {}), ("x", {}),
])
def test_only_a_plausible_position_is_passed_on(metadata, kept):
    assert parse(message(text="här", metadata=metadata)).metadata == kept


@pytest.mark.parametrize("origin,host,ok", [
    ("http://localhost:8000", "localhost:8000", True),
    ("https://region.example", "gw:8000", True),
    ("https://region.example/", "gw:8000", True),
    ("https://evil.example", "gw:8000", False),
    ("http://localhost:8001", "localhost:8000", False),
    (None, "localhost:8000", False), ("null", "localhost:8000", False),
    ("file://localhost:8000", "localhost:8000", False),
])
def test_origins(origin, host, ok):
    assert origin_allowed(origin, host, frozenset({"https://region.example"})) is ok


def test_rate_limit_allows_a_burst_then_refills(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("bot.gateway.hub.time.monotonic", lambda: now[0])
    limit = RateLimit(burst=3, per_s=0.5)
    assert [limit.allow("s") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("other")
    now[0] += 2.0
    assert limit.allow("s") and not limit.allow("s")


def test_bot_entries_keep_only_standard_fields():
    entry = bot_entry({"recipient_id": "w-1", "text": "Hej", "buttons": [{"title": "Ja", "payload": "ja"}],
                       "custom": {"x": 1}, "evil": "<script>"})
    assert entry == {"from": "bot", "text": "Hej", "buttons": [{"title": "Ja", "payload": "ja"}], "custom": {"x": 1}}


def test_fallback_without_a_sign_ends_with_112_and_1177():
    assert fallback_messages("jag har ont i halsen") == [{"text": FALLBACK}]
    assert FALLBACK.endswith(CLOSING)


@pytest.mark.parametrize("text", ["min mamma andas inte", "han har slutat andas", "jag har tryck över bröstet och kallsvettas"])
def test_fallback_with_an_emergency_sign_gives_the_screen_result(text):
    (first, *_) = fallback_messages(text)
    assert first["custom"]["triage"]["urgency"] in ("112", "akut") and "112" in first["text"]


def test_a_personnummer_is_masked_before_anything_else_sees_it():
    frame = parse(message(text="jag heter Test och har nr 19981201-2384", payload="nr 199812012384"))
    assert "2384" not in frame.text and "[personnummer]" in frame.text
    assert frame.payload == "nr [personnummer]"
    assert parse(message(text="ring mig på 070-123 45 67")).text == "ring mig på 070-123 45 67"


def test_answer_metadata_rides_on_its_question():
    question = {"text": "Kan du dricka?", "buttons": [{"title": "Ja", "payload": "Ja"}]}
    meta = {"custom": {"question": {"id": "dricker", "alarming": "nej"}}}
    assert with_meta_on_its_message([question, meta]) == [{**question, **meta}]
    triage = {"custom": {"triage": {"urgency": "112"}}}
    assert with_meta_on_its_message([question, triage]) == [question, triage]  # real payloads keep their entry
    assert with_meta_on_its_message([meta]) == [meta]
