"""What the booking conversation says, and how it reads short answers (visit type, yes/no, a chosen time)."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Optional

from bot.booking.timeparse import day_label
from bot.messages import CLOSING
from bot.routing.hours import STOCKHOLM
from bot.text.normalize import fold

MODE_NAMES = {"fysiskt": "besök på mottagningen", "video": "videosamtal", "telefon": "telefonsamtal",
              "chatt": "chatt"}
MODE_BUTTONS = {"fysiskt": "Besök på mottagningen", "video": "Videosamtal", "telefon": "Telefonsamtal",
                "chatt": "Chatt"}
_MODE_WORDS = (
    ("video", re.compile(r"\b(video\w*|vidio\w*|bild\w*|facetime|zoom|teams)\b")),
    ("telefon", re.compile(r"\b(telefon\w*|tele|ring\w*|samtal pa telefon|mobil\w*|phone)\b")),
    ("chatt", re.compile(r"\b(chat\w*|skriv\w*|sms)\b")),
    ("fysiskt", re.compile(r"\b(besok\w*|plats|mottagning\w*|fysisk\w*|komma in|traff\w*|pa riktigt|"
                           r"vardcentral\w*|in till|dit)\b")),
)
_ANY = re.compile(r"\b(spelar ingen roll|vilken som helst|vad som helst|egal|samma|valj du|whatever|any)\b")
_STOP = re.compile(r"\b(avbryt|strunta i det|glom det|vill inte boka|inte boka|sluta|stopp|nej tack jag vill inte)\b")
_ORDINALS = {"forsta": 1, "forst": 1, "andra": 2, "tredje": 3, "fjarde": 4, "femte": 5, "sista": -1}
_CLOCK = re.compile(r"\b(?:kl\.? ?)?([01]?\d|2[0-3])[.:]([0-5]\d)\b")
_INDEX = re.compile(r"^(?:nr|nummer|tid|alternativ)? ?([1-9])$")

PRIVACY_NOTE = "Numret sparas bara i bokningen – inte i chatten."
STOPPED = "Okej, jag bokar ingen tid. Skriv \"boka tid\" om du vill försöka igen. " + CLOSING


def local(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM)


def clock(moment: datetime) -> str:
    return f"{local(moment):%H.%M}"


def slot_label(start: datetime, end: datetime, today: date) -> str:
    """"i morgon torsdag 26/11 kl 13.20–13.40"."""
    return f"{day_label(local(start).date(), today)} kl {clock(start)}–{clock(end)}"


def short_label(start: datetime, today: date) -> str:
    """The button text: "tors 26/11 13.20" (short enough for a phone)."""
    day = day_label(local(start).date(), today, relative=False)
    weekday, rest = day.split(" ", 1)
    return f"{weekday[:3]} {rest} {clock(start)}"


def mode_from(text: str, choices: tuple[str, ...]) -> Optional[str]:
    folded = fold(text)
    if _ANY.search(folded) and choices:
        return choices[0]
    for mode, pattern in _MODE_WORDS:
        if mode in choices and pattern.search(folded):
            return mode
    return None



def wants_to_stop(text: str) -> bool:
    return bool(_STOP.search(fold(text)))


def choice_from(text: str, options: list[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """The offered option the citizen picked: by button text, by number ("2", "den andra") or by clock
    ("13.20", "kl 13:20"). None when it is not clearly one of them."""
    folded = fold(text).strip(" .!")
    for option in options:
        if folded == fold(option["label"]) or folded == fold(option.get("button", "")):
            return option
    index = _INDEX.match(folded)
    if index and int(index.group(1)) <= len(options):
        return options[int(index.group(1)) - 1]
    for word, number in _ORDINALS.items():
        if re.search(rf"\b(den |det )?{word}\b", folded) and len(folded.split()) <= 4:
            if number == -1:
                return options[-1] if options else None
            return options[number - 1] if number <= len(options) else None
    match = _CLOCK.search(folded)
    if match:
        wanted = f"{int(match.group(1)):02d}.{match.group(2)}"
        hits = [o for o in options if o["clock"] == wanted]
        return hits[0] if len(hits) == 1 else None
    return None


def masked_number(number: str) -> str:
    """"19121212-****": enough for the citizen to recognise, useless to anyone else."""
    return f"{number[:8]}-****"
