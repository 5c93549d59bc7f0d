"""Load and validate the sign table (`signs.yml`).

The table is medical content kept as data. A malformed table must fail loudly, naming the file and
the sign, because a sign that silently stops matching is a missed emergency.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.emergency.normalise import normalise

DEFAULT_TABLE = Path(__file__).with_name("signs.yml")
LEVELS = ("112", "akut")  # most urgent first
_SIGN_KEYS = {"level", "title", "advice", "any", "all", "unless"}
_DEF_REF = re.compile(r"\{\{(\w+)\}\}")
# Patterns match whole words: the loader wraps each one in these boundaries.
_WORD_START = r"(?<![a-z0-9])"
_WORD_END = r"(?![a-z0-9])"
# `\w+` in a pattern (a gap word) never matches a negation word: a gap must not swallow the "inte"
# in "kräks men inte blod", which would make the match look self-negating and uncancellable.
_GAP_WORD = (
    r"(?:(?!(?:inte|int|ej|icke|ingen|inga|inget|aldrig|utan|not|no|never|slutat|slutade)"
    r"(?![a-z0-9]))\w+)"
)


class EmergencyTableError(ValueError):
    """The sign table is malformed; the message names the file and, when known, the sign id."""


@dataclass(frozen=True)
class Sign:
    """One emergency sign with compiled patterns (`all_groups`: every group must match)."""

    sign_id: str
    level: str
    title: str
    advice: str
    any_patterns: tuple[re.Pattern[str], ...]
    all_groups: tuple[tuple[re.Pattern[str], ...], ...]
    unless_patterns: tuple[re.Pattern[str], ...] = ()  # the message says the sign is over ("men slutade")

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """Every pattern of the sign, `any` first."""
        return self.any_patterns + tuple(p for group in self.all_groups for p in group)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys (YAML would silently keep the last sign of two)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise EmergencyTableError(f"{path}: cannot read the sign table: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("signs"), dict) or not data["signs"]:
        raise EmergencyTableError(f"{path}: expected a mapping with a non-empty 'signs' mapping")
    return data


def _defs(path: Path, data: dict[str, Any]) -> dict[str, str]:
    defs = data.get("defs") or {}
    if not isinstance(defs, dict) or not all(isinstance(v, str) for v in defs.values()):
        raise EmergencyTableError(f"{path}: 'defs' must map names to regex strings")
    return {str(k): v for k, v in defs.items()}


def _expand(pattern: str, defs: dict[str, str], where: str) -> str:
    """Replace {{name}} with (?:defs[name]); fragments may use other fragments."""
    for _ in range(10):
        missing = [n for n in _DEF_REF.findall(pattern) if n not in defs]
        if missing:
            raise EmergencyTableError(f"{where}: unknown fragment {{{{{missing[0]}}}}}")
        expanded = _DEF_REF.sub(lambda m: f"(?:{defs[m.group(1)]})", pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise EmergencyTableError(f"{where}: fragments nest too deep (a cycle?)")


def _dead_letter(raw: str) -> str | None:
    """A letter that normalised text never contains ("ä", "B"), outside regex escapes like \\S."""
    escaped = False
    for ch in raw:
        if not escaped and ch.isalpha() and normalise(ch).text != ch:
            return ch
        escaped = ch == "\\" and not escaped
    return None


def _compile(raw: Any, defs: dict[str, str], where: str) -> re.Pattern[str]:
    if not isinstance(raw, str) or not raw.strip():
        raise EmergencyTableError(f"{where}: a pattern must be a non-empty string, got {raw!r}")
    dead = _dead_letter(raw)
    if dead:
        raise EmergencyTableError(
            f"{where}: regex {raw!r} contains {dead!r}, which normalised text never has "
            f"(write {normalise(dead).text!r})"
        )
    source = _expand(raw, defs, where).replace(r"\w+", _GAP_WORD)
    try:
        compiled = re.compile(f"{_WORD_START}(?:{source}){_WORD_END}")
    except re.error as exc:
        raise EmergencyTableError(f"{where}: bad regex {raw!r}: {exc}") from exc
    if compiled.search("") or compiled.search(" "):
        raise EmergencyTableError(f"{where}: regex {raw!r} matches empty text")
    return compiled


def _patterns(raw: Any, defs: dict[str, str], where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(raw, list) or not raw:
        raise EmergencyTableError(f"{where}: expected a non-empty list of regexes")
    return tuple(_compile(p, defs, f"{where}[{i}]") for i, p in enumerate(raw))


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise EmergencyTableError(f"{where}: missing or empty '{key}'")
    return " ".join(value.split())


def _sign(path: Path, sign_id: Any, raw: Any, defs: dict[str, str]) -> Sign:
    where = f"{path}: sign '{sign_id}'"
    if not isinstance(raw, dict):
        raise EmergencyTableError(f"{where}: expected a mapping")
    unknown = sorted(set(map(str, raw)) - _SIGN_KEYS)
    if unknown:
        raise EmergencyTableError(f"{where}: unknown key(s) {unknown}")
    level = str(raw.get("level", "")).strip()
    if level not in LEVELS:
        raise EmergencyTableError(f"{where}: 'level' must be one of {LEVELS}, got {raw.get('level')!r}")
    if "any" not in raw and "all" not in raw:
        raise EmergencyTableError(f"{where}: needs 'any' and/or 'all' patterns")
    any_patterns = _patterns(raw["any"], defs, f"{where} any") if "any" in raw else ()
    groups = raw.get("all", [])
    if "all" in raw and (not isinstance(groups, list) or not groups):
        raise EmergencyTableError(f"{where}: 'all' must be a non-empty list of pattern lists")
    all_groups = tuple(_patterns(g, defs, f"{where} all[{i}]") for i, g in enumerate(groups))
    unless = _patterns(raw["unless"], defs, f"{where} unless") if "unless" in raw else ()
    return Sign(str(sign_id), level, _text(raw, "title", where), _text(raw, "advice", where),
                any_patterns, all_groups, unless)


def load_table(path: Path | str = DEFAULT_TABLE) -> tuple[Sign, ...]:
    """Read, validate and compile a sign table. Order in the file = priority inside a level."""
    path = Path(path)
    data = _read(path)
    unknown = sorted(set(map(str, data)) - {"defs", "signs"})
    if unknown:
        raise EmergencyTableError(f"{path}: unknown top-level key(s) {unknown}")
    defs = _defs(path, data)
    return tuple(_sign(path, sid, raw, defs) for sid, raw in data["signs"].items())


@lru_cache(maxsize=1)
def default_table() -> tuple[Sign, ...]:
    """The packaged table, compiled once at first use (not at import)."""
    return load_table(DEFAULT_TABLE)
