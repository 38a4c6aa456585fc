"""Finding country mentions in text: the matcher behind `news.countries.tag_countries`.

Speed comes from letting one compiled regex (C speed) yield only capitalised words that can start a
known phrase, so Python never sees the other ~80% of capitalised words; a hit extends over the following
tokens while they still spell the start of a longer phrase, and the longest known phrase wins
("Papua New Guinea" over "Guinea", "New Mexico" over "Mexico"). Lower-case words are never looked at,
so "turkey", "china plates" and the pronoun "us" cannot match.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from news import gazetteer_tables as tables
from news.gazetteer import FORMS, NameIndex, fold, iter_cities, tokens


class Mention(NamedTuple):
    code: str
    kind: str  # name, org, demonym, subdivision, capital, city, dateline
    field: str  # "title" or "body"
    start: int  # character offset in its field
    weak: bool  # counts only if the same country also has a firm mention
    phrase: str  # folded words matched, e.g. "south korea"


def _alternation(tails: dict[str, str]) -> str:
    """A regex for exactly these words, each followed by its own tail pattern, factored as a prefix tree.

    "ab(?:c|d)" rather than "abc|abd": Python's re tries the branches of an alternation one by one, and the
    tree keeps that to the letters actually present in the text. Letters match in either case, as "[Ff]":
    re rejects a branch that opens with a character class in place, but enters one opening with a
    case-insensitive literal before failing it, which made the first-word scan cost half again as much.
    """
    tree: dict[str, Any] = {}
    for word, tail in tails.items():
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = tail  # where the word ends

    def pattern(node: dict[str, Any]) -> str:
        branches = [_any_case(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(node[""])
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


def _any_case(char: str) -> str:
    return f"[{char.upper()}{char}]" if char.isascii() and char.isalpha() else re.escape(char)


def _first_word_pattern() -> re.Pattern[str]:
    """Whole capitalised words that fold to the first token of a known phrase ("France", "FRANCE", "US").

    A token that is never a phrase on its own ("The" of "The Hague", "People" of "People's Republic of
    China") is only yielded when the next token could continue a phrase, so most sentence-initial "The"s
    never reach Python. Only right for text whose word characters are all ASCII (see `_scan`): there
    folding is `str.lower`, i.e. a case-insensitive match. Each branch starts with a plain upper-case
    letter, which lets re skip ahead to candidate letters in C.
    """
    seconds: dict[str, dict[str, str]] = {}
    for key in FORMS:
        if len(key) > 1:
            seconds.setdefault(key[0], {})[key[1]] = r"(?!\w)"
    endings: dict[str, dict[str, str]] = {}  # initial → {rest of the token: what must follow it}
    for token in {key[0] for key in FORMS}:
        if not token[0].isalpha():  # a word starting with a digit is never capitalised
            continue
        follows = r"(?!\w)" if (token,) in FORMS else rf"(?!\w)(?={_SEPARATOR}{_alternation(seconds[token])})"
        endings.setdefault(token[0].upper(), {})[token[1:]] = follows
    return re.compile("|".join(re.escape(initial) + rf"(?<!\w.){_alternation(tails)}"
                               for initial, tails in sorted(endings.items())))


_SEPARATOR = r"(?:[ \t\r\n\u00a0]+|[ \t]*[-'’][ \t]*|\.[ \t]*)"  # between the words of a phrase
_NEXT_TOKEN = re.compile(_SEPARATOR + r"(\w+)")
_PREFIXES = frozenset(key[:size] for key in FORMS for size in range(1, len(key)))  # worth extending
_FIRST_TOKENS = frozenset(key[0] for key in FORMS)
_CAPWORD = re.compile(r"\b[^\W\d_a-z]\w*")
_FIRST_WORD = _first_word_pattern()
_WORD_CHAR = re.compile(r"\w")
_ASCII_BYTES = bytes(range(128))
_PREV_WORD = re.compile(r"(\w+)[ \t]+\Z")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
# The state's cities and people, and what only a US state has (a grand jury, counties, senators): the election case
# against Trump filled a day's feeds with "Georgia grand jury ..." headlines, the country's news none of them.
_GEORGIA_US = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Macon|Fulton|Ga\.|state of Georgia|County, Georgia|[Gg]rand jury|Fani Willis|"
    r"Kemp|Raffensperger|Lindsey Graham|Meadows|Trump|Biden|counties|police chief|Sens?\.|Peach State)"
    r"|\bGeorgia(?:'s)? (?:Gov\.|governor|senators?|Republicans?|Democrats?|Secretary of State|legislature)")
_GEORGIA_GE = re.compile(
    r"\b(?:Tbilisi|Georgian|Abkhazia|South Ossetia|Batumi|Kutaisi|Caucasus|Saakashvili|Kobakhidze|Zourabichvili)")
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
_DATELINE_SPAN = 120  # a dateline ends within this many characters of the body's start
_DATELINE_END = re.compile(r"[-–—]\s")  # every dateline ends so; most bodies have none up front


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


def _has_non_ascii_word_char(text: str) -> bool:
    # UTF-8 without its ASCII bytes is just the non-ASCII characters: cheaper to get than a regex scan of the
    # whole text for them (~45 instructions a character), 44k -> 20k instructions per article on average.
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return _WORD_CHAR.search(others) is not None


def _scan(text: str, field: str, offset_base: int = 0) -> list[Mention]:
    found: list[Mention] = []
    resume = 0
    in_title = field == "title"
    # With a non-ASCII letter about ("Côte", "MÉXICO") folding is more than lower-casing, and _FIRST_WORD
    # could miss a word: then every capitalised word is checked here instead.
    ascii_words = text.isascii() or not _has_non_ascii_word_char(text[offset_base:])
    words_found = _FIRST_WORD if ascii_words else _CAPWORD
    for match in words_found.finditer(text, offset_base):
        start = match.start()
        if start < resume:
            continue
        word = match.group()
        first = _fold_token(word)
        if first not in _FIRST_TOKENS or not word[0].isupper():
            continue
        phrase: tuple[str, ...] = (first,)
        surfaces, ends = [word], [match.end()]
        while phrase in _PREFIXES:  # extend only while a longer phrase could still match
            following = _NEXT_TOKEN.match(text, ends[-1])
            if following is None:
                break
            token = following.group(1)
            phrase += (_fold_token(token),)
            surfaces.append(token)
            ends.append(following.end())
        for size in range(len(phrase), 0, -1):  # longest known phrase first
            key = phrase[:size]
            form = FORMS.get(key)
            if form is None or (form.exact and not all(s.isupper() for s in surfaces[:size])):
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
    if not _DATELINE_END.search(body, 0, _DATELINE_SPAN):  # spares the backtracking _DATELINE most of the time
        return None, 0
    match = _DATELINE.match(body, 0, _DATELINE_SPAN)
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
