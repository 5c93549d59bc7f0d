"""Logs carry ids, intents, actions and timings — never what the citizen wrote."""
from __future__ import annotations

import uuid


def test_message_text_never_reaches_the_logs(say, sender, rasa_server, action_server):
    secret = f"zq{uuid.uuid4().hex[:10]}"
    say(sender, f"jag har ont i halsen och heter {secret}")
    say(sender, f"nej {secret}")
    for server in (rasa_server, action_server):
        log = server.log_path.read_text(errors="replace")
        assert secret not in log, f"{server.name} logged message text"
    assert f"sender={sender}" in action_server.log_path.read_text(errors="replace")
