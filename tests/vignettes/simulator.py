"""A simulated patient that plays a vignette through the running bot's REST channel.

It answers only what it is asked (by matching the question's words against its facts' `about`
words), says "vet inte" when its facts do not cover a question, clicks a button only on alternate
turns where one fits, and otherwise types free text with typos and without å/ä/ö.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

from bot.text.normalize import fold

HERE = Path(__file__).parent
LEVELS = ("112", "akut", "samma_dag", "vardcentral", "egenvard")
MAX_TURNS = 25

Say = Callable[[str, str], list[dict[str, Any]]]


@dataclass
class Vignette:
    id: str
    expected: str
    group: str
    opening: str
    facts: list[dict[str, Any]]
    path: Path
    blind: bool

    @classmethod
    def load(cls, path: Path) -> Vignette:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(id=data["id"], expected=str(data["expected"]), group=data.get("group", ""),
                   opening=data["opening"], facts=data.get("facts", []), path=path,
                   blind=path.parent.name == "blind")


@dataclass
class Outcome:
    vignette: Vignette
    urgency: Optional[str]
    questions: int
    free_text_turns: int
    button_turns: int
    transcript: list[tuple[str, str]] = field(default_factory=list)
    payloads: list[dict[str, Any]] = field(default_factory=list)


def load_set(folder: str) -> list[Vignette]:
    return [Vignette.load(p) for p in sorted((HERE / folder).glob("*.yml"))]


def set_hash(folder: str) -> str:
    digest = hashlib.sha256()
    for path in sorted((HERE / folder).glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _norm(text: str, keep_diacritics: bool) -> list[str]:
    lowered = text.lower()
    return re.findall(r"[a-zåäöé0-9]+", lowered) if keep_diacritics else re.findall(r"[a-z0-9]+", fold(lowered))


# Words that say little on their own about what a question is about ("Var sitter det?", "när", "ena
# mungipan"). They add to a fact's score but cannot alone make a fact answer a question: one of them is
# not enough, two different ones are ("ena sidan").
WEAK = frozenset({"var", "vad", "när", "hur", "nu", "just nu", "ena", "båda", "sida", "hände", "gjort", "mer",
                  "år", "ofta", "gånger", "tidigare", "förut", "andra"})


def _starts(word: str, stem: str) -> bool:
    """A question word matches an about stem when it starts with it; a stem of five letters or more may
    also drop a final vowel in an inflected form ("dricka" matches "dricker", "svälja" matches "sväljer",
    but "vätska" does not match "vätskedrivande")."""
    if word.startswith(stem):
        return True
    return (len(stem) >= 5 and stem[-1] in "aeo" and len(stem) - 1 < len(word) <= len(stem) + 2
            and word.startswith(stem[:-1]))


# Swedish nouns whose forms do not share a prefix (öra/öron, tand/tänder): either form matches the other.
IRREGULAR = {"öra": "öron", "öga": "ögon", "tand": "tänder", "fot": "fötter", "hand": "händer", "natt": "nätter"}
IRREGULAR.update({plural: singular for singular, plural in list(IRREGULAR.items())})


def _matched_words(question: str, about: str) -> Optional[frozenset[int]]:
    """Positions of the question words an `about` entry matches, or None.

    A single word matches a question word that starts with it; a phrase must appear whole. Words written
    with å/ä/ö are compared with them ("år" must not match "är").
    """
    exact = bool(re.search(r"[åäö]", about.lower()))
    about_words, question_words = _norm(about, exact), _norm(question, exact)
    if not about_words:
        return None
    if len(about_words) == 1:
        stems = {about_words[0], IRREGULAR.get(about_words[0], about_words[0])}
        found = frozenset(i for i, w in enumerate(question_words) for stem in stems if _starts(w, stem))
        return found or None
    n = len(about_words)
    for i in range(len(question_words) - n + 1):
        if question_words[i:i + n] == about_words:
            return frozenset(range(i, i + n))
    return None


def _mentions(question: str, about: str) -> bool:
    return _matched_words(question, about) is not None


def _score(fact: dict[str, Any], question: str) -> int:
    """How much of the question the fact's `about` words cover; 0 unless a real content word (or two weak
    ones) matched. Synonyms that match the same question word ("ben", "benet") count once, the longest."""
    hits = [(str(word), _matched_words(question, str(word))) for word in fact.get("about", [])]
    hits = [(word, where) for word, where in hits if where is not None]
    weak = {w.lower() for w, _ in hits if w.lower() in WEAK}
    if len(weak) == len(hits) and len(weak) < 2:
        return 0
    best: dict[frozenset[int], int] = {}
    for word, where in hits:
        best[where] = max(best.get(where, 0), len(word))
    return sum(best.values())


def answer_for(vignette: Vignette, question: str) -> str:
    """The fact whose `about` words best match the question, or "vet inte"."""
    scored = [(_score(f, question), i) for i, f in enumerate(vignette.facts)]
    best = max(scored, default=(0, -1))
    return str(vignette.facts[best[1]]["answer"]) if best[0] > 0 else "vet inte"


def _typo(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        text = text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if candidates and rng.random() < 0.3:
        i = rng.choice(candidates)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _button_for(answer: str, buttons: list[dict[str, str]]) -> Optional[dict[str, str]]:
    folded = fold(answer)
    first = re.split(r"[ ,.!]+", folded)[0] if folded else ""
    for button in buttons:
        title = fold(button.get("title", ""))
        if title == "ja" and first in {"ja", "japp", "jo", "jepp", "ja."}:
            return button
        if title == "nej" and first in {"nej", "na", "nae", "naa", "nope"}:
            return button
        if title == "vet inte" and folded.startswith("vet inte"):
            return button
        if title not in {"ja", "nej", "vet inte"} and title and (title in folded or folded in title):
            return button
    return None


def play(vignette: Vignette, say: Say, sender: str, seed: int = 0) -> Outcome:
    rng = random.Random(f"{vignette.id}-{seed}")
    outcome = Outcome(vignette, None, 0, 1, 0)
    message = vignette.opening
    outcome.transcript.append(("patient", message))
    for turn in range(MAX_TURNS):
        replies = say(sender, message)
        for reply in replies:
            if "text" in reply:
                outcome.transcript.append(("bot", reply["text"]))
            custom = reply.get("custom") or {}
            if custom:
                outcome.payloads.append(custom)
            if "triage" in custom:
                outcome.urgency = custom["triage"]["urgency"]
        if outcome.urgency is not None or not replies:
            return outcome
        question_msg = next((r for r in reversed(replies) if r.get("buttons")), None) or replies[-1]
        question = question_msg.get("text", "")
        outcome.questions += 1
        answer = answer_for(vignette, question)
        button = _button_for(answer, question_msg.get("buttons") or []) if turn % 2 == 1 else None
        if button is not None:
            message = button["payload"]
            outcome.button_turns += 1
        else:
            message = _typo(answer, rng)
            outcome.free_text_turns += 1
        outcome.transcript.append(("patient", message))
    return outcome
