"""Rasa 3.6 performance fix: validate action-server responses with one compiled validator.

`RemoteAction._validate_action_result` calls `jsonschema.validate()` on every action response, which
re-checks the response *schema itself* each time. Profiling a triage conversation (py-spy, 2026-11-25)
showed 75 % of the Rasa process's CPU there: two or three remote actions per form turn. Same schema,
same errors, one validator built once.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

import jsonschema
from rasa.core.actions.action import RemoteAction

_INSTALLED = False


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
