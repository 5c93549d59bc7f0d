"""Validate data files against a JSON Schema with errors that name the field."""
from __future__ import annotations

from typing import Any, Optional

import jsonschema


def first_error(schema: dict[str, Any], data: Any) -> Optional[str]:
    """'path/to/field: message' for the most relevant error, or None when the data is valid."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(data))
    if not errors:
        return None
    best = jsonschema.exceptions.best_match(errors)
    path = "/".join(str(p) for p in best.absolute_path) or "(roten)"
    return f"{path}: {best.message}"
