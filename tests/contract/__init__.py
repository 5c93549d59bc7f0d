"""Validate bot payloads against the shared contract (../shared/contract/payloads.schema.json).

The shared copy beside the repository wins; tests/contract/payloads.schema.json is the copy for a
checkout without shared/ (kept equal by test_contract_copy_is_current when both exist).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "contract" / "payloads.schema.json"
LOCAL = Path(__file__).with_name("payloads.schema.json")


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((SHARED if SHARED.exists() else LOCAL).read_text(encoding="utf-8"))
    schema.pop("$id", None)  # a relative $id breaks local $ref resolution in jsonschema 4.17
    return jsonschema.Draft202012Validator(schema)


def validate_custom(custom: Any) -> None:
    """Raise if a bot message's `custom` object breaks the contract."""
    errors = sorted(validator().iter_errors(custom), key=lambda e: list(e.absolute_path))
    if errors:
        raise AssertionError(f"payload breaks the contract: {errors[0].message} at {list(errors[0].absolute_path)}")


def validate_messages(messages: list[dict[str, Any]]) -> None:
    for message in messages:
        if "custom" in message:
            validate_custom(message["custom"])
