"""The emergency screen: `screen(text)` → the most urgent sign in a citizen message, or None.

Pure and total: any input (None, empty, junk, very long) gives a result or None and never raises.
Only a broken sign table raises (`EmergencyTableError`, at first use): that must stop the service
loudly, so call `bot.emergency.table.default_table()` at start-up to fail early.
Matching runs on normalised text (see `normalise`); cancellation rules live in `context`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from bot.emergency.context import NEGATION, MessageContext, is_general_question
from bot.emergency.normalise import Normalised, normalise
from bot.emergency.table import LEVELS, Sign, default_table

Span = tuple[int, int]
_MAX_JOINED_SPAN = 160  # longer combined spans are shown as separate parts


@dataclass(frozen=True)
class ScreenResult:
    """A sign found in a message. `matched` is the citizen's own text that triggered it."""

    sign_id: str
    level: str
    title: str
    advice: str
    matched: str


def _raw_matches(table: tuple[Sign, ...], text: str) -> dict[re.Pattern[str], list[Span]]:
    """Every match span of every pattern, before any cancellation."""
    found: dict[re.Pattern[str], list[Span]] = {}
    for sign in table:
        for pattern in sign.patterns:
            if pattern not in found:
                found[pattern] = [m.span() for m in pattern.finditer(text)]
    return found


def _self_negating(text: str, raw: dict[re.Pattern[str], list[Span]]) -> tuple[Span, ...]:
    """Matches that contain their own negation ("vaknar inte"): those words never cancel anything."""
    return tuple(s for spans in raw.values() for s in spans if NEGATION.search(text, *s))


def _first_live(sign: Sign, patterns: Iterable[re.Pattern[str]],
                raw: dict[re.Pattern[str], list[Span]], ctx: MessageContext,
                whole_sign: bool) -> Optional[Span]:
    """The earliest match of any of `patterns` that is not cancelled."""
    for span in sorted(s for p in patterns for s in raw[p]):
        if not ctx.cancelled(span[0], span[1], sign.sign_id, whole_sign):
            return span
    return None


def _sign_spans(sign: Sign, raw: dict[re.Pattern[str], list[Span]],
                ctx: MessageContext) -> Optional[list[Span]]:
    """Spans showing the sign is present: one `any` match, or one match for every `all` group."""
    if sign.any_patterns:
        hit = _first_live(sign, sign.any_patterns, raw, ctx, whole_sign=True)
        if hit:
            return [hit]
    if not sign.all_groups:
        return None
    spans = [_first_live(sign, group, raw, ctx, whole_sign=False) for group in sign.all_groups]
    return None if any(s is None for s in spans) else sorted(s for s in spans if s)


def _shown(norm: Normalised, source: str, spans: list[Span]) -> str:
    """The citizen's words behind the spans: one stretch if close together, else parts joined by …"""
    start, end = spans[0][0], max(e for _, e in spans)
    if end - start <= _MAX_JOINED_SPAN:
        return norm.original(source, start, end)
    return " … ".join(norm.original(source, s, e) for s, e in spans)


def _as_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", errors="replace")
    return ""


def screen_all(text: object) -> tuple[ScreenResult, ...]:
    """Every sign found, most urgent first (level, then table order). Empty when none."""
    source = _as_text(text)
    norm = normalise(source)
    if not norm.text or is_general_question(norm.text):
        return ()
    table = default_table()
    raw = _raw_matches(table, norm.text)
    ctx = MessageContext.build(norm.text, _self_negating(norm.text, raw))
    results = []
    for sign in table:
        if any(p.search(norm.text) for p in sign.unless_patterns):
            continue  # "det blödde mycket men slutade när jag tryckte"
        spans = _sign_spans(sign, raw, ctx)
        if spans:
            matched = _shown(norm, source, spans)
            results.append(ScreenResult(sign.sign_id, sign.level, sign.title, sign.advice, matched))
    return tuple(sorted(results, key=lambda r: LEVELS.index(r.level)))


def screen(text: Optional[str]) -> Optional[ScreenResult]:
    """The most urgent sign in `text` (112 before akut), or None. Never raises on any input."""
    found = screen_all(text)
    return found[0] if found else None
