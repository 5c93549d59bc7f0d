"""The bot's written Swedish → text a synthesiser reads out well (`for_speech`).

Chat text is written for the eye: "kl 13.20", "27/11", "38,5 °C", "VL-AB3K9Q", "**Ring 112**", links. A
synthesiser reads "112" as "etthundratolv" and "1177" as "ettusen etthundrasjuttiosju", says "snedstreck" for
"/", and has no idea what a booking code or a URL sounds like on the phone. Each rule below rewrites one kind
of written form into words, in an order that lets the specific forms (times, dates, codes, phone numbers) go
before the general ones (ranges, decimals, plain numbers).

Choices:
- Numbers 0–9999 become words (and up to 999 999 when written with a space, "10 000"); longer digit runs
  and numbers with a leading zero are read digit by digit (phone numbers, "90101"), as a listener would
  write them down.
- The national numbers are said the way Swedes say them: "ett ett två", "elva sjuttiosju".
- "d/m" is always read as a date (the bot writes dates that way; it writes no fractions).
- "HH.MM" with a valid hour and minute is a clock time; decimals are written with a comma ("38,5").
- A URL cannot be heard: it becomes `link_phrase` ("länken i chatten"); a bare domain ("1177.se") is short
  enough to say ("elva sjuttiosju punkt se").
- Booking codes are spelled one character at a time with Swedish letter names and commas, so the caller can
  write them down.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

LINK_PHRASE = "länken i chatten"

_ONES = ("noll ett två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton "
         "arton nitton").split()
_TENS = {2: "tjugo", 3: "trettio", 4: "fyrtio", 5: "femtio", 6: "sextio", 7: "sjuttio", 8: "åttio", 9: "nittio"}
_ORDINALS = ("första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde elfte tolfte trettonde "
             "fjortonde femtonde sextonde sjuttonde artonde nittonde").split()
MONTHS = ("januari februari mars april maj juni juli augusti september oktober november december").split()
LETTER_NAMES = {
    "A": "a", "B": "be", "C": "se", "D": "de", "E": "e", "F": "eff", "G": "ge", "H": "hå", "I": "i", "J": "ji",
    "K": "kå", "L": "ell", "M": "emm", "N": "enn", "O": "o", "P": "pe", "Q": "ku", "R": "ärr", "S": "ess",
    "T": "te", "U": "u", "V": "ve", "W": "dubbel-ve", "X": "eks", "Y": "y", "Z": "säta", "Å": "å", "Ä": "ä",
    "Ö": "ö", "-": "streck",
}
SPECIAL_NUMBERS = {"112": "ett ett två", "1177": "elva sjuttiosju", "113 13": "ett ett tre tretton",
                   "114 14": "ett ett fyra fjorton"}
# unit → (singular, plural); only after a number
UNITS = {
    "km": ("kilometer", "kilometer"), "min": ("minut", "minuter"), "tim": ("timme", "timmar"),
    "h": ("timme", "timmar"), "sek": ("sekund", "sekunder"), "mg": ("milligram", "milligram"),
    "ml": ("milliliter", "milliliter"), "kg": ("kilo", "kilo"), "kr": ("krona", "kronor"),
    "%": ("procent", "procent"),
}
ABBREVIATIONS = (
    (r"\bt\.\s?ex\.?", "till exempel"), (r"\bbl\.\s?a\.?", "bland annat"), (r"\bd\.\s?v\.\s?s\.?", "det vill säga"),
    (r"\bdvs\b\.?", "det vill säga"), (r"\bosv\b", "och så vidare"), (r"\bca\b\.?", "cirka"),
    (r"\b[Tt]el\b\.?", "telefon"), (r"\bnr\b\.?", "nummer"), (r"\bOBS\b!?|\bobs\b!?", "observera"),
    (r"&", " och "),
)
DAYS = {"mån": "måndag", "tis": "tisdag", "ons": "onsdag", "tor": "torsdag", "tors": "torsdag", "fre": "fredag",
        "lör": "lördag", "sön": "söndag"}


# --- numbers -------------------------------------------------------------------------------------------

def cardinal(n: int) -> str:
    """0–999 999 in words: 7 → "sju", 21 → "tjugoett", 1177 → "ettusen etthundrasjuttiosju"."""
    if not 0 <= n <= 999_999:
        raise ValueError(f"{n} is outside 0..999999")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (_ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + "hundra" + (cardinal(rest) if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "ettusen" if thousands == 1 else cardinal(thousands) + "tusen"
    return head + (" " + cardinal(rest) if rest else "")


def ordinal(n: int) -> str:
    """1–31 as a day of the month: 1 → "första", 22 → "tjugoandra", 30 → "trettionde"."""
    if not 1 <= n <= 31:
        raise ValueError(f"{n} is outside 1..31")
    if n < 20:
        return _ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (_ORDINALS[ones - 1] if ones else "nde")


def digit_by_digit(digits: str) -> str:
    """"112" → "ett ett två"; anything but digits is dropped."""
    return " ".join(_ONES[int(d)] for d in digits if d.isdigit())


def number(text: str) -> str:
    """One written integer: words up to 9999, digit by digit when longer or with a leading zero."""
    if text in SPECIAL_NUMBERS:
        return SPECIAL_NUMBERS[text]
    if len(text) > 4 or (len(text) > 1 and text.startswith("0")):
        return digit_by_digit(text)
    return cardinal(int(text))


def decimal(whole: str, fraction: str = "") -> str:
    """"38", "5" → "trettioåtta komma fem"; "0", "05" → "noll komma noll fem"."""
    words = number(whole)
    if fraction:
        spoken = digit_by_digit(fraction) if fraction.startswith("0") or len(fraction) > 2 else cardinal(int(fraction))
        words += " komma " + spoken
    return words


def spell(code: str) -> str:
    """"VL-AB3K9Q" → "ve, ell, streck, a, be, tre, kå, nio, ku"."""
    return ", ".join(LETTER_NAMES.get(c, _ONES[int(c)] if c.isdigit() else c) for c in code.upper())


# --- rules: each a pattern and what a match becomes ---------------------------------------------------

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_NOT_BEFORE = r"(?<![\w.,:/-])"  # not glued to a word or another number
_NOT_AFTER = r"(?![\w]|[.,:/]\d)"


def _clock(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59:
        return None
    return cardinal(h) + (f" och {cardinal(m)}" if m else "")


def _klockan(word: str | None) -> str:
    """"kl"/"Kl"/"klockan" → "klockan "/"Klockan "; nothing when there was no such word."""
    if not word:
        return ""
    return "Klockan " if word[0] == "K" else "klockan "


def _time_range(match: re.Match[str]) -> str:
    start, end = _clock(match.group(2), match.group(3)), _clock(match.group(4), match.group(5))
    return f"{_klockan(match.group(1))}{start} till {end}" if start and end else match.group(0)


def _time(match: re.Match[str]) -> str:
    spoken = _clock(match.group(2), match.group(3))
    return _klockan(match.group(1)) + spoken if spoken else match.group(0)


def _date(match: re.Match[str]) -> str:
    """"27/11" → "den tjugosjunde november"; "den 3/12/2026" keeps its own "den"."""
    day, month, year = int(match.group(2)), int(match.group(3)), match.group(4)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    spoken = f"{match.group(1) or 'den'} {ordinal(day)} {MONTHS[month - 1]}"
    return spoken + (f" {cardinal(int(year))}" if year and len(year) == 4 else "")


def _named_date(match: re.Match[str]) -> str:
    day = int(match.group(2))
    if not 1 <= day <= 31:
        return match.group(0)
    return f"{match.group(1) or 'den'} {ordinal(day)} {match.group(3).lower()}"


def _short_ordinal(match: re.Match[str]) -> str:
    """"1:a" → "första", "3:e" → "tredje"."""
    n = int(match.group(1))
    return ordinal(n) if 1 <= n <= 31 else match.group(0)


def _temperature(match: re.Match[str]) -> str:
    sign = "minus " if match.group(1) else ""
    if match.group(2) == "1" and not match.group(3):
        return sign + "en grad"
    return f"{sign}{decimal(match.group(2), match.group(3) or '')} grader"


def _unit(match: re.Match[str]) -> str:
    singular, plural = UNITS[match.group(3).lower()]
    if match.group(1) == "1" and not match.group(2):
        return f"en {singular}"
    return f"{decimal(match.group(1), match.group(2) or '')} {plural}"


def _grouped(match: re.Match[str]) -> str:
    """"1 450" (a space between thousands) → "1450" so the rules after it see one number; words when larger."""
    value = int(match.group(1) + match.group(2))
    return str(value) if value <= 9999 else cardinal(value)


def _phone(match: re.Match[str]) -> str:
    groups = [match.group(1)] + match.group(2).split()
    return ", ".join(digit_by_digit(g) for g in groups)


def _compile(pattern: str, replace: Callable[[re.Match[str]], str], flags: int = 0) -> Rule:
    return re.compile(pattern, flags), replace


_CLOCK = r"(\d{1,2})(?:[.:](\d{2}))?"
_HHMM = r"(\d{1,2})[.:](\d{2})"
_KL = r"\b(kl\.?|klockan)\s*"
_DASH = r"\s*[–—-]\s*"
_DEN = r"(?:\b(den)\s+)?"

NUMBER_RULES: tuple[Rule, ...] = (
    _compile(r"(?<![\w-])(0\d{1,3})(?:[-–]\s?| )(\d{2,3}(?: \d{2,3}){0,3})(?!\w)", _phone),
    _compile(_NOT_BEFORE + r"(113 13|114 14|112|1177)" + _NOT_AFTER, lambda m: SPECIAL_NUMBERS[m.group(1)]),
    _compile(_NOT_BEFORE + r"([1-9]\d{0,2}) (\d{3})(?!\w| ?\d)", _grouped),
    _compile(r"\b(\d{1,2}):([ae])\b", _short_ordinal),
    _compile(_KL + _CLOCK + _DASH + _CLOCK + r"(?!\d)", _time_range, re.I),
    _compile(_KL + _CLOCK + r"(?!\d)", _time, re.I),
    _compile(_NOT_BEFORE + "()" + _HHMM + _DASH + _HHMM + _NOT_AFTER, _time_range),
    _compile(_NOT_BEFORE + "()" + _HHMM + _NOT_AFTER, _time),
    _compile(r"\b[Kk]l\b\.?", lambda m: _klockan(m.group(0)).strip()),
    _compile(_DEN + _NOT_BEFORE + r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\w/])", _date, re.I),
    _compile(_DEN + r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", _named_date, re.I),
    _compile(_NOT_BEFORE + r"([1-9]\d?)" + _DASH + r"([1-9]\d?)(?!\d|[.:]\d)", lambda m: f"{m.group(1)} till {m.group(2)}"),
    _compile(r"(?<![\w.,])([-−])?(\d{1,3})(?:[,.](\d{1,2}))?\s*(?:°\s*C\b|°|grad(?:er)?\b)", _temperature),
    _compile(_NOT_BEFORE + r"(\d+)(?:,(\d+))?\s*(km|min|tim|h|sek|mg|ml|kg|kr|%)(?!\w)", _unit),
    _compile(_NOT_BEFORE + r"(\d+),(\d+)" + _NOT_AFTER, lambda m: decimal(m.group(1), m.group(2))),
    _compile(_NOT_BEFORE + r"(\d+)\.(\d{1,2})" + _NOT_AFTER, lambda m: decimal(m.group(1), m.group(2))),
    _compile(r"(?<!\w)(\d+)(?!\w)", lambda m: number(m.group(1))),
)


# --- text passes ----------------------------------------------------------------------------------------

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+", re.I)
_DOMAIN = re.compile(r"(?<![\w.@/])([a-zåäö0-9][a-zåäö0-9-]*)\.(se|nu|com|org|net|eu)\b(/[^\s)]*)?", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•·–+]|(\d{1,2})[.)])\s+")
_HEADING = re.compile(r"^\s*(?:#{1,6}|>)\s*")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`+")
_CODE = re.compile(r"\bVL[-\s]?([A-Z0-9]{6})\b")
_DAY_RANGE = re.compile(r"\b(" + "|".join(DAYS) + r")\.?" + _DASH + r"(" + "|".join(DAYS) + r")\b\.?", re.I)
_SLASH = re.compile(r"(?<=[^\W\d])/(?=[^\W\d])")
_COMPILED_ABBREVIATIONS = tuple((re.compile(pattern), words) for pattern, words in ABBREVIATIONS)


def _links(text: str, link_phrase: str) -> str:
    """Markdown links keep their words; URLs become `link_phrase`; bare domains are said ("mind punkt se")."""
    text = _MD_LINK.sub(r"\1", text)

    def url(match: re.Match[str]) -> str:
        found = match.group(0)
        trailing = len(found) - len(found.rstrip(".,;:!?"))
        return link_phrase + found[len(found) - trailing:]

    def domain(match: re.Match[str]) -> str:
        if match.group(3) and len(match.group(3)) > 1:
            return link_phrase
        return f"{match.group(1)} punkt {match.group(2).lower()}"

    return _DOMAIN.sub(domain, _URL.sub(url, text))


def _markdown(text: str) -> str:
    """Drop emphasis, headings and bullets; each line becomes a sentence so the voice pauses between items."""
    lines = []
    for line in text.splitlines():
        line = _HEADING.sub("", line)
        bullet = _BULLET.match(line)
        if bullet:
            number_prefix = f"{bullet.group(1)}: " if bullet.group(1) else ""
            line = number_prefix + line[bullet.end():]
        line = _EMPHASIS.sub("", line).strip()
        if line:
            lines.append(line)
    if len(lines) == 1:
        return lines[0]
    return " ".join(line if line[-1] in ".!?:;," else line + "." for line in lines)


def _booking_code(match: re.Match[str]) -> str:
    """"VL-AB3K9Q" or "VL AB3K9Q" is spelled; "VLADIMIR" is not (a code without a separator has a digit)."""
    separated = match.group(0)[2] in "- "
    if not separated and not any(c.isdigit() for c in match.group(1)):
        return match.group(0)
    return spell("VL-" + match.group(1))


def _words(text: str) -> str:
    """Booking codes, abbreviations and day ranges."""
    text = _CODE.sub(_booking_code, text)
    for pattern, words in _COMPILED_ABBREVIATIONS:
        text = pattern.sub(lambda m, w=words: w.capitalize() if m.group(0)[:1].isupper() else w, text)
    text = _DAY_RANGE.sub(lambda m: f"{DAYS[m.group(1).lower()]} till {DAYS[m.group(2).lower()]}", text)
    return _SLASH.sub(" eller ", text.replace("och/eller", "och eller"))


def _tidy(text: str) -> str:
    """Symbols a voice would read out or stumble on; spaces and doubled punctuation."""
    text = "".join(c for c in text if unicodedata.category(c) not in ("So", "Cs", "Co"))
    text = re.sub(r"[()\[\]{}]", ", ", text)
    text = re.sub(r"\s[–—-]\s", ", ", text)
    text = re.sub(r"[\"“”«»]", "", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.!?:;])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"([.!?:;]),|,([.!?:;])", lambda m: m.group(1) or m.group(2), text)
    return text.strip(" ,")


def for_speech(text: str, link_phrase: str = LINK_PHRASE) -> str:
    """The bot's chat text → what the voice should say. Pure; safe on any string."""
    text = _TAG.sub(" ", text or "")
    text = _markdown(_links(text, link_phrase))
    text = _words(text)
    for pattern, replace in NUMBER_RULES:
        text = pattern.sub(replace, text)
    return _tidy(text)
