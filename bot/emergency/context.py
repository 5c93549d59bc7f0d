"""When a pattern match does NOT count: negated, long ago, or a general question.

The rules are deliberately narrow (docs/emergency-signs.md): a match is cancelled only when we are
fairly sure. Anything unclear keeps the match, because a missed emergency is the worst outcome.
"""
from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

# Clause breaks: sentence punctuation (not the dot in "38.5"), commas followed by a space, newlines
# and conjunctions that start a new statement.
_CLAUSE_BREAK = re.compile(
    r"[.](?=\s|$)|[!?;:\n]|,(?=\s)|\s[-–]\s"
    r"|(?<![a-z])(?:men|fast|och|samt|but|and|although|though)(?![a-z])"
)
NEGATION = re.compile(
    r"(?<![a-z])(?:inte|int|ej|icke|ingen|inga|inget|intet|aldrig|utan|inte langre"
    r"|(?:har |hade )?slutat|slutade|not|no|never|none|without|dont|doesnt|didnt|isnt|wasnt"
    r"|havent|hasnt|cant|cannot|wont)(?![a-z])"
)
# Phrases that contain a negation word but express uncertainty, not absence: they never cancel.
UNCERTAIN = re.compile(
    r"(?<![a-z])(?:vet (?:inte|ej)|inte (?:saker|sakert|riktigt saker)|ingen aning|inte klart"
    r"|dont know|not sure|no idea)(?![a-z])"
)
# Between a negation and the match: these words mean the negation belongs to another statement.
_SCOPE_BREAKERS = frozenset(
    "att om nar eftersom medan darfor innan jag han hon hen vi de dom ni du "
    "that if when because since he she we they".split()
)
# Finite verbs start a new statement unless they directly follow the negation ("om jag inte har").
_FINITE_VERBS = frozenset(
    "har ar kan kunde blev blir gor far fick ska vill var hade kanns kandes verkar ligger hjalper "
    "hjalpte tror sager".split()
)
MAX_SCOPE_WORDS = 5

_NUMBER = (
    r"(?:\d+|en|ett|tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|femton|tjugo|trettio|fyrtio"
    r"|femtio|nagra|manga|flera|ett par|par|one|two|three|four|five|ten|many|several|a few)"
)
_PAST = re.compile(
    rf"(?<![a-z])(?:(?:for )?{_NUMBER} (?:ar|manader|manad|decennier)(?: \w+)? (?:sedan|sen)"
    r"|for (?:lange|mycket lange|manga ar) (?:sedan|sen)|forra (?:aret|manaden)|i fjol|ifjol"
    r"|som (?:barn|liten|ung|tonaring)|nar jag var (?:liten|barn|ung|yngre|tonaring)"
    rf"|{_NUMBER} (?:years|months) ago|long ago|last year|last month|as a (?:child|kid)"
    r"|when i was (?:a child|a kid|young|little))(?![a-z])"
)
_YEAR = re.compile(r"(?<![a-z0-9])(?<!fodd )(?<!fodd: )(?<!born )(?<!born in )((?:19|20)\d\d)(?![0-9])")
# "Today" words keep a match alive despite a past marker in the same clause.
_TODAY_STRICT = (
    r"idag|i dag|i morse|imorse|i morgse|nyss|alldeles nyss|i kvall|ikvall|forut idag|tidigare idag"
    r"|i eftermiddag|i natt|inatt|i forrgar|for en stund sedan"
    r"|for (?:en|ett par|nagra|\d+|tva|tre|fem|tio|tjugo) (?:minuter|min|timmar|timme|tim) (?:sedan|sen)"
    r"|today|this morning|tonight|this evening|just now|an hour ago|minutes ago|hours ago"
)
_TODAY = re.compile(rf"(?<![a-z])(?:{_TODAY_STRICT}|nu|just nu|right now)(?![a-z])")
_TODAY_MESSAGE = re.compile(rf"(?<![a-z])(?:{_TODAY_STRICT})(?![a-z])")
# Signs whose "today" word anywhere in the message overrides the past rule (TIA: came and went today).
TODAY_ANYWHERE_SIGNS = frozenset({"stroke"})

_GENERAL_QUESTION = re.compile(
    r"(?<![a-z])(?:vad (?:ar|finns det for) (?:det for )?(?:symtom|symptom|tecken|varningstecken)\w*"
    r"|vilka (?:ar )?(?:symtom|symptom|tecken|varningstecken)\w*|hur vet man|hur kanns|hur marker man"
    r"|hur ser (?:\w+ ){1,3}ut|vad (?:ska|bor|gor) man (?:gora )?(?:om|vid|nar)|kan man"
    r"|what are the (?:symptoms|signs)|how do (?:you|i) know|what should (?:you|one) do)(?![a-z])"
)
_PRESENT = re.compile(
    r"(?<![a-z])(?:(?:jag|han|hon|hen|vi|barnet|bebisen|pappa|mamma|mormor|morfar|farmor|farfar)"
    r" (?:har|ar|kan|kanner|fick|blev|ligger|verkar|andas|mar|sitter|svarar|vaknar|kraks|tog|holl)"
    r"|min|mitt|mina|nu|just nu|idag|i dag|i morse|imorse|ikvall|i kvall|inatt|i natt|nyss"
    r"|i have|im|i am|he has|she has|he is|she is|my|right now)(?![a-z])"
)


def is_general_question(text: str) -> bool:
    """A general question ("vad är symtom på stroke?") with nothing about a person here and now."""
    return bool(_GENERAL_QUESTION.search(text)) and not _PRESENT.search(text)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


def _scope_reaches(between: str) -> bool:
    """Does a negation reach over these words to the match? Short, same statement only."""
    words = _words(between)
    if len(words) > MAX_SCOPE_WORDS:
        return False
    if any(w in _SCOPE_BREAKERS for w in words):
        return False
    return not any(w in _FINITE_VERBS for w in words[1:])


def _inside(pos: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= pos < end for start, end in spans)


def _has_old_year(clause: str) -> bool:
    this_year = datetime.date.today().year
    return any(int(m.group(1)) < this_year for m in _YEAR.finditer(clause))


@dataclass(frozen=True)
class MessageContext:
    """Per-message facts the cancellation rules need."""

    text: str
    breaks: tuple[int, ...]  # sorted clause-break positions (start of each break)
    protected: tuple[tuple[int, int], ...]  # spans whose negation words belong to a sign or doubt

    @classmethod
    def build(cls, text: str, protected: tuple[tuple[int, int], ...]) -> MessageContext:
        """`protected`: spans of matches that contain their own negation ("kan inte andas")."""
        breaks = tuple(m.end() for m in _CLAUSE_BREAK.finditer(text))
        doubt = tuple(m.span() for m in UNCERTAIN.finditer(text))
        return cls(text, breaks, protected + doubt)

    def clause(self, pos: int) -> tuple[int, int]:
        """Start and end of the clause that holds position `pos`."""
        i = bisect.bisect_right(self.breaks, pos)
        start = self.breaks[i - 1] if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    def negated(self, start: int, end: int) -> bool:
        """A negation before the match, in its clause, that governs it; self-negating matches never are."""
        if NEGATION.search(self.text, start, end):
            return False  # the pattern owns its negation: "kan inte andas", "vaknar inte"
        clause_start, _ = self.clause(start)
        for neg in NEGATION.finditer(self.text, clause_start, start):
            if _inside(neg.start(), self.protected):
                continue
            if _scope_reaches(self.text[neg.end() : start]):
                return True
        return False

    def long_ago(self, start: int, sign_id: str) -> bool:
        """The match's clause is about the distant past, and nothing says it happened today."""
        clause = self.text[slice(*self.clause(start))]
        if not (_PAST.search(clause) or _has_old_year(clause)):
            return False
        if _TODAY.search(clause):
            return False
        return not (sign_id in TODAY_ANYWHERE_SIGNS and _TODAY_MESSAGE.search(self.text))

    def cancelled(self, start: int, end: int, sign_id: str) -> bool:
        """Whether a match at text[start:end] for `sign_id` does not count."""
        return self.negated(start, end) or self.long_ago(start, sign_id)
