"""Who books: personnummer and samordningsnummer, masking them in free text, and the identity interface.

`parse_personnummer` returns a `Personnummer` or raises `PersonnummerError`, a ValueError whose
`message` is Swedish and can be shown to the citizen as it is (it never repeats the number).
`mask_personnummer` replaces anything shaped like a personnummer with "[personnummer]" so that the
number never reaches Rasa, transcripts or logs; it is deliberately shape-based (see find_personnummer_spans).
`IdentityProvider` is the seam where a region's BankID or Freja login replaces `TypedIdentity`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional, Protocol

MASK = "[personnummer]"
SAMORDNING_OFFSET = 60  # a samordningsnummer is a personnummer with 60 added to the day of birth

MESSAGES = {
    "missing": "Jag hittar inget personnummer i det du skrev. Skriv det som ÅÅÅÅMMDD-XXXX.",
    "length": "Personnumret har fel antal siffror. Skriv 12 siffror (ÅÅÅÅMMDD-XXXX) eller 10 (ÅÅMMDD-XXXX).",
    "format": "Personnumret ska bara innehålla siffror, med ett bindestreck före de fyra sista.",
    "year": "Årtalet i personnumret stämmer inte. Kontrollera numret.",
    "date": "Datumet i personnumret finns inte.",
    "future": "Datumet i personnumret ligger i framtiden. Kontrollera numret.",
    "checksum": "Kontrollsiffran stämmer inte. Kontrollera numret.",
    "name": "Skriv ditt namn med bokstäver, gärna för- och efternamn.",
}

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_STRICT = re.compile(r"(\d{2})?(\d{6})([-+]?)(\d{4})")
_IN_TEXT = re.compile(r"(?<!\d)(?:\d{2})?\d{6} ?[-+]? ?\d{4}(?!\d)")
_SHAPE = re.compile(r"(?<!\d)((?:18|19|20)?)(\d{2})(\d{2})(\d{2})( ?[-+\u2013\u2212] ?| )?(\d{4})(?!\d)")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February 29: plausible in some year


class IdentityError(ValueError):
    """The citizen's identity details are wrong; `message` is Swedish and safe to show (no number in it)."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(self.message)


class PersonnummerError(IdentityError):
    """A personnummer or samordningsnummer failed validation; `code` is one of the MESSAGES keys."""


@dataclass(frozen=True, repr=False)
class Personnummer:
    """A validated number. `number` is the 12-digit form YYYYMMDDXXXX (for a samordningsnummer: day + 60).

    The repr hides the number so that a logged object does not leak it.
    """

    number: str
    birth_date: date
    is_samordningsnummer: bool

    @property
    def formatted(self) -> str:
        return f"{self.number[:8]}-{self.number[8:]}"

    def __repr__(self) -> str:
        kind = "samordningsnummer" if self.is_samordningsnummer else "personnummer"
        return f"Personnummer({kind}, dolt)"


@dataclass(frozen=True)
class Identity:
    """Who the citizen said, or a login proved, they are. `verified` only when an e-legitimation vouched for it."""

    name: str
    personnummer: Personnummer
    method: str  # "typed"; later "bankid", "freja"
    verified: bool


class IdentityProvider(Protocol):
    """Turns what the citizen gave (or a login's result) into an Identity; raises IdentityError when wrong."""

    method: str

    async def identify(self, personnummer: str, name: str) -> Identity: ...


class TypedIdentity:
    """The citizen types name and number; validated, not verified. `today` is the clock (Europe/Stockholm date)."""

    method = "typed"

    def __init__(self, today: Callable[[], date]) -> None:
        self._today = today

    async def identify(self, personnummer: str, name: str) -> Identity:
        number = parse_personnummer(personnummer, self._today())
        return Identity(name=clean_name(name), personnummer=number, method=self.method, verified=False)


def clean_name(name: str) -> str:
    """The name with whitespace tidied; IdentityError("name") when it has no letters or holds digits."""
    tidy = " ".join((name or "").split())
    letters = sum(1 for c in tidy if c.isalpha())
    if letters < 2 or len(tidy) > 100 or any(c.isdigit() for c in tidy):
        raise IdentityError("name")  # digits: perhaps the number typed in the wrong field; never echo it
    return tidy


# ---- validation -----------------------------------------------------------------------------------------


def parse_personnummer(text: str, today: date) -> Personnummer:
    """Validate a personnummer or samordningsnummer as the citizen typed it; raise PersonnummerError if wrong.

    Accepts YYYYMMDD-XXXX, YYMMDD-XXXX, YYMMDD+XXXX (100 years or older), without separator or with
    spaces, also inside a sentence. Checks in order: digits, date (day − 60 for a samordningsnummer),
    not in the future, Luhn check digit over the 10-digit form.
    """
    century, digits, separator, last = _split(text)
    month, day = int(digits[2:4]), int(digits[4:6])
    samordning = day > SAMORDNING_OFFSET
    real_day = day - SAMORDNING_OFFSET if samordning else day
    if century is None:
        year = _year(int(digits[:2]), month, real_day, separator == "+", today)
    elif century in ("18", "19", "20"):
        year = int(century + digits[:2])
    else:
        raise PersonnummerError("year")
    birth = _birth_date(year, month, real_day)
    if birth > today:
        raise PersonnummerError("future")
    if not luhn_valid(digits + last):
        raise PersonnummerError("checksum")
    return Personnummer(f"{year:04d}{digits[2:]}{last}", birth, samordning)


def luhn_valid(ten: str) -> bool:
    """The Luhn check over the 10-digit form YYMMDDNNNC."""
    total = 0
    for i, char in enumerate(ten[:9]):
        value = int(char) * (2 - i % 2)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10 == int(ten[9])


def _split(text: str) -> tuple[Optional[str], str, str, str]:
    """(century or None, YYMMDD, separator, last four), or PersonnummerError for the wrong shape."""
    raw = (text or "").translate(_DASHES).strip()
    if not re.fullmatch(r"[\d\s+-]+", raw):
        found = _IN_TEXT.search(raw)
        if found is None:
            raise PersonnummerError("length" if any(c.isdigit() for c in raw) else "missing")
        raw = found.group(0)
    compact = re.sub(r"\s+", "", raw)
    match = _STRICT.fullmatch(compact)
    if match is None:
        count = sum(c.isdigit() for c in compact)
        raise PersonnummerError("format" if count in (10, 12) else "length")
    return match[1], match[2], match[3], match[4]


def _year(yy: int, month: int, day: int, plus: bool, today: date) -> int:
    """The century of a 10-digit number: the person is under 100 with "-", 100 or older with "+"."""
    year = today.year - (today.year - yy) % 100
    if (month, day) > (today.month, today.day) and year == today.year:
        year -= 100
    return year - 100 if plus else year


def _birth_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise PersonnummerError("date") from None


# ---- masking ----------------------------------------------------------------------------------------------


def find_personnummer_spans(text: str) -> list[tuple[int, int]]:
    """Where personnummer-shaped text is: 10 or 12 digits, optionally with -/+ and spaces, and a plausible date.

    Shape-based on purpose: a number with a wrong check digit is still someone's personal data.
    Not masked: phone numbers ("070-123 45 67" has the wrong grouping; "0731234567" has no month 31),
    dates alone, short numbers, organisationsnummer (month ≥ 20). The one overlap is an unseparated
    "070…" mobile number whose digits also read as a 2007 birth date: masked only when the Luhn
    check digit holds (a phone number passes by chance one time in ten).
    """
    spans = []
    for match in _SHAPE.finditer(text or ""):
        century, yy, mm, dd, separator, last = match.groups()
        if not _plausible(int(mm), int(dd)):
            continue
        if not century and separator is None and yy + mm[0] == "070" and not luhn_valid(yy + mm + dd + last):
            continue  # a mobile number, 070xxxxxxx
        spans.append((match.start(), match.end()))
    return spans


def mask_personnummer(text: str) -> str:
    """The text with every personnummer-shaped part replaced by "[personnummer]"."""
    if not text:
        return text
    parts, cursor = [], 0
    for start, end in find_personnummer_spans(text):
        parts += [text[cursor:start], MASK]
        cursor = end
    return "".join(parts) + text[cursor:]


def _plausible(month: int, day: int) -> bool:
    if day > SAMORDNING_OFFSET:
        day -= SAMORDNING_OFFSET
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]
