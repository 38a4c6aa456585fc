"""Big cities by the codes readers type for them: "LAX", "SFO", "NYC", "HCMC" (geonames lists airport codes and
initials among a city's alternate names).

Only a city of CODE_MIN_POPULATION or more is known by its codes: a smaller place's code is left alone, as "BST" (a
town near Kabul) was once taken for British Summer Time. Codes are read in capitals only: "lax" is a word.
"""
from __future__ import annotations

import functools

from news.gazetteer import City, iter_cities
from news.zone_abbreviations import looks_like_a_code

CODE_MIN_POPULATION = 500_000


@functools.cache
def _city_codes() -> dict[str, City]:
    """Code in capitals → the most populous city of at least CODE_MIN_POPULATION that geonames gives it (without
    its alternate names): some 850 codes."""
    cities: dict[str, City] = {}
    for city in iter_cities(min_population=CODE_MIN_POPULATION, alternates=True):
        for code in filter(looks_like_a_code, city.alternatenames):
            if code not in cities or cities[code].population < city.population:
                cities[code] = city._replace(alternatenames=())
    return cities


def city_for_code(text: str) -> City | None:
    """The big city a code in capitals stands for ("LAX" → Los Angeles, "HCMC" → Ho Chi Minh City); None for
    anything else, lower case included: "lax" is a word."""
    query = text.strip()
    return _city_codes().get(query) if looks_like_a_code(query) else None
