"""The nurse's summary of a handover (docs/handover-protocol.md §2).

`build_summary` turns a `handover_request` (§1) and the chat history into what the nurse console shows:
a first screen that can be grasped in five seconds, an SBAR text, every answer quoted exactly as the
citizen gave it, and the transcript.

Rules that matter for patient safety:
- the citizen's words are never paraphrased: on the first screen and in SBAR they may only be cut
  short (marked "…", whitespace folded so they stay on one line); in `answers` and `transcript` they
  are byte-identical;
- the urgency line is always first and is never cut;
- odd input (missing keys, None, wrong types) still gives a valid summary: a summary must never stop
  a citizen from reaching a nurse.

Texts are returned as plain strings, not HTML: the console must render them as text.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from bot.triage.model import URGENCY_ORDER
from bot.triage.result import level_text

log = logging.getLogger("vardlotsen.handover")

MAX_LINES = 8
MAX_CHARS = 600
DEFAULT_URGENCY = "samma_dag"
ENTRY_SENDERS = ("user", "bot", "system", "nurse")
OPEN_QUOTE, CLOSE_QUOTE = "„", "“"
DECIDED_PREFIX = "Avgjorde: "
DECIDED_SEPARATOR = " · "
READABLE_CAP = 14  # shortest prefix (characters) of a deciding question/answer before lines are dropped
SBAR_QUOTE_CAP = 300
DURATION_MARKERS = ("hur länge", "sedan när", "när började")

AGE_BAND_WORDS = {
    "spadbarn": "spädbarn", "litet_barn": "litet barn", "barn": "barn",
    "vuxen": "vuxen", "aldre": "äldre", "okand": "okänd ålder",
}
URGENCY_WORDS = {"112": "112", "akut": "akut", "samma_dag": "samma dag", "vardcentral": "vårdcentral",
                 "egenvard": "egenvård"}
REASON_WORDS = {
    "asked": "Invånaren bad om sjuksköterska",
    "not_understood": "Boten förstod inte två gånger",
    "protocol": "Protokollet säger att sjuksköterska ska bedöma",
    "after_result": "Vill ha råd efter bedömningen",
}
# Relations are stored folded (no å/ä/ö); give the nurse the real word back where it differs.
RELATION_WORDS = {"van": "vän", "flickvan": "flickvän", "pojkvan": "pojkvän", "spadbarn": "spädbarn",
                  "nyfodd": "nyfödd", "nyfodda": "nyfödda", "dottern's": "dottern"}
# When the first screen is too full, these lines go first (least important first).
DROP_ORDER = ("reason", "channel")


# --- safe access ------------------------------------------------------------------------------------
def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _text(value: Any) -> str:
    """A string as is; a number as its digits; anything else (None, dict, bool …) as ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _urgency(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value in URGENCY_ORDER else None


def _channel(value: Any) -> str:
    text = _text(value).strip().lower()
    return "telefon" if text in ("telefon", "phone", "tel", "voice", "rost", "röst") else "chatt"


# --- text helpers -----------------------------------------------------------------------------------
def one_line(text: str) -> str:
    """Fold every run of whitespace (newlines too) to one space, so a quote stays on its line."""
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """Cut to at most `limit` characters, marking a cut with "…" (at a word break when one is near)."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:max(limit, 0)]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= (limit - 1) * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def quote(text: str, limit: Optional[int] = None) -> str:
    folded = one_line(text)
    return f"{OPEN_QUOTE}{folded if limit is None else clip(folded, limit)}{CLOSE_QUOTE}"


def first_question(text: str) -> str:
    """A question up to its first "?": what follows is usually a hint on how to answer ("Skriv till exempel …")."""
    end = text.find("?")
    return text[: end + 1] if 0 <= end < len(text) - 1 else text


def _label(urgency: str) -> str:
    return level_text(urgency, "label")


# --- the parts of a request -------------------------------------------------------------------------
def _answers(request: dict[str, Any]) -> list[dict[str, str]]:
    """Every answer in the order given; `answer` is the very string the request carried."""
    answers = []
    for item in _list(request.get("answers")):
        item = _dict(item)
        if item:
            answers.append({"question_id": _text(item.get("question_id")), "question": _text(item.get("question")),
                            "answer": _text(item.get("answer"))})
    return answers


def _deciding(triage: dict[str, Any], answers: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(question, answer) pairs that decided the level; the question text falls back to the answers list."""
    questions = {a["question_id"]: a["question"] for a in answers if a["question_id"]}
    pairs = []
    for item in _list(triage.get("decided_by")):
        item = _dict(item)
        answer = _text(item.get("answer"))
        qid = _text(item.get("question_id"))
        question = _text(item.get("question")) or questions.get(qid, "") or qid
        if answer.strip():
            pairs.append((one_line(question) or "Fråga", one_line(answer)))
    return pairs


def _subject(request: dict[str, Any], triage: dict[str, Any]) -> dict[str, Any]:
    """The request's subject, completed from the triage payload's."""
    merged = dict(_dict(triage.get("subject")))
    merged.update({k: v for k, v in _dict(request.get("subject")).items() if v is not None})
    return merged


def _who_words(subject: dict[str, Any]) -> str:
    who = subject.get("who")
    relation = one_line(_text(subject.get("relation")))
    if who == "self":
        person = "invånaren själv"
    elif who == "other":
        person = f"annan person ({clip(RELATION_WORDS.get(relation, relation), 30)})" if relation else "annan person"
    else:
        person = "okänt vem"
    band = AGE_BAND_WORDS.get(_text(subject.get("age_band")), AGE_BAND_WORDS["okand"])
    parts = [person, band] + (["gravid"] if subject.get("pregnant") is True else [])
    return ", ".join(parts)


def _complaint(request: dict[str, Any], triage: dict[str, Any]) -> str:
    return one_line(_text(request.get("complaint")) or _text(triage.get("protocol_title")))


def _duration(answers: list[dict[str, str]], shown: list[tuple[str, str]]) -> Optional[str]:
    """The answer to the first question that asks how long the complaint has lasted, unless already shown."""
    for item in answers:
        question = item["question"].casefold()
        if item["answer"].strip() and any(marker in question for marker in DURATION_MARKERS):
            already = (one_line(item["question"]), one_line(item["answer"])) in shown
            return None if already else item["answer"]
    return None


# --- first screen -----------------------------------------------------------------------------------
def _urgency_line(urgency: str, triage_urgency: Optional[str]) -> str:
    if triage_urgency is None:
        return f"Brådska: ej bedömd – prioriteras som {URGENCY_WORDS[urgency]}"
    line = f"Brådska: {_label(urgency)} ({urgency})"
    if triage_urgency != urgency:
        line += f" – boten bedömde {triage_urgency}"
    return line


def _complaint_line(request: dict[str, Any], triage: dict[str, Any], answers: list[dict[str, str]],
                    pairs: list[tuple[str, str]]) -> str:
    complaint = _complaint(request, triage)
    first_message = _text(request.get("first_message"))
    if complaint:
        line = f"Besvär: {clip(complaint, 60)}"
    elif first_message.strip():
        line = f"Besvär (egna ord): {quote(first_message, 80)}"
    else:
        line = "Besvär: okänt"
    duration = _duration(answers, pairs)
    return f"{line}, varat: {quote(duration, 40)}" if duration else line


def _render_decided(groups: list[list[tuple[str, str]]], cap: int) -> list[str]:
    return [DECIDED_PREFIX + DECIDED_SEPARATOR.join(f"{clip(q, cap)} – {OPEN_QUOTE}{clip(a, cap)}{CLOSE_QUOTE}"
                                                     for q, a in group)
            for group in groups]


def _decided_lines(pairs: list[tuple[str, str]], max_lines: int, max_chars: int, floor: int) -> Optional[list[str]]:
    """The deciding answers in at most `max_lines` lines and `max_chars` characters, or None if impossible.

    One answer a line when there is room, otherwise several a line. Long questions and answers are cut
    to the longest common length that fits (found by bisection), but never below `floor` characters.
    """
    if not pairs:
        return []
    if max_lines <= 0:
        return None
    pairs = [(first_question(q), a) for q, a in pairs]
    per_line = -(-len(pairs) // max_lines)
    groups = [pairs[i:i + per_line] for i in range(0, len(pairs), per_line)]

    def fits(cap: int) -> bool:
        return sum(map(len, _render_decided(groups, cap))) <= max_chars

    low, high = floor, max(floor, min(max(len(text) for pair in pairs for text in pair), MAX_CHARS))
    if not fits(low):
        return None
    # Cutting at word breaks makes "a longer cap never gives shorter lines" only nearly true; `low` always fits.
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return _render_decided(groups, low)


def _fit_decided(pairs: list[tuple[str, str]], max_lines: int, max_chars: int) -> list[str]:
    """Last resort (only odd input gets here): show as many deciding answers as fit and count the rest."""
    most = min(len(pairs) - 1, MAX_CHARS // 10)  # no entry renders in fewer than 10 characters
    for shown in range(most, -1, -1):
        more = f"Avgjorde även: {len(pairs) - shown} svar till (se svaren)"
        lines = _decided_lines(pairs[:shown], max_lines - 1, max_chars - len(more), READABLE_CAP)
        if lines is not None:
            return lines + [more]
    return []


def _first_screen(head: str, pairs: list[tuple[str, str]], optional: list[tuple[str, str]]) -> list[str]:
    """Urgency line, deciding answers, then the optional lines that still fit (see DROP_ORDER)."""
    kept: list[str] = []
    for dropped in range(len(DROP_ORDER) + 1):
        kept = [line for key, line in optional if key not in DROP_ORDER[:dropped]]
        room_lines, room_chars = MAX_LINES - 1 - len(kept), MAX_CHARS - len(head) - sum(map(len, kept))
        decided = _decided_lines(pairs, room_lines, room_chars, READABLE_CAP)
        if decided is not None:
            return [head, *decided, *kept]
    room_lines, room_chars = MAX_LINES - 1 - len(kept), MAX_CHARS - len(head) - sum(map(len, kept))
    return [head, *_fit_decided(pairs, room_lines, room_chars), *kept]


# --- SBAR -------------------------------------------------------------------------------------------
def _pairs_text(pairs: list[tuple[str, str]]) -> str:
    return "; ".join(f"{q} – {quote(a, SBAR_QUOTE_CAP)}" for q, a in pairs)


def _sbar(request: dict[str, Any], triage: dict[str, Any], urgency: str, triage_urgency: Optional[str],
          answers: list[dict[str, str]], pairs: list[tuple[str, str]], reason: str) -> dict[str, str]:
    complaint = _complaint(request, triage) or "okänt besvär"
    first_message = _text(request.get("first_message"))
    own_words = f" Egna ord: {quote(first_message, SBAR_QUOTE_CAP)}." if first_message.strip() else ""
    level = f"{_label(urgency)} ({urgency})" if triage_urgency else f"ej bedömd, prioriteras som {URGENCY_WORDS[urgency]}"
    situation = f"Söker hjälp för: {complaint}.{own_words} Brådska: {level}. Överlämnad: {reason}."

    answered = _pairs_text([(one_line(a["question"]) or a["question_id"] or "Fråga", a["answer"]) for a in answers])
    who = _who_words(_subject(request, triage))
    background = f"Gäller: {who}. " + (f"Svar: {answered}." if answered else "Inga frågor besvarade.")

    if triage_urgency is None:
        assessment = "Boten har inte gjort någon bedömning."
    else:
        reason_text = one_line(_text(triage.get("reason_text"))) or "inget skäl angivet"
        decided = f" Avgjorde: {_pairs_text(pairs)}." if pairs else ""
        assessment = f"Botens bedömning: {_label(triage_urgency)} ({triage_urgency}). Skäl: {reason_text}{decided}"

    if triage_urgency is None:
        recommendation = (f"Inga råd givna. Sjuksköterskan bedömer; prioriteras som {URGENCY_WORDS[urgency]} "
                          "tills dess.")
    else:
        advice = one_line(_text(triage.get("advice"))) or level_text(triage_urgency, "what_to_do")
        recommendation = (f"En sjuksköterska ska bekräfta eller ändra bedömningen ({_label(triage_urgency)}). "
                          f"Botens råd till invånaren: {advice}")
    return {"situation": situation, "background": background, "assessment": assessment,
            "recommendation": recommendation}


# --- transcript -------------------------------------------------------------------------------------
def _transcript(entries: Any) -> list[dict[str, Any]]:
    """Chat entries in order with only from/text/ts (and nurse_name); entries without text are left out."""
    kept = []
    for entry in _list(entries):
        entry = _dict(entry)
        text = _text(entry.get("text"))
        if not text:
            continue
        sender = entry.get("from") if entry.get("from") in ENTRY_SENDERS else "system"
        ts = entry.get("ts")
        item: dict[str, Any] = {"from": sender, "text": text,
                                "ts": ts if isinstance(ts, (int, float)) and not isinstance(ts, bool) else None}
        if "nurse_name" in entry:
            item["nurse_name"] = _text(entry.get("nurse_name")) or None
        kept.append(item)
    return kept


# --- public -----------------------------------------------------------------------------------------
def build_summary(request: dict[str, Any], transcript: list[dict[str, Any]], channel: str) -> dict[str, Any]:
    """The summary a nurse gets with a handover (docs/handover-protocol.md §2).

    Never raises: any argument may be None or of the wrong type (it counts as empty), and an unknown
    channel counts as "chatt".
    """
    try:
        return _build(_dict(request), transcript, _channel(channel))
    except Exception:  # a broken summary must never block the handover itself
        log.exception("event=handover_summary_failed")
        return _minimal(_channel(channel))


def _build(request: dict[str, Any], transcript: Any, channel: str) -> dict[str, Any]:
    triage = _dict(request.get("triage"))
    triage_urgency = _urgency(triage.get("urgency"))
    urgency = _urgency(request.get("priority")) or triage_urgency or DEFAULT_URGENCY
    answers = _answers(request)
    pairs = _deciding(triage, answers)
    reason = REASON_WORDS.get(_text(request.get("reason")), "ej angiven")
    optional = [
        ("who", f"Gäller: {_who_words(_subject(request, triage))}"),
        ("complaint", _complaint_line(request, triage, answers, pairs)),
        ("channel", f"Kanal: {channel}"),
        ("reason", f"Orsak: {reason}"),
    ]
    return {
        "first_screen": _first_screen(_urgency_line(urgency, triage_urgency), pairs, optional),
        "sbar": _sbar(request, triage, urgency, triage_urgency, answers, pairs, reason),
        "answers": answers,
        "transcript": _transcript(transcript),
        "urgency": urgency,
        "channel": channel,
    }


def _minimal(channel: str) -> dict[str, Any]:
    return {
        "first_screen": [_urgency_line(DEFAULT_URGENCY, None), "Sammanfattningen kunde inte skapas – läs samtalet.",
                         f"Kanal: {channel}"],
        "sbar": {"situation": "Sammanfattningen kunde inte skapas.", "background": "", "assessment": "",
                 "recommendation": "Läs samtalet och gör en egen bedömning."},
        "answers": [], "transcript": [], "urgency": DEFAULT_URGENCY, "channel": channel,
    }
