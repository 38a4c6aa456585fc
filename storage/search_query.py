"""/search text as an FTS5 query: words, "phrases", OR, and words to leave out; never user text as syntax."""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
# One search term: an optional sign, then a "quoted phrase" (to its closing quote or the end) or a bare word
# (a quote inside one is punctuation).
_TERM = re.compile(r'([+-]?)(?:"([^"]*)"?|(\S+))')
_DOTTED = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?", re.UNICODE)  # an abbreviation with its dots: U.S., U.K, e.g.
_QUOTES = str.maketrans({q: '"' for q in "“”„‟«»″＂"})  # phones type “smart” quotes
MAX_SEARCH_TERMS = 12  # words or phrases in one query, to keep the MATCH expression small
MAX_PHRASE_WORDS = 12

Phrase = tuple[str, ...]  # words that must appear together, in order


@dataclass(frozen=True)
class SearchQuery:
    """What /search text asks for: each group of alternatives must match (any one phrase of it), and no
    excluded phrase may. `match` is the FTS5 expression, built from the words alone."""

    required: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()

    @property
    def match(self) -> str | None:
        """The FTS5 query, or None when nothing is required (exclusions alone would match everything).

        Every phrase is an FTS5 string of \\w+ words, so no user text reaches MATCH as syntax: the
        operators here are the only ones.
        """
        if not self.required:
            return None
        groups = [_alternatives(group) for group in self.required]
        wanted = " AND ".join(groups)
        if not self.excluded:
            return wanted
        return f"({wanted}) NOT {_alternatives(self.excluded)}"


def _phrase(words: Phrase) -> str:
    return '"' + " ".join(words) + '"'


def _alternatives(phrases: tuple[Phrase, ...]) -> str:
    return _phrase(phrases[0]) if len(phrases) == 1 else "(" + " OR ".join(map(_phrase, phrases)) + ")"


def _abbreviation_forms(bare: str) -> tuple[Phrase, ...] | None:
    """"U.S." and "US" are written either way, so either finds both: a dotted abbreviation, or a short word
    typed in capitals (not "us", which is a word too); None for anything else."""
    if _DOTTED.fullmatch(bare):
        letters = tuple(_WORD.findall(bare))
    elif bare.isalpha() and bare.isupper() and 2 <= len(bare) <= 4:
        letters = tuple(bare)
    else:
        return None
    return ("".join(letters),), letters


def parse_search(text: str) -> SearchQuery:
    """User text → a SearchQuery. Words must all match; "a phrase" matches those words together;
    `OR` (or `|`) between two terms accepts either; `-word`, `-"a phrase"` or `NOT word` leaves out stories
    with it; `+word` and `AND` are the default. Punctuation inside a word ("covid-19") keeps its parts together;
    an abbreviation matches with or without its dots ("U.S.", "US").
    """
    required: list[tuple[Phrase, ...]] = []
    excluded: list[Phrase] = []
    either = negate = False
    terms = 0
    for match in _TERM.finditer(text.translate(_QUOTES)):
        sign, quoted, bare = match.groups()
        if quoted is None and not sign and bare in ("OR", "|", "AND", "NOT"):
            either, negate = (bare in ("OR", "|")) and bool(required), bare == "NOT"
            continue
        words = tuple(_WORD.findall(quoted if quoted is not None else bare))[:MAX_PHRASE_WORDS]
        if not words:
            continue
        if terms == MAX_SEARCH_TERMS:
            break
        terms += 1
        phrases = _abbreviation_forms(bare) if quoted is None else None
        phrases = phrases or (words,)
        if sign == "-" or negate:
            excluded.extend(phrases)
        elif either:
            required[-1] += phrases
        else:
            required.append(phrases)
        either = negate = False
    return SearchQuery(tuple(required), tuple(dict.fromkeys(excluded)))
