"""Bot messages turned into speech, and short spoken answers read back (yes/no, options, digits)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from bot.text.normalize import fold

NUMBER_WORDS = ("ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio")
_SKIP = ("vl:callback",)  # chat-only buttons: the phone line offers its own callback


@dataclass
class Spoken:
    """What to say for one bot turn, and what the caller may answer."""

    text: str
    options: list[dict[str, str]] = field(default_factory=list)
    urgency: Optional[str] = None  # from a triage payload in the turn
    handover: Optional[str] = None  # the handover status in the turn (queued, unavailable, …)
    alarming: str = "ja"  # the yes/no answer that is the red flag; "nej" for a question asked positively


# The chat's hints say "skriv"; on the phone the caller says it, or keys a number in (ended with #).
_PHONE_WORDING = (
    (re.compile(r"Skriv (?:åldern, )?till exempel 45 år eller 2 månader\."),
     "Säg åldern, eller knappa in antalet år och avsluta med fyrkant."),
    (re.compile(r"Skriv en siffra, till exempel 38,5 eller 7\."), "Säg siffran, eller knappa in den och avsluta med fyrkant."),
    (re.compile(r"(skala från 0 till 10[^.?]*[.?])"), r"\1 Du kan också knappa in siffran och avsluta med fyrkant."),
    (re.compile(r"\bSkriv\b"), "Säg"),
    (re.compile(r"\bskriv\b"), "säg"),
)


def phone_wording(text: str) -> str:
    for pattern, replacement in _PHONE_WORDING:
        text = pattern.sub(replacement, text)
    return text


def options_phrase(options: list[dict[str, str]]) -> str:
    titles = [o["title"] for o in options]
    if is_yes_no(options):
        rest = "".join(f", {i} för {fold(t)}" for i, t in enumerate(titles[2:9], start=3))
        return f"Svara ja eller nej. Du kan också trycka 1 för ja, 2 för nej{rest}."
    said = ", ".join(f"{t}: tryck {NUMBER_WORDS[i] if i < 9 else i + 1}" for i, t in enumerate(titles[:9]))
    return f"Du kan välja: {said}. Du kan också säga ditt svar."


def spoken_turn(entries: list[dict[str, Any]]) -> Spoken:
    parts, options = [], []
    result = Spoken("")
    for entry in entries:
        if entry.get("text"):
            parts.append(entry["text"])
        buttons = [b for b in entry.get("buttons") or [] if b.get("payload") not in _SKIP]
        if buttons:
            options = buttons
        custom = entry.get("custom") or {}
        if isinstance(custom.get("triage"), dict):
            result.urgency = custom["triage"].get("urgency")
        if isinstance(custom.get("handover"), dict):
            result.handover = custom["handover"].get("status")
        if isinstance(custom.get("question"), dict) and custom["question"].get("alarming") == "nej":
            result.alarming = "nej"
    if options:
        parts.append(options_phrase(options))
    result.text, result.options = phone_wording(" ".join(parts)), options
    return result


def is_yes_no(options: list[dict[str, str]]) -> bool:
    return [fold(o["title"]) for o in options][:2] == ["ja", "nej"]


def option_for_digit(options: list[dict[str, str]], digit: str) -> Optional[dict[str, str]]:
    if digit.isdigit() and 1 <= int(digit) <= len(options):
        return options[int(digit) - 1]
    return None


def phone_number(digits: str) -> Optional[str]:
    """A Swedish phone number keyed in or from the telephony metadata (+46…), as digits; None if implausible."""
    raw = re.sub(r"[^\d+]", "", digits or "")
    if raw.startswith("+46"):
        raw = "0" + raw[3:]
    raw = raw.lstrip("+")
    return raw if 8 <= len(raw) <= 12 and raw.startswith("0") else None
