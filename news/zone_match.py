"""Which place a reader's words for /timezone were taken as, so the reply can say it: "Nice, France", not
only "Europe/Paris"; and, when other places of that name keep other times, how to get theirs ("Springfield"
is Missouri's, on Chicago time; Massachusetts' is on New York time).

Found after the zone (news.places.timezone_for_place), by one pass over the city file: a reader sets a zone
rarely, and an index of city names by zone would cost memory every other query does without.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from news.countries import country_by_code, country_named
from news.gazetteer import City, fold, iter_cities
from news.city_codes import city_for_code
from news.places import (city_and_country, country_clocks, fixed_offset_notes, iana_zone, timezone_for_place,
                         typable_alternate, utc_offset)
from news.zone_abbreviations import zone_abbreviation

NAMESAKE_SHARE = 0.1  # a place of the same name elsewhere is worth a word if it has a tenth of the people or more
# Countries whose name readers also use for somewhere else, in another zone.
_COUNTRY_NOTES = {"GE": "Georgia the country; for the US state, /timezone Atlanta."}


@dataclass(frozen=True)
class ZoneMatch:
    zone: str
    place: str  # what the words were taken as: "Nice, France", "Georgia"; "" when they named a clock (PST, UTC+3)
    notes: tuple[str, ...] = ()  # plain sentences: how an abbreviation was read, which place of that name …


def match_zone(text: str, when: datetime) -> ZoneMatch | None:
    """The zone `text` gives (news.places.timezone_for_place), the place it was taken as and what the reader
    should know about that choice in `when`'s year; None for no zone."""
    zone = timezone_for_place(text)
    if zone is None:
        return None
    query = " ".join(text.split())
    found = _match(query, zone)
    abbreviation = zone_abbreviation(query)
    clocks = country_clocks(query, when)  # "Russia": the capital's zone, and where else to look
    notes = ([abbreviation.note()] if abbreviation is not None else []) + [*found.notes, *fixed_offset_notes(zone, query)]
    notes += [clocks.note()] if clocks is not None and clocks.zone == zone else []
    return ZoneMatch(zone, found.place, tuple(notes))


def _match(query: str, zone: str) -> ZoneMatch:
    if zone_abbreviation(query) is not None or utc_offset(query) is not None or iana_zone(query) is not None:
        return ZoneMatch(zone, "")  # a clock, not a place: "PST", "UTC+3", "Europe/Paris", "UTC"
    country = country_named(query)
    if country is not None:
        note = _COUNTRY_NOTES.get(country.code)
        return ZoneMatch(zone, country.name, (note,) if note else ())
    coded = city_for_code(query)
    if coded is not None and coded.timezone == zone:
        return ZoneMatch(zone, _city_label(coded), (f"{query} taken as the code for {coded.name}.",))
    key = fold(query).strip()
    for alternates in (False, True) if key.isascii() else (False,):  # alternate names are all Latin
        named = _cities_named(key, alternates)
        if any(city.timezone == zone for city in named):
            return _city_match(zone, named)
    split = city_and_country(query)
    if split is not None:
        city, country = split
        in_country = [found for found in _cities_named(fold(city).strip(), True) if found.countrycode == country.code]
        if in_country:
            return ZoneMatch(zone, _city_label(max(in_country, key=_people)))
        return ZoneMatch(zone, f"{city}, {country.name}")
    return ZoneMatch(zone, query)  # a name in another script: "Москва"


def _people(city: City) -> int:
    return city.population


def _cities_named(key: str, alternates: bool) -> list[City]:
    """Every city with that folded name, or with `alternates` that alternate name (as news.places matches them)."""
    if not alternates:
        return [city for city in iter_cities() if fold(city.name).strip() == key]
    return [city for city in iter_cities(alternates=True)
            if fold(city.name).strip() == key  # alternate names are ASCII: folding them is lower-casing
            or any(name.lower().strip() == key and typable_alternate(name) for name in city.alternatenames)]


def _city_label(city: City) -> str:
    country = country_by_code(city.countrycode)
    return city.name if country is None else f"{city.name}, {country.name}"


def _city_match(zone: str, named: list[City]) -> ZoneMatch:
    """The biggest city of the name in `zone` (the one news.places chose), and a note naming the clocks other
    big places of that name keep."""
    chosen = max((city for city in named if city.timezone == zone), key=_people)
    elsewhere: dict[str, int] = {}
    for city in named:
        if city.timezone != zone and city.population >= NAMESAKE_SHARE * chosen.population:
            elsewhere[city.timezone] = max(elsewhere.get(city.timezone, 0), city.population)
    if not elsewhere:
        return ZoneMatch(zone, _city_label(chosen))
    commands = [f"/timezone {_zone_city(other)}" for other in sorted(elsewhere, key=elsewhere.__getitem__, reverse=True)[:3]]
    listed = commands[0] if len(commands) == 1 else f"{', '.join(commands[:-1])} or {commands[-1]}"
    note = f"Another {chosen.name} keeps other times: if yours is not this one, {listed} sets its clock."
    return ZoneMatch(zone, _city_label(chosen), (note,))


def _zone_city(zone: str) -> str:
    """What to type for a zone: its city ("New York" for America/New_York) when /timezone finds it, else the zone."""
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return city if timezone_for_place(city) == zone else zone
