"""When a pattern match does NOT count: negated, long ago, or a general question.

The rules are deliberately narrow (docs/emergency-signs.md): a match is cancelled only when we are
fairly sure. Anything unclear keeps the match, because a missed emergency is the worst outcome.
"""
from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field

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
_SCOPE_CHARS = 120  # a governing negation lies within MAX_SCOPE_WORDS words, so within this window

_NUMBER = (
    r"(?:\d+|en|ett|tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton"
    r"|sjutton|arton|nitton|tjugo|trettio|fyrtio|femtio|nagra|manga|flera|ett par|par|one|two|three"
    r"|four|five|ten|many|several|a few)"
)
_PERSON = r"(?:jag|han|hon|hen|vi|de|dom|du|min \w+|mitt \w+|mina \w+)"
_PAST = re.compile(
    rf"(?<![a-z])(?:(?:for )?{_NUMBER} (?:ar|decennier)(?: \w+)? (?:sedan|sen)"
    r"|for (?:lange|mycket lange|manga ar) (?:sedan|sen)|forra (?:aret|manaden)|i fjol|ifjol"
    r"|som (?:barn|liten|ung|tonaring|bebis)"
    rf"|nar {_PERSON} (?:var|gick i) (?:liten|barn|ung|yngre|bebis|tonaring|tonaren|{_NUMBER}"
    r"(?: ar)?|lagstadiet|mellanstadiet|hogstadiet|gymnasiet|plugget)"
    r"|(?:pa|under|i borjan av|i slutet av) (?:19)?[0-9]0-talet"
    rf"|{_NUMBER} (?:years) ago|long ago|last year|as a (?:child|kid)"
    r"|when i was (?:a child|a kid|young|little))(?![a-z])"
)
_YEAR = re.compile(
    r"(?<![a-z0-9])(?<!fodd )(?<!fodd: )(?<!born )(?<!born in )(?<!det ar )((?:19|20)\d\d)(?![0-9])"
    r"(?! ?(?:mg|ml|g|gram|mikrogram|ie|enheter|e|kr|st|kcal|steg|m|meter|km|kg)(?![a-z]))"
)
# "Today" words keep a match alive despite a past marker in the same clause.
_TODAY_STRICT = (
    r"idag|i dag|i morse|imorse|i morgse|nyss|alldeles nyss|i kvall|ikvall|forut idag|tidigare idag"
    r"|i eftermiddag|i eftermiddags|i natt|inatt|for en stund sedan|pa lunchen"
    r"|for (?:en|ett par|nagra|\d+|tva|tre|fem|tio|tjugo) (?:minuter|min|timmar|timme|tim) (?:sedan|sen)"
    r"|today|this morning|tonight|this evening|just now|an hour ago|minutes ago|hours ago"
)
_TODAY = re.compile(rf"(?<![a-z])(?:{_TODAY_STRICT}|nu|just nu|right now)(?![a-z])")
_TODAY_WORD = re.compile(rf"(?<![a-z])(?:{_TODAY_STRICT})(?![a-z])")
_AGAIN = re.compile(
    r"(?<![a-z])(?:igen|likadant|samma (?:sak|symtom\w*|sak igen)|hande det|har det hant|en ny"
    r"|ytterligare en|again)(?![a-z])"
)
# For stroke a "today" word in another clause of the message also overrides the past rule when it
# says the same thing happened again ("hade en stroke 2019 och idag igen"): a TIA counts even if over.
TODAY_ANYWHERE_SIGNS = frozenset({"stroke"})

# A negation directly after the match negates a verb-final match ("ansiktet hänger inte").
_NEGATION_AFTER = re.compile(
    r" (?:inte|int|ej|aldrig|inte langre|inte alls)(?![a-z])(?! (?:bara|enbart|endast|heller forst))"
)

_INTERROGATIVE = r"(?:vad|vilka|vilken|vilket|hur|varfor|nar|fran vilken|what|how|why|when)"
_GENERAL_QUESTION = re.compile(
    r"(?<![a-z])(?:vad (?:ar|finns det for) (?:det for )?(?:symtom|symptom|tecken|tecknen"
    r"|varningstecken|varningstecknen)\w*"
    r"|vilka (?:ar )?(?:symtom|symptom|tecken|tecknen|varningstecken|varningstecknen)\w*"
    r"|hur (?:\w+ ){0,3}man|vad (?:ska|bor|gor|kan|far|maste) man|(?:ska|bor|kan|far|maste|brukar|gor)"
    r" man|kan man|vad ar skillnaden|what are the (?:symptoms|signs)|how do (?:you|i) know"
    r"|what should (?:you|one) do)(?![a-z])"
)
# A short question that starts with a question word and ends with "?" is general when no person
# or time marker is in it ("vad är en TIA?", "varför blir äldre förvirrade av UVI?").
_SHORT_QUESTION = re.compile(rf"^{_INTERROGATIVE}(?![a-z])[^.!?\n]{{0,120}}\?+$")
_PERSON_WORD = re.compile(
    r"(?<![a-z])(?:jag|du|han|hon|hen|vi|ni|mig|mej|dig|oss|honom|henne|hans|hennes|var|vart|vara"
    r"|barnet|bebisen|sonen|dottern|pappa|mamma|he|she|we|you)(?![a-z])"
)
_PRESENT = re.compile(
    r"(?<![a-z])(?:(?:jag|han|hon|hen|vi|du|barnet|bebisen|pappa|mamma|mormor|morfar|farmor|farfar)"
    r" (?:har|ar|kan|kanner|fick|blev|ligger|verkar|andas|mar|sitter|svarar|vaknar|kraks|tog|holl"
    r"|hade|var|blir|tror|haller)"
    r"|(?:har|ar|kan|kanner|fick|blev|ligger|verkar|andas|mar|sitter|svarar|vaknar|kraks|tog|var"
    r"|hade|blir) (?:jag|han|hon|hen|vi|barnet|bebisen|pappa|mamma|min \w+)"
    r"|min|mitt|mina|mig|mej|honom|henne|nu|just nu|idag|i dag|i morse|imorse|ikvall|i kvall|inatt"
    r"|i natt|nyss|hjalp|snalla|akut|i have|im|i am|he has|she has|he is|she is|my|me|right now)(?![a-z])"
    r"|!"
)


def is_general_question(text: str) -> bool:
    """A general question ("vad är symtom på stroke?") with nothing about a person here and now."""
    if _PRESENT.search(text):
        return False
    if _GENERAL_QUESTION.search(text):
        return True
    return bool(_SHORT_QUESTION.search(text.strip())) and not _PERSON_WORD.search(text)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


# "inga tankar på att …", "ingen avsikt att …": a negated noun whose "att" clause is the match. Here "att"
# does not start another statement, so the negation reaches over it.
_NEGATED_INTENT = (
    ("tankar", "pa", "att"), ("tanke", "pa", "att"), ("planer", "pa", "att"), ("plan", "pa", "att"),
    ("avsikt", "att"), ("avsikter", "att"),
)


def _scope_reaches(between: str) -> bool:
    """Does a negation reach over these words to the match? Short, same statement only."""
    words = _words(between)
    for head in _NEGATED_INTENT:
        if tuple(words[:len(head)]) == head:
            words = words[len(head):]
            break
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
    breaks: tuple[int, ...]  # sorted clause-break positions (end of each break)
    protected: tuple[tuple[int, int], ...]  # spans whose negation words belong to a sign or doubt
    again_today: bool  # some clause says it happened again today ("och idag igen")
    _past_cache: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, text: str, protected: tuple[tuple[int, int], ...]) -> MessageContext:
        """`protected`: spans of matches that contain their own negation ("kan inte andas")."""
        breaks = tuple(m.end() for m in _CLAUSE_BREAK.finditer(text))
        doubt = tuple(m.span() for m in UNCERTAIN.finditer(text))
        bounds = zip((0,) + breaks, breaks + (len(text),), strict=True)
        again = any(_TODAY_WORD.search(text, a, b) and _AGAIN.search(text, a, b) for a, b in bounds)
        return cls(text, breaks, protected + doubt, again)

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
        window_start = max(clause_start, start - _SCOPE_CHARS)
        for neg in NEGATION.finditer(self.text, window_start, start):
            if _inside(neg.start(), self.protected):
                continue
            if _scope_reaches(self.text[neg.end() : start]):
                return True
        return False

    def negated_after(self, start: int, end: int) -> bool:
        """'ansiktet hänger inte': a negation right after a match that has none of its own."""
        if NEGATION.search(self.text, start, end):
            return False
        return bool(_NEGATION_AFTER.match(self.text, end))

    def _clause_in_past(self, clause_start: int, clause_end: int) -> bool:
        """A past marker and no "today" word in the clause (cached: many matches share a clause)."""
        if clause_start not in self._past_cache:
            clause = self.text[clause_start:clause_end]
            past = bool(_PAST.search(clause) or _has_old_year(clause))
            self._past_cache[clause_start] = past and not _TODAY.search(clause)
        return self._past_cache[clause_start]

    def long_ago(self, start: int, sign_id: str) -> bool:
        """The match's clause is about the distant past, and nothing says it happened today."""
        if not self._clause_in_past(*self.clause(start)):
            return False
        return not (sign_id in TODAY_ANYWHERE_SIGNS and self.again_today)

    def cancelled(self, start: int, end: int, sign_id: str, whole_sign: bool = True) -> bool:
        """Whether a match at text[start:end] for `sign_id` does not count.

        `whole_sign`: the match is a complete sign (an `any` pattern). Only then does a negation
        right after it cancel: an `all` group is often a bare noun ("barnet inte vill dricka").
        """
        return (
            self.negated(start, end)
            or (whole_sign and self.negated_after(start, end))
            or self.long_ago(start, sign_id)
        )
