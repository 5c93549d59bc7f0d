"""The compiled action-response validator accepts what Rasa accepts and rejects what it rejects."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_plugins import speedups


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    speedups.install()
    return RemoteAction("action_test", None)


def test_valid_response_passes(action):
    assert action._validate_action_result({"events": [{"event": "slot", "name": "s", "value": {"a": [1]}}], "responses": []})


@pytest.mark.parametrize("bad", [{"events": "nej"}, {"events": [{"no_event_key": 1}]}, {"responses": "x"}])
def test_invalid_response_raises_like_rasa(action, bad):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result(bad)
