"""Finding country mentions in text: the matcher behind `news.countries.tag_countries`.

Speed comes from scanning only capitalised words with one compiled regex (C speed) and looking each up
in a dict keyed by its first folded token; a hit extends greedily over the following tokens and the
longest known phrase wins ("Papua New Guinea" over "Guinea", "New Mexico" over "Mexico"). Lower-case
words are never looked at, so "turkey", "china plates" and the pronoun "us" cannot match.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from news import gazetteer_tables as tables
from news.gazetteer import FORMS, Form, NameIndex, fold, iter_cities, tokens


class Mention(NamedTuple):
    code: str
    kind: str  # name, org, demonym, subdivision, capital, city, dateline
    field: str  # "title" or "body"
    start: int  # character offset in its field
    weak: bool  # counts only if the same country also has a firm mention
    phrase: str  # folded words matched, e.g. "south korea"


_INDEX: dict[str, list[tuple[tuple[str, ...], Form]]] = {}
for _key, _form in FORMS.items():
    _INDEX.setdefault(_key[0], []).append((_key, _form))
for _entries in _INDEX.values():
    _entries.sort(key=lambda entry: -len(entry[0]))

_CAPWORD = re.compile(r"\b[^\W\d_a-z]\w*")
_NEXT_TOKEN = re.compile(r"(?:[ \t\r\n\u00a0]+|[ \t]*[-'’][ \t]*|\.[ \t]*)(\w+)")
_PREV_WORD = re.compile(r"(\w+)[ \t]+\Z")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_GEORGIA_US = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Macon|Fulton County|Ga\.|state of Georgia|County, Georgia)"
    r"|\bGeorgia(?:'s)? (?:Gov\.|governor|senators?|Republicans?|Democrats?|Secretary of State|legislature)")
_GEORGIA_GE = re.compile(r"\b(?:Tbilisi|Georgian|Abkhazia|South Ossetia)")
# Capitalised words that start sentences or headlines without being part of a personal name.
_FUNCTION_WORDS = frozenset("""
a about across after against also amid among an and as at before behind between both but by despite
during each even every for from had has have how however if in including inside into is it its like many
meanwhile most near neighbouring neighboring new not now of on only or outside over since so some than that
the their then these this those through to toward towards under unlike until via visit visits was were
what when where which while who why will with within without would yet
""".split())
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*(?P<qual>[A-Z][A-Za-z.'’ -]{0,30}?))??"
    rf"(?:,?\s*(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}))?"
    r"(?:,?\s*(?P<agency>\((?:Reuters|AP|AFP|UPI|dpa|PTI|IANS)\)|Reuters?))?\s*[-–—]+\s"
)


@functools.lru_cache(maxsize=1 << 16)
def _fold_token(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


def _is_name_word(word: str) -> bool:
    """A capitalised word that is neither a function word nor itself a place or nationality."""
    folded = _fold_token(word)
    return word[0].isupper() and folded not in _FUNCTION_WORDS and (folded,) not in FORMS


def _glued_to_name(text: str, start: int, end: int) -> bool:
    """Is this word part of a personal or brand name: "Michael Jordan", "Chad Smith", "Washington Post"?"""
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    if before and _is_name_word(before.group(1)):
        return True
    after = _NEXT_WORD.match(text, end)
    return bool(after and _is_name_word(after.group(1)) and after.group(1).lower() not in tables.GEO_FOLLOWERS)


def _scan(text: str, field: str, offset_base: int = 0) -> list[Mention]:
    found: list[Mention] = []
    resume = 0
    in_title = field == "title"
    for match in _CAPWORD.finditer(text, offset_base):
        start = match.start()
        if start < resume:
            continue
        word = match.group()
        first = _fold_token(word)
        entries = _INDEX.get(first)
        if entries is None or not word[0].isupper():
            continue
        words, surfaces, ends = [first], [word], [match.end()]
        position = match.end()
        while len(words) < len(entries[0][0]):
            following = _NEXT_TOKEN.match(text, position)
            if following is None:
                break
            words.append(_fold_token(following.group(1)))
            surfaces.append(following.group(1))
            position = following.end()
            ends.append(position)
        for key, form in entries:
            size = len(key)
            if tuple(words[:size]) != key or (form.exact and not all(s.isupper() for s in surfaces[:size])):
                continue
            resume = ends[size - 1]
            if form.code is None:
                break
            following = _NEXT_WORD.match(text, resume)
            weak = bool(following and following.group(1).lower() in tables.CURRENCY_WORDS)
            if size == 1 and first in tables.NAME_LIKE and _glued_to_name(text, start, ends[0]):
                if not in_title:
                    break
                weak = True
            found.append(Mention(form.code, form.kind, field, start, weak, " ".join(key)))
            break
    return found


@functools.cache
def _city_index(alternates: bool) -> NameIndex:
    """Every geonames city by name (or by its Latin alternate names): the most populous one wins.

    Keyed by the name's folded tokens joined with spaces ("sao paulo"); the value is the country code.
    """
    def entries() -> Iterator[tuple[str, int, str]]:
        for city in iter_cities(alternates=alternates):
            names = [n for n in city.alternatenames if len(n) > 3 and n.isascii() and not n.isupper()] \
                if alternates else [city.name]
            for name in names:
                key = tokens(name)
                if key:
                    yield " ".join(key), city.population, city.countrycode

    return NameIndex(entries())


def place_country(name: str) -> str | None:
    """Country of a dateline place or qualifier: "N.Y." and "Calif." → US, "Alberta" → CA, "SALVADOR" → BR."""
    key = tokens(name)
    if not key:
        return None
    if " ".join(key) in tables.US_STATE_ABBREVIATIONS:
        return "US"
    form = FORMS.get(key)
    if form is not None:
        return form.code
    joined = " ".join(key)
    for alternates in (False, True):
        hit = _city_index(alternates).get(joined)
        if hit is not None:
            return hit
    return None


def dateline(body: str) -> tuple[str | None, int]:
    """The country of a wire dateline ("RABAT, Morocco (AP) — …") and where the story text starts."""
    match = _DATELINE.match(body, 0, 120)
    if match is None:
        return None, 0
    place = match.group("place").strip()
    if not (match.group("date") or match.group("agency") or (place.isupper() and len(place) > 2)):
        return None, 0
    qualifier = match.group("qual")
    code = place_country(qualifier) if qualifier else None
    return code or place_country(place), match.end()


def _is_title_case(title: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z]{4,}", title)]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def find_mentions(title: str, body: str) -> tuple[str | None, int, list[Mention]]:
    """(dateline country, where the story starts after the dateline, every mention in title and body)."""
    dateline_code, body_start = dateline(body)
    mentions = _scan(title, "title") + _scan(body, "body", body_start)
    if _is_title_case(title):
        mentions = [m._replace(weak=True) if m.field == "title" and m.phrase in tables.NAME_LIKE else m
                    for m in mentions]
    if any(m.phrase == "georgia" for m in mentions):
        mentions = _resolve_georgia(title + "\n" + body, mentions)
    firm = {m.code for m in mentions if not m.weak} | {dateline_code}
    return dateline_code, body_start, [m for m in mentions if m.code in firm]


def _resolve_georgia(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Georgia" is the US state when the story has US-state context and nothing Georgian (Tbilisi)."""
    us_context = _GEORGIA_US.search(text) or any(
        m.code == "US" and m.kind in ("subdivision", "city") and m.phrase != "georgia" for m in mentions)
    if not us_context or _GEORGIA_GE.search(text):
        return mentions
    return [m._replace(code="US", kind="subdivision") if m.phrase == "georgia" else m for m in mentions]
