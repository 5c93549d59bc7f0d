"""Read a citizen's free-text answer to one protocol question.

Returns the canonical value ("ja"/"nej", an option value, a number, hours) or DONT_KNOW, or None
when the answer cannot be read (the caller re-asks once, then records DONT_KNOW).
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Union

from bot.text.normalize import fold, words
from bot.text.numbers import WORD_NUMBERS, first_number
from bot.triage.body_parts import answers_another_place
from bot.triage.model import Option, Question
from bot.triage.reassurance import (
    _DOUBT,
    _DROWSY,
    contradicts_cannot,
    milder_than_asked,
    reassured_after_but,
    reassuring_no,
)
from bot.triage.respell import respelled

DONT_KNOW = "vet_inte"
Value = Union[str, float]

_DONT_KNOW = re.compile(
    r"\b(vet (inte|ej|ik|int)|vete (fan|tusan)|ingen aning|osaker|kanske|vet ej|kan inte (svara|saga)|"
    r"minns inte|kommer inte ihag|har inte (matt|kollat|koll)|dont know|no idea|not sure|ingen koll|oklart)\b"
)
_YES = re.compile(
    r"^(ja+|japp|jepp|jo+|jadu|jajamen|absolut|visst|aa+|ja ?a|yes|yep|yup|ok|okej|precis|stammer|"
    r"det (gor|har|ar|kan) (det|jag|han|hon|hen|vi)|sant|tror det|ja lite|lite|javisst|definitivt|"
    r"ja tyvarr|ja det|mycket|typ ja|ja typ)\b"
)
_NO = re.compile(
    r"^(nej|nae+|na+|ne+|nope|no|inte|typ inte|icke|aldrig|inget|"
    r"ingen|inga|nix|nej nej|tror inte|knappast|inte vad jag vet)\b"
)
_NOT_WELL = re.compile(r"^inte (sa |alls |speciellt |sarskilt |helt )?(bra|okej|ok|kul|pigg|frisk|pa topp|som vanligt)\b")
_FILLER = re.compile(r"^(eh+|hm+|mm+|asså|alltsa|typ|well|nja)[ ,.]+")  # "eh, nej" reads as "nej"
_NEG_ANYWHERE = re.compile(r"\b(inte|ej|ingen|inget|inga|aldrig)\b")

_UNIT_HOURS = {
    "min": 1 / 60, "minut": 1 / 60, "minuter": 1 / 60, "minuten": 1 / 60,
    "timme": 1, "timmar": 1, "timma": 1, "tim": 1, "h": 1, "timmen": 1,
    "dygn": 24, "dag": 24, "dagar": 24, "dagen": 24, "dar": 24,
    "vecka": 168, "veckor": 168, "veckan": 168, "v": 168,
    "manad": 720, "manader": 720, "man": 720, "manaden": 720,
    "ar": 8760, "aret": 8760,
}
_FIXED_HOURS = [
    (r"\b(en )?halvtimm?e?\b", 0.5), (r"\bkvart\b", 0.25), (r"\bnyss\b|\bprecis (nu|borjat)\b", 0.25),
    (r"\bi morse\b|\bimorse\b", 6), (r"\bi natt\b|\binatt\b", 8), (r"\bi (for)?middags\b", 4),
    (r"\bi gar kvall\b|\bigar kvall\b|\bigarkvall\b", 18), (r"\bi forrgar\b|\biforrgar\b", 48),
    (r"\bi gar\b|\bigar\b", 24), (r"\bforra veckan\b", 168), (r"\bforra manaden\b", 720),
    (r"\bi dag\b|\bidag\b|\bi eftermiddag\b|\bi kvall\b|\bikvall\b", 4), (r"\blange\b", 720),
]
_WEEKDAYS = {"mandag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lordag": 5, "sondag": 6}


_NORMAL = re.compile(r"\b(normalt?|som vanligt|klar i huvudet|helt (ok|bra|vaken)|inga problem|utan problem|"
                     r"mar bra|ser bra ut|pigg\w*|alert|lugnt|fint|leker|som den ska|som det ska)\b")
_RESOLVED = re.compile(r"\b(har slutat|slutat|slutade|stannade|har stannat|gatt over|ar borta|forsvunnit|gick over)\b")
_PROBLEM = re.compile(r"\b(\w*svart|\w*jobbigt|\w*tungt|ont|kan inte|orkar inte|klarar inte|varre|mycket|kraftigt|"
                      r"knappt|nastan inte|for svag|jatte\w+|valdigt|kraks|kraker|spyr|hela tiden|inte alls)\b")
_CAN = re.compile(r"\b(kan|orkar|klarar) (\w+ )?(dricka|ata|svalja|ga|andas|prata|stodja|rora|kissa|sova|se)\b")
_VERB_GROUPS = (
    {"ga", "stodja", "sta", "belasta", "halta", "ben", "benet", "foten", "trampa"},
    {"dricka", "ata", "svalja", "amma", "dricker"},
    {"andas", "andningen"}, {"prata", "tala"}, {"kissa", "kissar"}, {"sova", "sover"}, {"se", "ser", "synen"},
    {"rora", "anvanda", "armen", "handen", "leden"},
)
_CAN_DOUBT = re.compile(r"\b(kryck\w*|rullstol|med hjalp|stod av|knappt|nastan inte|lite grann|bara lite|haltar mycket)\b")


def _can_fits(question_f: str, answer: str) -> bool:
    """"Jag kan gå" answers a question about standing on the leg, not one about drinking; no crutches."""
    if _CAN_DOUBT.search(answer):
        return False
    verb = _CAN.search(answer).group(3)
    asked = set(re.findall(r"[a-z]+", question_f))
    return any(verb in group and group & asked for group in _VERB_GROUPS)


_CANNOT = re.compile(r"\b(kan|orkar|klarar|vill|gar|far) (inte|ej)\b")
_DIFFICULTY = re.compile(r"\b(svart|svarighet\w*|inte|problem|utan att kunna)\b")
_HARDLY = re.compile(r"\b(knappt|for svag)\b")  # "knappt orkar stå": a difficulty for "kan gå" answers
# The asked condition is a lack or a doubt: a negated echo ("har inte kissat") may then mean "ja".
_LACK = re.compile(r"\b(sa lite|for lite|mindre|utan att|osaker\w*|slutat|slutar|svagare|samre|upphort|tappat|"
                   r"inget|ingen|inga|aldrig)\b")
_ALMOST_NONE = re.compile(r"\b(nastan (inget|inte|ingenting|ingen|aldrig)|knappt)\b")
_ABILITY = re.compile(r"^(kan|orkar|klarar|gar det att|lyckas)\b(?! \w+ (inte|ej)\b)")  # not "kan du inte ..."
_ECHO_STOP = frozenset("har har ar du han hon hen det den som att och eller med for inte lite mycket kan nu just "
                       "din ditt dina hans hennes barnet sig sin dig honom henne i pa av till om efter "
                       "kanns kanner kande kanna brukar blir blivit haft fatt gora gjort varit tycker sedan nagot "
                       "nagon nagra ganska valdigt hela tiden sett annars vanligt vanlig ovanligt "
                       "flera manga varje alla gang ganger ibland minut minuter timme timmar dygn dagar vecka veckor "
                       "manad manader".split())  # quantities and time units echo nothing


def _content_words(folded: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", folded) if len(w) > 3 and w not in _ECHO_STOP}


_GENERAL_Q = re.compile(r"\b((du|han|hon|hen|barnet) (\w+ )?blek|kallsvett\w*|svimfardig|svimma\w*|chock\w*"
                        r"|allmanpaverk\w*|daligt|medtagen|sjuk|slo|orkar|trott\w*|vacka|kontakt)\b")
_GENERAL_A = re.compile(r"\b(mar (bra|fint|ok|okej)|ser (bra|pigg) ut|pigg\w*|leker|helt (ok|bra|vaken)|klar i huvudet)\b")
_LOOSE_STOP = _ECHO_STOP | frozenset("nar var vad hur sen bara lite alla inga ingen inget som men jag mig mej oss dom ska "
                                     "far fick nog val typ gar gick kom".split())


def _loose_echo(question_f: str, answer: str) -> bool:
    """A word of the answer is a form of a word of the question ("blödde" ~ "blöder", "hör" ~ "hörsel")."""
    asked = [w for w in re.findall(r"[a-z]+", question_f) if len(w) >= 3 and w not in _LOOSE_STOP]
    for word in re.findall(r"[a-z]+", answer):
        if len(word) < 3 or word in _LOOSE_STOP:
            continue
        for other in asked:
            n = min(4, len(word), len(other))
            if word[:n] == other[:n]:
                return True
    return False


def _normal_or_resolved(question_f: str, answer: str) -> Value | None:
    """"andas lugnt, inga indragningar", "det blödde men har slutat": the normal state of what was asked.

    "Normal" must be said about the question's own subject (in the same part of the answer), or be general
    well-being to a question about general state; nothing else in the answer may name what was asked or
    sound doubtful ("hon är pigg men andas snabbt" to "svårt att andas?" stays unclear).
    """
    resolved = _RESOLVED.search(answer)
    # "det blödde mycket först men slutade när jag tryckte": a degree before the end of it is no doubt now
    if _DOUBT.search(answer[resolved.start():] if resolved else answer) or (resolved and _WORSE.search(answer)):
        return None
    parts = [p for p in re.split(r",|\bmen\b|\bfast\b", answer) if p.strip()]
    if resolved:
        relevant = _loose_echo(question_f, _RESOLVED.sub(" ", answer))  # not "slutat" ~ "slutar" itself
        others: list[str] = []
    else:
        normal = [p for p in parts if _NORMAL.search(p)]
        others = [p for p in parts if not _NORMAL.search(p)]
        relevant = any(_loose_echo(question_f, p) for p in normal)
    if not relevant and _GENERAL_Q.search(question_f) and _GENERAL_A.search(answer):
        relevant = True
    if not relevant or any(_loose_echo(question_f, p) for p in others):
        return None  # "hon leker" says nothing about a rash
    return "ja" if _NORMAL.search(question_f) else "nej"


_PRONOUNS = frozenset("det den du han hon hen jag barnet man ni vi sig dig mig".split())


_PREPOSITIONS = frozenset("i pa vid av med om till".split())  # "inte i munnen": the word after is munnen


def _negation_pairs(text: str) -> set[tuple[str, str]]:
    """(negation, nearest content word before) and (negation, nearest after) for each negation in the text."""
    tokens = re.findall(r"[a-z]+", text)
    pairs = set()
    for i, token in enumerate(tokens):
        if token not in ("inte", "ej", "inget", "ingen", "inga"):
            continue
        before = next((t for t in reversed(tokens[max(0, i - 3):i]) if t not in _PRONOUNS), None)
        after = next((t for t in tokens[i + 1:i + 3] if t not in _PRONOUNS and t not in _PREPOSITIONS), None)
        pairs |= {(token, w[:4]) for w in (before, after) if w and len(w) >= 3}
    return pairs


def _agrees_with_negated_question(question_f: str, answer: str) -> bool:
    """The answer repeats the negated phrase the red flag is made of ("det kommer inget", "orkar inte dricka")."""
    return bool(_negation_pairs(question_f) & _negation_pairs(answer)) and not _NO.match(answer)


def _cannot_fits(question_f: str, answer: str) -> bool:
    """"jag kan inte stå på foten" answers "Kan du inte stödja på benet?" (same group of verbs)."""
    found = re.search(r"\b(?:kan|orkar|klarar) (?:inte|ej) (\w+)", answer)
    if not found:
        return False
    asked = set(re.findall(r"[a-z]+", question_f))
    return any(found.group(1) in group and group & asked for group in _VERB_GROUPS)


def _about_something_else(question_f: str, cleaned: str) -> bool:
    """A leading "lite" that qualifies a word the question does not ask about is no yes."""
    found = re.match(r"^lite (\w+)", cleaned)
    if not found or found.group(1) in ("grann", "granna", "ibland", "men", "da", "mer", "mindre", "mycket"):
        return False
    first_part = re.split(r",|\bmen\b|\boch\b|\bfast\b", cleaned)[0]  # "lite tungt att andas men ..."
    return not _loose_echo(question_f, first_part)


def _mixed(question_f: str, answer: str) -> bool:
    """The answer names the question's things both with and without a negation, in different parts."""
    plain, negated = False, False
    for part in re.split(r",|\bmen\b|\bfast\b", answer):
        if _content_words(question_f) & _content_words(part):
            if _NEG_ANYWHERE.search(part):
                negated = True
            else:
                plain = True
    return plain and negated


def _echo_without_negation(question_f: str, answer: str) -> bool:
    """A part of the answer names what the question asks about without denying it; the negation is elsewhere."""
    for part in re.split(r",|\bmen\b|\bfast\b|\boch\b", answer):
        if _content_words(question_f) & _content_words(part) and not _NEG_ANYWHERE.search(part):
            return True
    return False


def _negation_touches_question(question_f: str, answer: str) -> bool:
    """Some negation in the answer stands next to a word of the question ("har inte kräkts" to "kräkts du?"),
    not only next to something else ("ögat är inte rött" to "frätande i ögat?")."""
    asked = {w[:4] for w in re.findall(r"[a-z]+", question_f) if len(w) >= 3}
    return any(word in asked for _, word in _negation_pairs(answer))


_BETTER_THEN_WORSE = re.compile(r"\bbattre\b.*\b(samre|varre)\b")
_BETTER_NOW = re.compile(r"\b(battre|pa battringsvagen|blir battre|gar (at ratt hall|framat))\b")
_WORSE = re.compile(r"\b(samre|varre|igen|ny feber|tillbaka)\b")


def _better_not_worse(question_f: str, answer: str) -> bool:
    """"Blev du först bättre och sedan sämre igen?" — "känns lite bättre idag": getting better, not worse again."""
    return bool(_BETTER_THEN_WORSE.search(question_f) and _BETTER_NOW.search(answer)
                and not _WORSE.search(answer) and not _DOUBT.search(answer) and not _NEG_ANYWHERE.search(answer))


_WITHOUT = re.compile(r"\butan att (?:bli |vara |kanna sig |kanna dig )?([a-z]+)")


def _has_what_is_missing(question_f: str, cleaned: str) -> bool:
    """The question's sign is that something is missing ("sovit lite utan att bli trött"); the answer says it
    is there ("lite trött på dagen"), without any negation of its own."""
    without = {w[:5] for w in _WITHOUT.findall(question_f)}
    if not without or _NEG_ANYWHERE.search(cleaned) or re.search(r"\butan\b", cleaned):
        return False
    said = {w[:5] for w in re.findall(r"[a-z]+", cleaned) if len(w) > 3}
    return bool(said & without)


def _setting(question_f: str) -> set[str]:
    """Words that set the scene rather than name the sign: "huden runt bettet", "samtidigt som du har ont i
    magen"."""
    after = re.findall(r"\bsamtidigt som ((?:\w+ ?){1,5})", question_f)
    return _places_around(question_f) | {w[:5] for part in after for w in part.split() if len(w) > 3}


def _only_the_setting(question_f: str, cleaned: str) -> bool:
    """A "ja" whose words only repeat the scene the question sets, not its sign."""
    rest = _content_words(_YES.sub("", cleaned, count=1))
    setting = _setting(question_f)
    sign = _content_words(question_f) - setting
    return bool(rest & setting) and not rest & sign


_COLOURED = re.compile(r"\b(rod|roda|rott|svart|svarta|vit|vita|vitt|gul|gula|gult|gron|grona|gront|bla|blatt|brun|bruna|"
                       r"brunt|lila|rosa|gra|gratt) ([a-z]{4,})")


def _other_colour(question_f: str, answer: str) -> set[str]:
    """Things the answer names in another colour than the question ("röda prickar" to "svarta prickar")."""
    asked = {thing[:5]: colour[:3] for colour, thing in _COLOURED.findall(question_f)}
    return {thing[:5] for colour, thing in _COLOURED.findall(answer)
            if thing[:5] in asked and asked[thing[:5]] != colour[:3]}


def _places_around(question_f: str) -> set[str]:
    """Where the asked sign would be ("huden runt bettet"): naming that place alone is no yes."""
    places = re.findall(r"\b(?:runt|kring|omkring) (?:det |den |ett |en )?([a-z]+)(?: (?:eller|och) ([a-z]+))?", question_f)
    return {w[:5] for pair in places for w in pair if len(w) > 3}


_ELSEWHERE_Q = re.compile(r"\b(andra stallen|nagon annanstans|annat stalle|andra delar av kroppen|an dar)\b")
_ONLY_HERE = re.compile(r"\b(bara|endast|enbart) (runt|vid|kring|pa|i|dar)\b")


def _only_where_it_is(question_f: str, answer: str) -> bool:
    """A question about the same sign somewhere else, answered that it is only where it was: every part of
    the answer says "bara runt sticket" or denies something."""
    if not _ELSEWHERE_Q.search(question_f) or not _ONLY_HERE.search(answer):
        return False
    parts = [p for p in re.split(r",|\bmen\b|\boch\b", answer) if p.strip()]
    return all(_ONLY_HERE.search(p) or _NEG_ANYWHERE.search(p) for p in parts)


def _yes_no_from_words(question: str, answer: str) -> Value | None:
    """Read a descriptive answer ("hon andas normalt", "har inte kräkts") against the question's words.

    Only clear cases are read; anything ambiguous returns None so that the question is asked again.
    """
    negated = bool(_NEG_ANYWHERE.search(answer))
    question_f = fold(question)
    if _better_not_worse(question_f, answer):
        return "nej"
    if _only_where_it_is(question_f, answer):
        return "nej"  # "det kliar bara runt sticket, inga utslag på kroppen" to "… på andra ställen?"
    reassured = reassuring_no(question_f, answer)
    if reassured is not None:
        return reassured  # "han dricker och åt frukost" to "... inte orkar dricka?"
    echo = (_content_words(question_f) - _setting(question_f) - _other_colour(question_f, answer)) \
        & _content_words(answer)
    if (_NORMAL.search(answer) or _RESOLVED.search(answer)) and not re.search(r"\b(inte|ej|aldrig)\b", answer):
        return _normal_or_resolved(question_f, answer)
    if _mixed(question_f, answer):
        return None  # "hon dricker men har inte kissat": one part yes, one part no
    difficulty, ability = bool(_DIFFICULTY.search(question_f)), bool(_ABILITY.search(question_f))
    hard = difficulty or bool(_HARDLY.search(question_f))
    if _agrees_with_negated_question(question_f, answer):
        return "ja"  # "Kommer det inget kiss alls?" — "det kommer inget"
    if _CANNOT.search(answer) and (echo or _cannot_fits(question_f, answer)) and hard != ability:
        return "ja" if hard else "nej"
    if _CAN.search(answer) and not _CANNOT.search(answer) and hard != ability and _can_fits(question_f, answer):
        return "nej" if hard else "ja"  # "jag kan dricka och äta": no difficulty
    if not echo:
        return None
    without = {w[:5] for w in re.findall(r"\butan att (?:bli |vara |kanna sig |kanna dig )?([a-z]+)", question_f)}
    if echo <= without:
        # "... utan att bli trött?" — "trött på dagarna": the answer has what the question says is missing
        return None if negated else "nej"
    if not negated:
        if difficulty and not _PROBLEM.search(answer):
            return None  # "andas lugnt" to "svårt att andas?" — not a clear yes
        return None if ability and _CANNOT.search(answer) else "ja"
    if _ALMOST_NONE.search(answer):
        return None  # "hör nästan inget" is a degree, not a denial
    if _echo_without_negation(question_f, answer) or not _negation_touches_question(question_f, answer):
        return None  # "ögonlocket är svullet men ögat är inte rött" to "blåsor på ögonlocket?": not denied
    return None if difficulty or ability or _LACK.search(question_f) else "nej"


_THRESHOLD = re.compile(r"(\d{2}(?:[.,]\d)?) ?grader")
_TEMPERATURE = re.compile(r"\b(3[4-9]|4[0-3])(?:[.,](\d))?\b")


def _temperature_against_threshold(question: str, answer: str) -> Value | None:
    """"Har du feber, 38 grader eller mer?" answered "37,8 ibland": compare with the threshold."""
    limit = _THRESHOLD.search(fold(question))
    found = _TEMPERATURE.search(answer)
    if not limit or not found:
        return None
    value = float(found.group(1) + "." + (found.group(2) or "0"))
    return "ja" if value >= float(limit.group(1).replace(",", ".")) else "nej"


_TIME_LIMIT = re.compile(r"\b(?:mer|langre) an (\d{1,3}|[a-z]+) (minuter|minut|timmar|timme|dygn|dagar|veckor)\b")


def _duration_against_threshold(question_f: str, answer: str) -> Value | None:
    """"Har såret blött i mer än 20 minuter …?" answered "ungefär tio minuter": "nej"; "en halvtimme": "ja".
    Only when the question has no other alternative ("eller") that a duration could not answer."""
    limit = _TIME_LIMIT.search(question_f)
    if not limit or re.search(r"\beller\b", question_f) or _NEG_ANYWHERE.search(answer):
        return None
    asked = duration_hours(f"{limit.group(1)} {limit.group(2)}")
    said = duration_hours(answer)
    if asked is None or said is None:
        return None
    return "ja" if said > asked else "nej"


_SIZE_LIMIT = re.compile(r"\b(?:storre|mer|langre|bredare) an (\d{1,3}) ?(cm|centimeter|mm)\b")
_SIZE = re.compile(r"\b(\d{1,3}(?:[.,]\d)?) ?(cm|centimeter|mm)\b")


def _size_beyond_threshold(question_f: str, answer: str) -> Value | None:
    """"... nu är större än 5 cm?" answered "ungefär 7 cm": "ja". A smaller size stays unread: the question
    may ask about something else too ("eller som ser ut som en ring")."""
    limit, found = _SIZE_LIMIT.search(question_f), _SIZE.search(answer)
    if not limit or not found or _NEG_ANYWHERE.search(answer[:found.start()]):
        return None

    def mm(number: str, unit: str) -> float:
        return float(number.replace(",", ".")) * (1 if unit == "mm" else 10)

    return "ja" if mm(*found.groups()) > mm(*limit.groups()) else None


_NEGATED_Q = re.compile(r"\b(inte|inget|ingen|ingenting)\b")
# A question about a difficulty ("Är det svårt att väcka henne?") is negative in meaning: a "ja" followed by
# the clear opposite ("ja hon leker och ler") answers whether all is well, like a "ja" to a negated question.
_DIFFICULT_Q = re.compile(r"\b(svart|svar) att\b")


def _yes_then_the_opposite(question_f: str, cleaned: str) -> bool:
    """A "ja" to a negated question, followed by words that clearly say the opposite of the red flag.

    "Kan du inte stödja på benet alls?" — "ja jag kan gå på den"; "Mår hon så dåligt att hon inte orkar
    dricka?" — "jo hon dricker som vanligt". The "ja" agrees with what the person can do, not with the
    question's negation. Only when the rest names the asked ability (same group of verbs) or reads as the
    reassuring opposite of the question's topic, with nothing doubtful, negated or half-said in it.
    """
    difficult = bool(_DIFFICULT_Q.search(question_f))
    if not _NEGATED_Q.search(question_f) and not difficult:
        return False
    rest = _YES.sub("", cleaned, count=1).strip(" ,.!")
    if not rest or _DOUBT.search(rest) or _NEG_ANYWHERE.search(rest) or _ALMOST_NONE.search(rest):
        return False
    if difficult and not _NEGATED_Q.search(question_f):
        # "kan andas" is no opposite of "svårt att andas"; only a clearly well state is
        return not _DROWSY.search(rest) and reassuring_no(question_f, rest) == "nej"
    if _CAN.search(rest) and _can_fits(question_f, rest):
        return True
    return reassuring_no(question_f, rest) == "nej"


def _no_but_something_asked(question_f: str, cleaned: str) -> bool:
    """"nej men jag har svårt att andas" to "Har du ont i bröstet eller svårt att andas?": the "nej" answers
    one part; what follows "men" names another thing asked, without denying it. Either of the question's
    alternatives is enough ("ja"); a question without alternatives is asked again."""
    parts = re.split(r"\b(?:men|fast|utom|forutom)\b", cleaned)[1:]
    difficulty = bool(_DIFFICULTY.search(question_f))

    def affirms(part: str) -> bool:  # "svårt att andas", also "jag kan inte andas" to a question about difficulty
        if _CAN.search(part) and not _CANNOT.search(part) and difficulty:
            return False  # "men jag kan andas": the ability, not the difficulty
        plain = not _NEG_ANYWHERE.search(part) or bool(_CANNOT.search(part) and difficulty)
        return plain and not _NORMAL.search(part)

    return any(_content_words(question_f) & _content_words(p) and affirms(p) for p in parts)


def _yes_then_only_normal(question_f: str, cleaned: str) -> bool:
    """A "ja" followed only by something normal, to a question about a problem, says two things at once:
    "ja han går och rör foten som vanligt" to "Har han tappat känseln nedanför såret?". A part that names
    what was asked keeps the yes ("ja han har tappat känseln, annars som vanligt")."""
    if _NORMAL.search(question_f) or not _NORMAL.search(cleaned) or _NEG_ANYWHERE.search(cleaned):
        return False
    rest = _YES.sub("", cleaned, count=1)
    if not _content_words(_NORMAL.sub(" ", rest)):
        return False  # "ja som vanligt", "ja hon leker": nothing else described, the yes stands
    parts = [p for p in re.split(r",|\bmen\b|\bfast\b|\boch\b|\bannars\b", rest) if p.strip()]
    return not any(_loose_echo(question_f, p) for p in parts if not _NORMAL.search(p))


_HEDGE = re.compile(r"\bkanske\b")


def _yes_despite_hedge(folded: str, question: str) -> Value:
    """"större än hennes handflata, kanske som tre av hennes händer": a "kanske" that only hedges a detail.

    Without the hedge the answer may read as a clear "ja", which is then kept: uncertainty may only move an
    answer toward the alarming side, so a hedged answer that would read "nej" stays "vet inte".
    """
    plain = _HEDGE.sub(" ", folded).strip()
    degree_only = re.match(r"(lite|mycket)\b", plain)  # "lite bättre kanske" is no clear answer
    if question and plain and not degree_only and not _DONT_KNOW.search(plain) and _yes_no(plain, question) == "ja":
        return "ja"
    return DONT_KNOW


def _measured(question: str, question_f: str, folded: str) -> Value | None:
    """A number in the answer against the question's limit: temperature, size or duration."""
    return (_temperature_against_threshold(question, folded) or _size_beyond_threshold(question_f, folded)
            or _duration_against_threshold(question_f, folded))


def _yes_no(text: str, question: str = "") -> Value | None:
    question_f = fold(question)
    folded = respelled(fold(text), question_f) if question else fold(text)
    measured = _measured(question, question_f, folded) if question else None
    if measured is not None:
        return measured
    if _DONT_KNOW.search(folded):
        return _yes_despite_hedge(folded, question)
    cleaned = _FILLER.sub("", folded)
    if _NOT_WELL.match(cleaned):
        return None  # "inte så bra" tells how someone feels, it is no "nej"
    if _NO.match(cleaned):
        if question and _no_but_something_asked(question_f, cleaned):
            return "ja" if re.search(r"\beller\b", question_f) else None
        return "nej"
    if question and reassured_after_but(question_f, cleaned):
        return "nej"  # "ja hon grät mycket men går att trösta" to "svår att få kontakt med henne?"
    if question and milder_than_asked(question_f, cleaned):
        return "nej"  # "lite trött" to "mycket tröttare än vanligt?"
    if question and _about_something_else(question_f, cleaned):
        return _yes_no_from_words(question, folded)  # "lite vitt slem, inget blod" to "Hostar du blod?"
    if question and _has_what_is_missing(question_f, cleaned):
        return "nej"  # "lite trött på dagen" to "… utan att bli trött …?"
    if _YES.match(cleaned):
        if question and _only_the_setting(question_f, cleaned):
            return None  # "ja han klagar på ont i magen ibland" to "blek … samtidigt som han har ont i magen?"
        if question and answers_another_place(question_f, cleaned):
            return None  # "ja benet är svullet" to "svullen i ansiktet?": asked again, never read as nej
        if question and _yes_then_the_opposite(question_f, cleaned):
            return "nej"  # "Kan du inte stödja på benet?" — "ja jag kan gå på den"
        if question and _yes_then_only_normal(question_f, cleaned):
            return None  # "ja han går och rör foten som vanligt" to "tappat känseln?": asked again
        return None if question and contradicts_cannot(question_f, cleaned) else "ja"
    return _yes_no_from_words(question, folded) if question else None


def _number(question: Question, text: str) -> Value | None:
    if _DONT_KNOW.search(fold(text)) and first_number(text) is None:
        return DONT_KNOW
    value = first_number(text)
    if value is None:
        return None
    low = question.min if question.min is not None else float("-inf")
    high = question.max if question.max is not None else float("inf")
    return value if low <= value <= high else None


def _unit_typo(token: str) -> str:
    """A time unit of four letters or more with two letters swapped ("dgaar", "veckro") is that unit."""
    if len(token) < 4 or token in _UNIT_HOURS:
        return token
    for unit in _UNIT_HOURS:
        if len(unit) >= 4 and unit[0] == token[0] and sorted(unit) == sorted(token):
            return unit
    return token


def duration_hours(text: str, now: datetime | None = None) -> float | None:
    """Hours from phrases like "typ tre dagar", "sen i måndags", "i två veckor", "30 min"."""
    folded = fold(text)
    tokens = [_unit_typo(t) for t in re.findall(r"\d+(?:[.,]\d+)?|[a-z]+", folded)]
    for i, unit in enumerate(tokens):
        if unit not in _UNIT_HOURS or i == 0:
            continue
        amount = tokens[i - 1]
        if amount == "halv" and i > 1 and tokens[i - 2] in ("en", "ett"):
            number: float | None = 0.5
        elif amount == "par":
            number = 2
        else:
            number = float(amount.replace(",", ".")) if amount[0].isdigit() else WORD_NUMBERS.get(amount)
        if number is not None:
            return float(number) * _UNIT_HOURS[unit]
    match = re.search(r"\b(\d+(?:[.,]\d+)?)(min|h|d|v)\b", folded)
    if match:
        return float(match.group(1).replace(",", ".")) * {"min": 1 / 60, "h": 1, "d": 24, "v": 168}[match.group(2)]
    for token in words(folded):
        if token in _UNIT_HOURS and token not in {"v", "h", "man", "ar", "min"}:
            return float(_UNIT_HOURS[token])  # "en vecka" without a number
    for day, index in _WEEKDAYS.items():
        if re.search(rf"\b(i |sen |sedan |fran )?{day}s?\b", folded) and now is not None:
            days = (now.weekday() - index) % 7 or 7
            return days * 24.0
    for pattern, hours in _FIXED_HOURS:
        if re.search(pattern, folded):
            return float(hours)
    return None


def _duration(text: str, now: datetime | None) -> Value | None:
    value = duration_hours(text, now)
    if value is None and _DONT_KNOW.search(fold(text)):
        return DONT_KNOW
    return value


def _choice(question: Question, text: str) -> Value | None:
    folded = fold(text)
    if _DONT_KNOW.search(folded):
        return DONT_KNOW
    for option in question.options:
        if folded in {fold(option.label), option.value, fold(option.value.replace("_", " "))}:
            return option.value
    best, best_score = None, 0.0
    answer_words = set(words(folded))
    scored = []
    for option in question.options:
        label_words = {w for w in words(option.label) if len(w) > 2} | {option.value}
        overlap = sum(1 for w in label_words if any(a.startswith(w[:5]) for a in answer_words))
        scored.append((overlap / max(len(label_words), 1), option))
    specific = [(score, o) for score, o in scored if score > 0 and not _is_other(o)]
    for score, option in specific or scored:  # "något annat, tandkräm": a named option beats "Något annat"
        if score > best_score:
            best, best_score = option.value, score
    return best if best_score > 0 else None


def _is_other(option: Option) -> bool:
    return option.value in ("annat", "nagot_annat", "annan") or fold(option.label).startswith(("nagot annat", "annat"))


_PLAIN_YES = re.compile(r"^(ja+|japp|jepp|jo+|jadu|jajamen|absolut|visst|javisst|definitivt|yes|yep|precis|stammer)\b")
_LESS = re.compile(r"\b(mindre|samre|knappt|bara lite|nastan (inget|inte|ingenting)|inte lika|halften|utom|forutom)\b")
# Refusing or having stopped is a denial too ("hon vägrar dricka", "har slutat kissa").
_REFUSE = re.compile(r"\b(vagrar|vagrat|vagra|slutat|slutar)\b")
# A dry nappy or mouth answers a question about peeing or drinking: "blöjan är torr".
_DRY = re.compile(r"\b(torr|torra|torrt|uttorkad\w*)\b")
_WET_TOPIC = re.compile(r"\b(kiss\w*|\w*bloj\w*|dricka|dricker)\b")
_AS_USUAL = re.compile(r"\b(som vanligt|som (hon|han|hen|jag|vi) brukar|normalt|bra|utan problem)\b")
_CLAUSES = re.compile(r",|\bmen\b|\bfast\b|\boch\b")


def _described(question_f: str, text: str) -> Value | None:
    """What the words of an answer say about a question asked positively: "nej" if a part denies or lessens
    what is asked ("dricker inte", "dricker mindre") or names what must not happen ("utan att kräkas" —
    "kräks upp allt"), "ja" if a part says it as asked or as usual without doubt ("jag kan gå men det gör
    ont", "dricker bra"), otherwise None."""
    asked = re.sub(r"\b(aven om|utan att)\b.*?(?=,|\?|$)", " ", question_f)  # "även om det gör ont" is no topic
    must_not = {w[:4] for w in re.findall(r"\butan att ([a-z]+)", question_f)}
    affirmed = False
    for part in _CLAUSES.split(text):
        negated = bool(_NEG_ANYWHERE.search(part))
        echo = bool(_content_words(asked) & _content_words(part))
        if (negated or _REFUSE.search(part)) and (echo or _negation_touches_question(asked, part)):
            return "nej"  # "dricker inte", "lillfingret går inte att böja", "vägrar dricka"
        if _LESS.search(part) and (echo or not _content_words(_LESS.sub(" ", part))):
            return "nej"  # "dricker mindre", "ja men mindre än vanligt", "alla utom pekfingret"
        if _DRY.search(part) and _WET_TOPIC.search(asked):
            return "nej"  # "blöjan är torr"
        if not negated and any(w[:4] in must_not for w in re.findall(r"[a-z]+", part) if len(w) >= 4):
            return "nej"
        able = bool(_CAN.search(part)) and _can_fits(question_f, part)
        plain = not (negated or _DOUBT.search(part) or _LESS.search(part))
        affirmed = affirmed or (plain and (echo or able or bool(_AS_USUAL.search(part))))
    return "ja" if affirmed else None


def _yes_no_asked_positively(text: str, question: str) -> Value | None:
    """A red flag asked positively (`alarming: nej`: "Kan barnet dricka och behålla det?"), where "nej" is the
    alarming answer. The described content decides over a leading ja/nej that contradicts it ("nej jag kan gå
    men det gör ont" answers yes); a plain "ja" with anything doubtful or partial after it is asked again."""
    folded = fold(text)
    if _DONT_KNOW.search(folded):
        return DONT_KNOW
    cleaned = _FILLER.sub("", folded)
    question_f = fold(question)
    if _NOT_WELL.match(cleaned):
        return "nej"  # "inte så bra"
    said_yes = bool(_PLAIN_YES.match(cleaned))
    said_no = not said_yes and bool(_NO.match(cleaned))
    rest = _PLAIN_YES.sub("", cleaned, count=1) if said_yes else _NO.sub("", cleaned, count=1) if said_no else cleaned
    described = _described(question_f, rest)
    if described is None and not said_no and reassuring_no(question_f, cleaned) == "nej":
        described = "ja"  # "han är pigg och leker" — the reassuring opposite of the red flag
    if said_yes:
        doubtful = _DOUBT.search(rest) or re.search(r"\blite\b", rest)
        return None if described == "nej" or (doubtful and described != "ja") else "ja"
    if said_no:
        return "ja" if described == "ja" else "nej"
    return described


def parse_answer(question: Question, text: str, now: datetime | None = None) -> Value | None:
    """The canonical answer, DONT_KNOW, or None when unreadable."""
    if not text or not text.strip():
        return None
    if question.type == "yes_no":
        plain = question.text.replace("{", "").replace("}", "")  # "{du}" reads as "du"
        return _yes_no_asked_positively(text, plain) if question.alarming == "nej" else _yes_no(text, plain)
    if question.type == "number":
        return _number(question, text)
    if question.type == "duration":
        return _duration(text, now)
    return _choice(question, text)
