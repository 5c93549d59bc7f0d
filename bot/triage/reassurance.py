"""Descriptive answers to red-flag questions: does the answer clearly describe the reassuring opposite?

A citizen asked "Mår han så dåligt att han inte orkar dricka?" often answers "han dricker och åt frukost"
instead of "nej". These readers turn such answers into "nej" only when the answer is clearly about the
question's own topic and contains nothing doubtful; otherwise they return None and the question is asked
again (and a second unclear answer counts as "vet inte", toward the more urgent side).

All matching is on folded text (lower case, å/ä/ö → a/a/o), see bot/text/normalize.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# A negation, or a weak or worried word right after a reassuring word undoes it ("leker inte",
# "dricker lite", "äter sämre").
_UNDONE_BY = r"(?:inte|ej|knappt|nastan inte|nastan inget|lite|mindre|samre|daligt|bara lite|aldrig)"
# Words that make any descriptive answer doubtful for a red-flag question.
_DOUBT = re.compile(
    r"\b(orkar inte|kan inte|klarar inte|vill inte|svar|svart|svara|svarighet\w*|svarvack\w*|knappt|nastan inte|"
    r"nastan inget|samre|varre|jatte\w*|mycket|valdigt|extremt|otroligt|helt slut|ligger|orolig|konstig\w*|slo|"
    r"slapp|medvetslos|forvirrad|blek|gra|bla|torr|kramp\w*|hela tiden|ibland|oklart|tror|kanske|sover|sovit|"
    r"kortare|tvinga\w*|kraks|kraker|kraktes|spyr|spytt|domn\w*|stickning\w*|kryck\w*|rullstol|"
    r"med hjalp|stod|haltar mycket|igen|en stund|tillfalligt|andas (snabbt|tungt|konstigt)|ont i bröstet|"
    r"droppar|droppe|droppvis)\b"
)
_NEGATION = re.compile(r"\b(inte|ej|ingen|inget|inga|aldrig|varken)\s+(\w+)")


@dataclass(frozen=True)
class Topic:
    name: str
    question: re.Pattern[str]  # the question asks about the problem, phrased as the problem
    reassuring: re.Pattern[str]  # what a person says when the problem is clearly absent


_ACTIVE = (r"leker|lekte|ler|jollrar|skrattar|pigg\w*|alert|har (bra |fin )?kontakt|svarar (som vanligt|normalt|nar)|"
           r"pratar (som vanligt|normalt)|tittar pa (tv|film|\w+)|klar i huvudet|helt klar|ar som vanligt|"
           r"beter sig som vanligt|som (hon|han|hen) brukar|hanger med|jobbar|arbetar|klarar mig|"
           r"(kan )?gar? omkring|gar runt|ar uppe|tar mig runt|fungerar|i skolan|pa jobbet|pa forskolan|"
           r"gar att (trosta|vacka|fa kontakt med)|vaknar (latt|direkt|som vanligt|nar (man|vi|jag) )")

TOPICS = (
    Topic(
        "vakenhet",
        re.compile(r"svar(t)? att (vacka|fa kontakt)|fa kontakt|kontaktbar|\bslo\b|dasig|avtrubbad|medvetslos|"
                   r"ointresse|intresse for omgivningen|\bslapp|forvirrad"),
        re.compile(rf"\b({_ACTIVE})\b"),
    ),
    Topic(
        "ork",
        re.compile(r"orkar (inte|knappt)|knappt orkar|inte orkar (sta|ga|resa|ta sig)|for svag|sta upp|"
                   r"sangliggande|ligger (bara|mest|hela)|sover (nastan )?hela tiden|sover mest"),
        re.compile(rf"\b({_ACTIVE}|orkar (ga|jobba|vara uppe|leka|handla))\b"),
    ),
    Topic(
        "nacke",
        re.compile(r"\bstel nacke|\bnackstel\w*|\bstel i nacken"),
        re.compile(r"\b(kan (bo?ja|fora|rora|luta) (pa )?(huvudet|nacken|hakan)( (framat|ner|(ner )?(mot|till) brostet))?|"
                   r"hakan (nar |ner )?(mot|till|ner mot) brostet|"
                   r"ror (pa )?nacken (som vanligt|utan problem))\b"),
    ),
    Topic(
        "cirkulation",
        re.compile(r"\b(kall|blek|blaaktig|kanseln|bortdomnad|domnad)\b"),
        re.compile(r"\b(varm\w*|kanner (normalt|som vanligt|allt|bra)|normal (farg|kansel)|rosa|"
                   r"kan rora (tarna|fingrarna|foten|handen))\b"),
    ),
    Topic(
        "smartlindring",
        re.compile(r"\btrots (att \w+ (har )?(fatt|tagit) )?(smartstillande|varktablett\w*|alvedon|ipren|paracetamol)"),
        re.compile(r"\b(hjalpte|hjalper|lindrade|lindrar|blev (bra|battre)|gick over|har slutat gora ont)\b"),
    ),
    Topic(
        "horsel",
        re.compile(r"\btappat (mycket av )?horseln|\bplotsligt (\w+ )?(samre|nedsatt) horsel"),
        re.compile(r"\b((later|kanns) (lite )?(lock|dovt)|lite lock|lock for orat|hor (som vanligt|bra|normalt))\b"),
    ),
    Topic(
        "sjukdomar",
        re.compile(r"\b(cancer|benskor\w*|immunforsvar|kortison\w*|cellgift\w*)"),
        re.compile(r"\b(inga (kanda |andra )?sjukdomar|frisk( annars| i ovrigt)?|inga mediciner)\b"),
    ),
    Topic(
        "kiss",
        re.compile(r"\binget kiss|inte (kan |kunnat |kunna )?kissa|kan inte kissa|inte kommer (nagot |nagon )?kiss|"
                   r"urinstopp|stopp i (urinen|urinroret)"),
        re.compile(r"\b(har kissat|kissat (flera|manga|nyss|som vanligt)|kissar (som vanligt|normalt|ofta|hela tiden)|"
                   r"det kommer( kiss| urin)?(?! (inte|inget|ingenting|bara|nastan))|kommer (ut )?(kiss|urin))\b"),
    ),
    Topic(
        "dryck",
        re.compile(r"(inte|knappt) (orkar |kan |vill )?(dricka|ata|amma)|(dricker|ater|ammar) (sa |for )?(lite|mindre|"
                   r"inget|inte)|orkar (inte )?dricka|torr|kiss(ar|at) (mycket )?mindre|uttork|inte i (dig|sig) (nagot|nagon)|"
                   r"(kraks|kraker|spyr) upp allt"),
        re.compile(r"\b(dricker|drack|har druckit|ater|at (frukost|lunch|middag|mat|bra)|har atit|ammar|"
                   r"tar (flaskan|brostet|nappflaskan)|behaller|(far|kan) behalla|kissar (som vanligt|normalt|bra|ofta)|"
                   r"har kissat|blota blojor|ljust kiss|ljus urin)\b"),
    ),
)


_GENERAL = re.compile(r"\bmar (\w+ )?(sa|sa pass) daligt att\b")


def _stems(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"[a-z]+", text) if len(w) >= 3}


def _valid_spans(answer: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The reassuring phrases that are not undone by the words right after them ("dricker lite")."""
    spans = []
    for found in pattern.finditer(answer):
        after = answer[found.end():found.end() + 25]
        if not re.match(rf"\s+(\w+\s+)?{_UNDONE_BY}\b", after):
            spans.append(found.span())
    return spans


def _negations_are_elsewhere(question: str, answer: str, reassuring: list[re.Pattern[str]]) -> bool:
    """Every negation in the answer denies something the question did not ask about ("inte yr")."""
    asked = _stems(question)
    for found in _NEGATION.finditer(answer):
        word = found.group(2)
        if word[:4] in asked or any(p.match(word) for p in reassuring):
            return False
    return True


def _affirms_asked(question: str, rest: str) -> bool:
    """The rest of the answer names something the question asks about ("frisk annars men tar kortison")."""
    asked = {w[:4] for w in re.findall(r"[a-z]+", question) if len(w) >= 3 and w not in _PLAIN}
    return any(w[:4] in asked for w in re.findall(r"[a-z]+", rest) if len(w) >= 3 and w not in _PLAIN)


_PLAIN = frozenset("eller efter att med som har hade haft inte nagot nagon mycket tiden hela han hon hen den det "
                   "din dig sig sin men och for att nar var vad hur kan far fatt ett vanligt vanlig normalt mot".split())


def reassuring_no(question: str, answer: str) -> Optional[str]:
    """"nej" when the answer clearly describes the reassuring opposite of the question's red flag, else None.

    Both texts are folded. Every topic the question raises must be answered reassuringly, and nothing else
    in the answer may be doubtful, negated or name what the question asks about.
    """
    topics = [t for t in TOPICS if t.question.search(question)]
    if _GENERAL.search(question) and topics:
        topics = [t for t in TOPICS if t.name == "ork" or t in topics]
        need = any  # "Mår han så dåligt att han inte orkar dricka?": overall condition, drinking is an example
    else:
        need = all
    if not topics or _DOUBT.search(answer):
        return None
    spans = {t.name: _valid_spans(answer, t.reassuring) for t in topics}
    if not need(bool(spans[t.name]) for t in topics):
        return None
    rest = answer
    for start, end in sorted((sp for found in spans.values() for sp in found), reverse=True):
        rest = rest[:start] + " " + rest[end:]
    if _NEGATION.search(rest) or re.search(r"\b(inte|ej|aldrig)\b", rest) or _affirms_asked(question, rest):
        return None
    return "nej"


# In "X men <clear reassurance>", the first part may not name the red flag, deny something or be strong.
_HEAD_DOUBT = re.compile(r"\b(jatte\w*|skit\w*|valdigt|extremt|otroligt|mycket \w+|svar\w*|slo|slapp|medvetslos|"
                         r"forvirrad|blek|gra|bla|kramp\w*|hela tiden|samre|varre|stel\w*|orkar|kan|klarar|sover|sovit|"
                         r"inte|ej|ingen|inget|aldrig|knappt)\b")


# Words about sleep or drowsiness keep an answer to a question about waking or contact doubtful ("ja, hon
# ler när hon väl vaknar", "ja hon är trött men ler").
_DROWSY = re.compile(r"\b(vakn\w*|somn\w*|dasig|trott\w*|hangig|gnallig|valt?)\b")
_WAKING = re.compile(r"\b(vacka|kontakt)")


def reassured_after_but(question: str, answer: str) -> Optional[str]:
    """"ja hon grät mycket men går att trösta", "lite spänd i nacken men jag kan böja huvudet mot bröstet",
    "jag är trött men klarar mig fint": "nej" when the part after the last "men" clearly describes the
    reassuring opposite of the question's red flag and the part before it is mild and does not name the
    red flag itself. Both texts are folded."""
    head, sep, tail = answer.rpartition(" men ")
    if not sep or _HEAD_DOUBT.search(head) or any(t.question.search(head) for t in TOPICS):
        return None
    if _WAKING.search(question) and _DROWSY.search(head):
        return None
    return reassuring_no(question, tail)


# "mycket mer ont": ont; "mycket kraftig huvudvärk": huvudvärk
_INTENSIFIED = re.compile(r"\b(mycket|ovanligt|kraftig\w*|valdigt|extremt|svar\w*)\s+(?:(?:mer|kraftig\w*|svar\w*)\s+)?(\w+)")
_MILD_START = re.compile(r"^(bara |nja |typ )?(lite|latt|nagot|lagom|sadar|smatt)\s+(\w+)")


def milder_than_asked(question: str, answer: str) -> Optional[str]:
    """"Är du ovanligt slö, mycket tröttare än vanligt?" — "lite trött men inte yr": "nej".

    Only when the question asks about a strong degree of something and the answer begins by giving a mild
    degree of that same thing, with nothing doubtful and no negation of what was asked.
    """
    mild = _MILD_START.match(answer)
    if not mild:
        return None
    strong = {w.group(2)[:4] for w in _INTENSIFIED.finditer(question)}
    strong |= {"vark" for w in _INTENSIFIED.finditer(question) if w.group(2).endswith(("vark", "varken"))}
    said = mild.group(3)[:4]
    pain = said in _PAIN and bool(strong & _PAIN_ASKED)  # "lite kramper" to "svårt ont i magen?"
    if said not in strong and not pain:
        return None
    if _DOUBT.search(mild.group(3)) and not pain:
        return None  # "lite slö" is still slö
    rest = answer[mild.end():]
    if _DOUBT.search(rest) or _PAIN_DOUBT.search(rest) or _names_another_sign(question, rest, strong | _PAIN):
        return None
    if not _negations_are_elsewhere(question, _DENIED_PAIN.sub(" ", rest), []):
        return None
    return "nej"


_SIGN_STOP = frozenset("har du han hon hen det den som att och eller med for inte lite mycket kan nu just ".split())


def _names_another_sign(question: str, rest: str, degree_words: frozenset[str] | set[str]) -> bool:
    """"lite ont i huvudet men stel nacke": a part after the mild degree names another thing asked about."""
    scene = re.sub(r"\b(mellan|innan|efter|samtidigt som|nar)\b.*", " ", question)  # "… mellan kräkningarna": setting
    asked = {w[:4] for w in re.findall(r"[a-z]+", scene) if len(w) >= 4 and w not in _SIGN_STOP} - set(degree_words)
    for part in re.split(r",|\bmen\b|\boch\b|\bfast\b", rest):
        if re.search(r"\b(inte|ej|ingen|inget|inga|aldrig|kan|orkar|klarar|som vanligt|normalt)\b", part):
            continue  # denied, or said to be possible or normal ("jag kan gapa som vanligt")
        if {w[:4] for w in re.findall(r"[a-z]+", part) if len(w) >= 4} & asked:
            return True
    return False


# Words for pain: "lite kramper" or "lite ont" is a mild degree of "svårt ont" / "kraftig smärta".
_PAIN = frozenset({"ont", "smar", "vark", "kram", "mola", "tryc"})  # "lite tryck i pannan" is a mild pain
_PAIN_ASKED = frozenset({"ont", "smar", "vark"})  # not "mycket kramper", which may be seizures
# "annars inte ont": a denial of pain after a mild degree agrees with the "nej"
_DENIED_PAIN = re.compile(r"\b(annars |i ovrigt |for ovrigt )?(inte|inget|ingen) (\w+ )?(ont|smarta|smartor|vark)\b")
_PAIN_DOUBT = re.compile(r"\b(hela tiden|konstant|ihallande|hela dagen|hela natten|slapper inte|gar inte over|okar|tilltar)\b")


_CANNOT_DO = re.compile(r"\b(?:kan|kunnat|kunde) (?:inte|ej) (\w+)")
_OFTEN = re.compile(r"\b(ofta|jatteofta|hela tiden|stup i ett|massor|hela dagen|hela natten|som vanligt)\b")


def contradicts_cannot(question: str, answer: str) -> bool:
    """"Är du kissnödig men kan inte kissa alls?" — "ja, det svider och jag måste kissa jätteofta".

    The "ja" is doubtful when the rest of the answer says the person often does what the question says
    they cannot do at all. The caller then asks again rather than reading "ja" (or "nej").
    """
    cannot = _CANNOT_DO.search(question)
    if not cannot:
        return False
    stem = cannot.group(1)[:4]
    for word in re.finditer(r"[a-z]+", answer):
        if word.group(0).startswith(stem):
            after = answer[word.end():word.end() + 20]
            before = answer[max(0, word.start() - 12):word.start()]
            if re.search(r"\b(inte|ej|knappt)\b", before + after):
                return False
            if _OFTEN.search(after) or _OFTEN.search(before):
                return True
    return False
