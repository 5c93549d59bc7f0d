"""Swedish time expressions as ranges: "på fredag efter lunch", "imorgon kl 14", "den 3/12", "ikväll".

`parse_range(text, now)` is pure (the clock is passed in), never raises, and returns None when it
understands nothing. The grammar, the defaults and the choices behind them are in
docs/booking-time-expressions.md; the label is what the bot repeats back before offering slots.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional

from bot.routing.hours import STOCKHOLM
from bot.text.normalize import fold
from bot.text.numbers import WORD_NUMBERS

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
ASAP_LABEL = "första lediga tid"
ASAP_DAYS = 3
EARLIEST = 7 * 60  # bookable hours: nothing before 07 or after 21 ("natt" gives None)
LATEST = 21 * 60


@dataclass(frozen=True)
class TimeRange:
    """A wish for a time: from start to end, repeated back to the citizen as `label`.

    `daily` is set on ranges over several days ("nästa vecka på förmiddagen"): only those hours of
    each day are meant, not the nights in between.
    """

    start: datetime
    end: datetime
    label: str
    daily: Optional[tuple[time, time]] = None

    def contains(self, moment: datetime) -> bool:
        if not self.start <= moment < self.end:
            return False
        if self.daily is None:
            return True
        local = moment.astimezone(STOCKHOLM).time()
        return self.daily[0] <= local < self.daily[1]


@dataclass(frozen=True)
class _Window:
    """Minutes after midnight on each day, and how to say it ("på förmiddagen"); no phrase → only "kl a–b"."""

    start: int
    end: int
    phrase: str = ""
    plural: str = ""


@dataclass(frozen=True)
class _Days:
    """The days meant. `roll`: days to move on when the window has passed (weekday words → 7, no day → 1)."""

    first: date
    last: date
    roll: int = 0
    lead: str = ""  # label of a multi-day range: "nästa vecka", "i helgen"


@dataclass(frozen=True)
class _Clock:
    kind: str  # exact | around | after | before | between
    times: tuple[tuple[int, int, bool], ...]  # (hour, minute, written with a leading zero)


PARTS = {
    "morgon": _Window(7 * 60, 9 * 60, "på morgonen", "på morgnarna"),
    "formiddag": _Window(8 * 60, 12 * 60, "på förmiddagen", "på förmiddagarna"),
    "fore_lunch": _Window(8 * 60, 11 * 60, "före lunch", "före lunch"),
    "lunch": _Window(11 * 60, 13 * 60, "vid lunch", "vid lunch"),
    "efter_lunch": _Window(12 * 60, 17 * 60, "efter lunch", "efter lunch"),
    "eftermiddag": _Window(12 * 60, 17 * 60, "på eftermiddagen", "på eftermiddagarna"),
    "kvall": _Window(17 * 60, 21 * 60, "på kvällen", "på kvällarna"),
    "dag": _Window(8 * 60, 17 * 60, "hela dagen", "hela dagarna"),
}
_NO_DAY = _Days(date.min, date.min)
_DEFAULT = _Window(8 * 60, 17 * 60)  # no part of day said: office hours, label shows only "kl 8–17"
_EVENING_PARTS = frozenset({"efter_lunch", "eftermiddag", "kvall"})

_WD = "mandag|tisdag|onsdag|torsdag|fredag|lordag|sondag"
_WD_INDEX = {fold(name): i for i, name in enumerate(WEEKDAYS)} | {"tis": 1, "ons": 2, "tors": 3, "fre": 4}
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_HOUR_WORDS = {w: int(WORD_NUMBERS[w]) for w in
               ("ett", "en", "tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio", "tio", "elva", "tolv")}
_HOUR_WORD_ALT = "|".join(_HOUR_WORDS)
_ORDINAL = r"(?::?e|:?a)?"

# Said about the past ("sedan igår kväll", "i fredags"): removed before anything else is read.
_PAST = re.compile(
    rf"\b(i ?gar|i ?forrgar|i ?morse|forra (veckan|helgen|manaden)|i ({_WD})s|sedan ({_WD})(en)?)"
    r"( (i )?(morse|morgon(en)?|formiddag(en)?|eftermiddag(en)?|kvall(en)?|natt(en)?))?\b"
)
_NIGHT = re.compile(r"\b(i ?natt|natt(en|etid|tid)?|mitt i natten)\b")
_ASAP = re.compile(
    r"\b(sa (snart|fort|tidigt) (som )?(mojligt|det gar)|snarast( mojligt)?|forsta (lediga|mojliga|basta)( tid(en)?)?|"
    r"nasta lediga( tid(en)?)?|tidigast mojliga( tid)?|asap)\b"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(?:den )?(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2})| (20\d\d))?\b")
_DOTTED = re.compile(r"\bden (\d{1,2})\.(\d{1,2})\b(?!\.\d)")  # "den 3.12"; a bare "3.12" is a time
_NAMED = re.compile(rf"\b(?:den )?(\d{{1,2}}){_ORDINAL} ({_MONTH_ALT})\b(?: (20\d\d))?")
_DAY_OF_MONTH = re.compile(rf"\bden (\d{{1,2}}){_ORDINAL}\b(?![/:.]\d)")
_IN_DAYS = re.compile(r"\bom (\d{1,2}|en|ett|tva|tre|fyra|fem|sex|sju) (dag|dagar|vecka|veckor)\b")
_RELATIVE = (
    (re.compile(r"\b(i ?)?overmorgon\b"), 2, None),
    (re.compile(r"\bi ?morgon bitti\b"), 1, "morgon"),
    (re.compile(r"\bi ?morgon\b"), 1, None),
    (re.compile(r"\bi ?dag\b"), 0, None),
)
_TODAY_PARTS = (  # "ikväll", "i eftermiddag": a part of today
    (re.compile(r"\bi ?kvall\b"), "kvall"),
    (re.compile(r"\bi ?eftermiddag\b"), "eftermiddag"),
    (re.compile(r"\bi ?formiddag\b"), "formiddag"),
)
_WEEKDAY = re.compile(
    rf"\b(?:(nasta|kommande|denna|den har) )?(?:pa )?({_WD}|tis|ons|tors|fre)(?:en)?\b"
)
_NEXT_WEEK = re.compile(r"\b(?:i |under |pa )?(?:nasta|kommande) vecka\b")
_THIS_WEEK = re.compile(r"\b(i veckan|(?:i |under )?(?:denna|den har) veckan?|resten av veckan)\b")
_NEXT_WEEKEND = re.compile(r"\b(?:nasta|kommande) helg(?:en)?\b")
_WEEKEND = re.compile(r"\b(?:i |till |under |(?:i |under )?(?:denna|den har) )?helg(?:en)?\b")

_NOT_A_TIME = (  # "3 dagar", "2 veckor", "39 grader", "3/12", "3:e" are not times of day
    r"(?![\d/]|:e\b| ?(?:dag(?:ar)?|dar|veck\w*|tim\w*|minut\w*|manad\w*|man|ar|h|st|gang\w*|ggr|grad\w*|kr|%)(?!\w))"
)
_T = rf"(\d{{1,2}}(?:[.:]\d{{2}})?){_NOT_A_TIME}"
_KL = r"(?:kl\.? ?|klockan )?"
_CLOCKS = (
    ("between", re.compile(rf"\bmellan {_KL}{_T} (?:och|-) ?{_KL}{_T}")),
    ("between", re.compile(rf"\b(?:fran |kl\.? ?|klockan )?{_T} ?(?:-|till) ?{_KL}{_T}")),
    ("after", re.compile(rf"\b(?:efter|tidigast|fran) {_KL}{_T}")),
    ("before", re.compile(rf"\b(?:fore|innan|senast) {_KL}{_T}")),
    ("around", re.compile(rf"\b(?:runt|omkring|kring|ungefar|cirka|ca|typ) {_KL}{_T}")),
    ("exact", re.compile(rf"\b(?:kl\.? ?|klockan |vid ){_T}")),
    ("exact", re.compile(rf"\b(\d{{1,2}}[.:]\d{{2}}){_NOT_A_TIME}")),
)
_PART_PATTERNS = (
    ("efter_lunch", re.compile(r"\befter lunch(en)?\b")),
    ("fore_lunch", re.compile(r"\b(fore|innan) lunch(en)?\b")),
    ("lunch", re.compile(r"\b((vid|runt|under|pa|kring) )?lunch(en|tid|tiden|dags)?\b")),
    ("formiddag", re.compile(r"\b((pa|under) )?(formiddag(en|ar|arna)?|fm)\b")),
    ("eftermiddag", re.compile(r"\b((pa|under) )?(eftermiddag(en|ar|arna)?|em)\b")),
    ("kvall", re.compile(r"\b((pa|under) )?(kvall(en|ar|arna|stid)?)\b")),
    ("morgon", re.compile(r"\b((pa|under) )?(morgon(en)?|morgnar(na)?|bitti)\b")),
    ("dag", re.compile(r"\b(hela dagen|dagtid|(pa|under) dagen)\b")),
)


def parse_range(text: str, now: datetime) -> Optional[TimeRange]:
    """The range a Swedish time expression means, or None (nothing understood, night, or already passed)."""
    if not isinstance(text, str) or not isinstance(now, datetime):
        return None
    try:
        return _parse(_clean(text), _local(now))
    except (ValueError, OverflowError):  # safety net: every date is checked before it is built
        return None


def asks_for_night(text: str) -> bool:
    """True when the citizen asks for a night time, which parse_range answers with None: say why."""
    return isinstance(text, str) and bool(_NIGHT.search(_PAST.sub(" ", _clean(text))))


def _local(now: datetime) -> datetime:
    return now.replace(tzinfo=STOCKHOLM) if now.tzinfo is None else now.astimezone(STOCKHOLM)


def _clean(text: str) -> str:
    """Folded text with sentence punctuation gone and "halv tre", "kvart i fyra", "klockan tre" as digits."""
    folded = fold(text).replace("\u2013", "-").replace("\u2014", "-")
    folded = re.sub(r"[,!?;()\"']", " ", folded)
    folded = re.sub(r"\.(?!\d)", " ", folded)
    folded = re.sub(rf"\bhalv ({_HOUR_WORD_ALT}|\d{{1,2}})\b", lambda m: f"{_hour(m.group(1)) - 1}.30", folded)
    folded = re.sub(rf"\bkvart over ({_HOUR_WORD_ALT}|\d{{1,2}})\b", lambda m: f"{_hour(m.group(1))}.15", folded)
    folded = re.sub(rf"\bkvart i ({_HOUR_WORD_ALT}|\d{{1,2}})\b", lambda m: f"{_hour(m.group(1)) - 1}.45", folded)
    folded = re.sub(rf"\b(kl\.?|klockan) ({_HOUR_WORD_ALT})\b", lambda m: f"kl {_HOUR_WORDS[m.group(2)]}", folded)
    return _squash(folded)


def _hour(token: str) -> int:
    """An hour said in "halv tre": "tre" → 3, "ett" → 13 so that "halv ett" is 12.30."""
    value = _HOUR_WORDS[token] if token in _HOUR_WORDS else int(token)
    return 13 if value == 1 else value


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _take(pattern: re.Pattern[str], text: str) -> tuple[Optional[re.Match[str]], str]:
    """The first match and the text without it, so that later patterns do not read it again."""
    match = pattern.search(text)
    if match is None:
        return None, text
    return match, _squash(text[: match.start()] + " " + text[match.end():])


def _parse(text: str, now: datetime) -> Optional[TimeRange]:
    text = _squash(_PAST.sub(" ", text))
    if not text or _NIGHT.search(text):
        return None
    asap, text = _take(_ASAP, text)
    days, hint, text = _days(text, now.date())
    clock, text = _clock(text)
    part, morning_is_tomorrow, text = _part(text, hint)
    if days is None and morning_is_tomorrow:
        tomorrow = now.date() + timedelta(days=1)
        days = _Days(tomorrow, tomorrow)
    if days is None and part is None and clock is None:
        return _asap(now) if asap else None
    window = _window(part, clock)
    if window is None:
        return None
    return _resolve(days or _Days(now.date(), now.date(), roll=1), window, now)


# ---- days ---------------------------------------------------------------------------------------------


def _days(text: str, today: date) -> tuple[Optional[_Days], Optional[str], str]:
    """The days the text names, a part of day implied by the words ("ikväll"), and the remaining text."""
    hint: Optional[str] = None
    for pattern, part in _TODAY_PARTS:
        match, text = _take(pattern, text)
        if match and hint is None:
            hint = part
    dated, text = _dated(text, today)
    relative, relative_hint, text = _relative(text, today)
    hint = hint if relative_hint is None else relative_hint
    week, text = _week(text, today)
    weekday, text = _weekday(text, today, week)
    for candidate in (dated, relative, weekday, week):
        if candidate is not None:
            return candidate, hint, text
    if hint is not None:
        return _Days(today, today), hint, text
    return None, None, text


def _dated(text: str, today: date) -> tuple[Optional[_Days], str]:
    """An explicit date: ISO, "3/12", "3 december", "den 3". A date without a year that has passed is next year's."""
    match, text = _take(_ISO, text)
    if match:
        return _single(_date(int(match[1]), int(match[2]), int(match[3]))), text
    match, text = _take(_NUMERIC, text)
    if match:
        year = match[3] or match[4]
        return _single(_day_month(int(match[1]), int(match[2]), year, today)), text
    match, text = _take(_DOTTED, text)
    if match:
        return _single(_day_month(int(match[1]), int(match[2]), None, today)), text
    match, text = _take(_NAMED, text)
    if match:
        return _single(_day_month(int(match[1]), _MONTHS[match[2]], match[3], today)), text
    match, text = _take(_DAY_OF_MONTH, text)
    if match:
        return _single(_day_of_month(int(match[1]), today)), text
    match, text = _take(_IN_DAYS, text)
    if match:
        count = int(match[1]) if match[1].isdigit() else int(WORD_NUMBERS[match[1]])
        return _single(today + timedelta(days=count * (7 if match[2].startswith("veck") else 1))), text
    return None, text


def _single(day: Optional[date]) -> _Days:
    """The day, or _NO_DAY when the text names a date that does not exist ("31/11"): then the answer is None."""
    return _Days(day, day) if day is not None else _NO_DAY


def _date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: Optional[str], today: date) -> Optional[date]:
    if year:
        return _date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    found = _date(today.year, month, day)
    if found is None and not (month == 2 and day == 29):
        return None
    if found is None or found < today:
        found = _date(today.year + 1, month, day)
        if found is None:  # 29/2 with no leap year ahead until later: the next one
            found = next((d for y in range(today.year + 1, today.year + 5) if (d := _date(y, 2, 29))), None)
    return found


def _day_of_month(day: int, today: date) -> Optional[date]:
    """"den 3": this month, or next month when it has passed (or this month has no such day)."""
    found = _date(today.year, today.month, day)
    if found is not None and found >= today:
        return found
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return _date(year, month, day)


def _relative(text: str, today: date) -> tuple[Optional[_Days], Optional[str], str]:
    for pattern, offset, part in _RELATIVE:
        match, text = _take(pattern, text)
        if match:
            day = today + timedelta(days=offset)
            return _Days(day, day), part, text
    return None, None, text


def _week(text: str, today: date) -> tuple[Optional[_Days], str]:
    monday = today - timedelta(days=today.weekday())
    match, text = _take(_NEXT_WEEKEND, text)
    if match:
        return _Days(monday + timedelta(days=12), monday + timedelta(days=13), lead="nästa helg"), text
    match, text = _take(_NEXT_WEEK, text)
    if match:
        return _Days(monday + timedelta(days=7), monday + timedelta(days=11), lead="nästa vecka"), text
    match, text = _take(_THIS_WEEK, text)
    if match:
        return _Days(today, monday + timedelta(days=4), lead="i veckan"), text
    match, text = _take(_WEEKEND, text)
    if match:  # on a Sunday evening "i helgen" is the coming weekend: roll 7
        return _Days(monday + timedelta(days=5), monday + timedelta(days=6), roll=7, lead="i helgen"), text
    return None, text


def _weekday(text: str, today: date, week: Optional[_Days]) -> tuple[Optional[_Days], str]:
    """A weekday: the coming one (today if still ahead, else in a week); "nästa fredag" is next week's."""
    match, text = _take(_WEEKDAY, text)
    if match is None:
        return None, text
    index = _WD_INDEX[match[2]]
    monday = today - timedelta(days=today.weekday())
    which = match[1] or ""
    if which == "nasta" or (week is not None and week.lead in ("nästa vecka", "nästa helg")):
        day = monday + timedelta(days=7 + index)
        return _Days(day, day), text
    if which in ("denna", "den har") or (week is not None and week.lead == "i veckan"):
        day = monday + timedelta(days=index)
        return _Days(day, day), text
    day = today + timedelta(days=(index - today.weekday()) % 7)
    return _Days(day, day, roll=7), text


# ---- hours --------------------------------------------------------------------------------------------


def _clock(text: str) -> tuple[Optional[_Clock], str]:
    for kind, pattern in _CLOCKS:
        match, rest = _take(pattern, text)
        if match:
            times = tuple(_time_of(g) for g in match.groups() if g is not None)
            return _Clock(kind, times), rest
    return None, text


def _time_of(token: str) -> tuple[int, int, bool]:
    hour, _, minute = token.replace(":", ".").partition(".")
    return int(hour), int(minute or 0), len(hour) == 2 and hour.startswith("0")


def _part(text: str, hint: Optional[str]) -> tuple[Optional[str], bool, str]:
    """The part of day said, and whether a "morgon" next to another part meant "i morgon" ("morgon kväll")."""
    found: list[str] = []
    for name, pattern in _PART_PATTERNS:
        match, text = _take(pattern, text)
        if match:
            found.append(name)
    others = [name for name in found if name != "morgon"]
    if others and len(others) < len(found):
        return others[0], True, text
    return (found[0] if found else hint), False, text


def _window(part: Optional[str], clock: Optional[_Clock]) -> Optional[_Window]:
    """Hours of the day: the clock wins over the part of day; "efter 15"/"före 10" keep the part's other end."""
    base = PARTS[part] if part else None
    if clock is None:
        return base or _DEFAULT
    evening = part in _EVENING_PARTS
    read = [_minutes(h, m, zero, evening) for h, m, zero in clock.times]
    minutes = [m for m in read if m is not None]
    if len(minutes) < len(read):
        return None  # "kl 25", "14.75"
    first = minutes[0]
    if clock.kind == "exact":
        span = (first, first + 60)
    elif clock.kind == "around":
        span = (first - 60, first + 60)
    elif clock.kind == "after":
        inside = base is not None and base.start <= first < base.end
        span = (first, base.end if base and inside else (17 * 60 if first < 17 * 60 else LATEST))
    elif clock.kind == "before":
        inside = base is not None and base.start < first <= base.end
        span = (base.start if base and inside else (8 * 60 if first > 8 * 60 else EARLIEST), first)
    else:
        span = (first, minutes[-1])
    start, end = max(span[0], EARLIEST), min(span[1], LATEST)
    return _Window(start, end) if start < end else None


def _minutes(hour: int, minute: int, leading_zero: bool, evening: bool) -> Optional[int]:
    """Minutes after midnight; "kl 3" is 15.00 (no visits at 3 at night), "kväll kl 7" is 19.00."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if (evening and 1 <= hour < 12) or (not leading_zero and 1 <= hour <= 6):
        hour += 12
    return hour * 60 + minute


# ---- putting it together ------------------------------------------------------------------------------


def _resolve(days: _Days, window: _Window, now: datetime) -> Optional[TimeRange]:
    """Never in the past: a begun range starts at now rounded up to 15 minutes; a passed one rolls or is None."""
    span = _span(days, window, now)
    if span is None and days.roll:
        lead = "nästa helg" if days.lead == "i helgen" else days.lead
        days = _Days(days.first + timedelta(days=days.roll), days.last + timedelta(days=days.roll), 0, lead)
        span = _span(days, window, now)
    if span is None:
        return None
    start, end = span
    daily = (_clock_time(window.start), _clock_time(window.end)) if start.date() != end.date() else None
    return TimeRange(start, end, _label(days, window, start, end, now.date()), daily)


def _span(days: _Days, window: _Window, now: datetime) -> Optional[tuple[datetime, datetime]]:
    if days == _NO_DAY:
        return None
    earliest = _round_up(now)
    day = days.first
    while day <= days.last:
        start, end = _at(day, window.start), _at(day, window.end)
        start = max(start, earliest)
        if start < end:
            return start, _at(days.last, window.end)
        day += timedelta(days=1)
    return None


def _asap(now: datetime) -> TimeRange:
    start = _round_up(now)
    end = _at(now.date() + timedelta(days=ASAP_DAYS), 17 * 60)
    return TimeRange(start, end, ASAP_LABEL)


def _round_up(moment: datetime) -> datetime:
    base = moment.replace(second=0, microsecond=0)
    extra = (-base.minute) % 15
    if extra == 0 and (moment.second or moment.microsecond):
        extra = 15
    return base + timedelta(minutes=extra)


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, _clock_time(minutes), tzinfo=STOCKHOLM)


def _clock_time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _label(days: _Days, window: _Window, start: datetime, end: datetime, today: date) -> str:
    if start.date() == end.date():  # also what is left of "i helgen" on a Sunday
        minutes = start.hour * 60 + start.minute
        return f"{day_label(start.date(), today)} {_hours_label(window, minutes, window.end, window.phrase)}"
    span = f"{day_label(start.date(), today, relative=False)}–{day_label(end.date(), today, relative=False)}"
    return f"{days.lead}, {span}, {_hours_label(window, window.start, window.end, window.plural)}"


def _hours_label(window: _Window, start: int, end: int, phrase: str) -> str:
    hours = f"kl {_hm(start)}–{_hm(end)}"
    return f"{phrase} ({hours})" if phrase else hours


def _hm(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{hour}" if minute == 0 else f"{hour}.{minute:02d}"


def day_label(day: date, today: date, relative: bool = True) -> str:
    """"i morgon torsdag 26/11", "fredag 4/12", "söndag 3/1 2027" — how the bot names a day."""
    prefix = {0: "i dag ", 1: "i morgon ", 2: "i övermorgon "}.get((day - today).days, "") if relative else ""
    year = f" {day.year}" if day.year != today.year else ""
    return f"{prefix}{WEEKDAYS[day.weekday()]} {day.day}/{day.month}{year}"
