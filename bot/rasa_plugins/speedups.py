"""Rasa 3.6 performance fixes.

1. Validate action-server responses with one compiled validator.

`RemoteAction._validate_action_result` calls `jsonschema.validate()` on every action response, which
re-checks the response *schema itself* each time. Profiling a triage conversation (py-spy, 2026-11-25)
showed 75 % of the Rasa process's CPU there: two or three remote actions per form turn. Same schema,
same errors, one validator built once.

2. Freeze the loaded model out of the garbage collector. A full collection over Rasa's ~860,000
long-lived objects took 0.7–1.3 s and stalled every conversation every 30–60 s under load
(tests/bench/gateway_load.py); after `gc.freeze()` it takes ~0 ms. Call `freeze_model()` once the
agent has loaded (the REST channel registers it as an `after_server_start` listener).
"""
from __future__ import annotations

import gc
import logging
from functools import lru_cache
from typing import Any, Dict

import jsonschema
from rasa.core.actions.action import RemoteAction

_INSTALLED = False
log = logging.getLogger("vardlotsen.rasa")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    spec = RemoteAction.action_response_format_spec()
    return jsonschema.validators.validator_for(spec)(spec)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = jsonschema.exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += ". Failed to validate Action server response from API."
        raise error
    return True


def install() -> None:
    """Idempotent; called when the REST channel is set up at server start."""
    global _INSTALLED
    if not _INSTALLED:
        RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
        _INSTALLED = True


def freeze_model() -> None:
    """Move every object alive now (the loaded model) to the GC's permanent generation."""
    gc.collect()
    gc.freeze()
    log.info("gc frozen objects=%d", gc.get_freeze_count())
