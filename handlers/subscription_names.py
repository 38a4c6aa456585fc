"""What people type after /subscribe and /unsubscribe: names, several at once, and keyword filters; and
the replies' wording for what was not understood. Plain text in, plain data and HTML pieces out."""
from __future__ import annotations

import html
from dataclasses import dataclass

from handlers.replies import echo
from news.country_names import separate_flags
from news.countries import country_by_code, resolve_country, suggest_countries
from news.topics import resolve_topic, suggest_topics, topic_by_key

MAX_KEYWORDS = 10  # +keywords and -keywords of one subscription together
KEYWORD_LIMIT = 40  # characters
FILTERS_SHOWN = 500  # characters of a subscription's filters in a reply (MAX_KEYWORDS keywords fit)
USAGE = ("Usage: /subscribe &lt;countries or topics&gt; [+keyword] [-keyword], e.g. /subscribe morocco -football "
         "or /subscribe morocco israel tech")
# Between names these are words, not names: "morocco and israel", "the bahamas".
_FILLERS = frozenset({"and", "&", "or", "the"})
# English words that are also ISO codes: among several words, "news in morocco" is not India and Morocco.
_WORDS_NOT_CODES = frozenset({"in", "is", "it", "to", "no", "me", "at", "be", "by", "do", "so", "my", "am", "as"})
_LONGEST_NAME = 10  # words and commas in a name: "Saint Helena, Ascension and Tristan da Cunha" has 8
UNKNOWN_SHOWN = 5  # phrases not understood, quoted in one reply
NAMES_SHOWN = 10  # countries and topics named in one line of a reply


@dataclass(frozen=True)
class Wanted:
    kind: str  # 'country' | 'topic'
    value: str
    label: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def describe(kind: str, value: str) -> str:
    if kind == "country":
        country = country_by_code(value)
        return f"{country.flag} {country.name}" if country else value
    topic = topic_by_key(value)
    return f"{topic.emoji} {topic.name}" if topic else value


def parse_wanted(args: list[str]) -> tuple[Wanted | None, str]:
    """'morocco -football +election' → what to follow; else (None, a helpful reply)."""
    words = [a for a in args if not a.startswith(("+", "-"))]
    include, exclude = keywords(args)
    name = " ".join(words).strip()
    if not name:
        return None, USAGE
    found = resolve(name)
    if found is not None:
        return Wanted(*found, describe(*found), include, exclude), ""
    return None, unknown_line(name)


def keywords(args: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    include = tuple(dict.fromkeys(a[1:].lower() for a in args if a.startswith("+") and len(a) > 1))
    exclude = tuple(dict.fromkeys(a[1:].lower() for a in args if a.startswith("-") and len(a) > 1))
    return include, exclude


def resolve(name: str) -> tuple[str, str] | None:
    """(kind, value) of a topic or country name, as /subscribe has always read one."""
    topic = resolve_topic(name)
    if topic is not None:
        return "topic", topic.key
    country = resolve_country(name)
    return ("country", country.code) if country is not None else None


@dataclass(frozen=True)
class Names:
    found: tuple[tuple[str, str], ...]  # (kind, value) in the order named, each once
    unknown: tuple[str, ...]  # phrases not understood, as typed


def split_names(words: list[str]) -> Names:
    """'morocco israel', 'morocco, south korea', "côte d'ivoire and tech" → each name in them.

    From each word on, the longest run of words that is a name wins, so "south korea" is one name and
    "morocco israel" two. Words that are no name stay together as one phrase until the next name or comma.
    """
    tokens = separate_flags(" ".join(words)).replace(",", " , ").split()
    several = sum(t != "," for t in tokens) > 1
    found: dict[tuple[str, str], None] = {}
    unknown: list[str] = []
    run: list[str] = []

    def end_run() -> None:
        if run and not all(w.lower() in _FILLERS for w in run) and " ".join(run) not in unknown:
            unknown.append(" ".join(run))
        run.clear()

    i = 0
    while i < len(tokens):
        if tokens[i] == ",":
            end_run()
            i += 1
            continue
        hit, j = None, i + 1
        for j in range(min(len(tokens), i + _LONGEST_NAME), i, -1):
            if tokens[j - 1] == "," or (several and j == i + 1 and tokens[i].lower() in _WORDS_NOT_CODES):
                continue
            if (hit := resolve(" ".join(tokens[i:j]))) is not None:
                break
        if hit is None:
            run.append(tokens[i])
            i += 1
            continue
        end_run()
        found[hit] = None
        i = j
    end_run()
    return Names(tuple(found), tuple(unknown))


def suggestions(phrase: str) -> list[str]:
    """Names close to a phrase not understood, or else to its words ("moroco isreal" → Morocco, Israel)."""
    def close(text: str) -> list[str]:
        return [c.name for c in suggest_countries(text)] + [t.name for t in suggest_topics(text)]

    names = close(phrase)
    if not names and " " in phrase:
        for word in list(dict.fromkeys(phrase.lower().split()))[:UNKNOWN_SHOWN]:
            names += close(word)
    return list(dict.fromkeys(names))[:3]


def unknown_line(phrase: str) -> str:
    close = suggestions(phrase)
    hint = (f" Did you mean {' or '.join(html.escape(n) for n in close)}?" if close
            else " /countries and /topics list what you can follow.")
    return f"I don't know a country or topic called “{echo(phrase)}”.{hint}"


def unknown_lines(unknown: tuple[str, ...]) -> list[str]:
    lines = [unknown_line(phrase) for phrase in unknown[:UNKNOWN_SHOWN]]
    if len(unknown) > UNKNOWN_SHOWN:
        lines.append(f"…and {len(unknown) - UNKNOWN_SHOWN} more I didn't understand.")
    return lines


def name_list(items: list[str]) -> str:
    """"A", "A and B", "A, B and C", "A, B, … and 7 more": items are HTML already."""
    if len(items) > NAMES_SHOWN:
        return ", ".join(items[:NAMES_SHOWN]) + f" and {len(items) - NAMES_SHOWN} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def filters_problem(include: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    """Why these keyword filters can't be saved (too many, or one too long), or None."""
    keywords = include + exclude
    if len(keywords) > MAX_KEYWORDS:
        return (f"That's {len(keywords)} keywords; a subscription can have at most {MAX_KEYWORDS}. "
                "Keep the ones that matter most, e.g. /subscribe morocco +election -football")
    too_long = next((w for w in keywords if len(w) > KEYWORD_LIMIT), None)
    if too_long is not None:
        return f"A keyword can be at most {KEYWORD_LIMIT} characters; “{echo(too_long, 24)}” has {len(too_long)}."
    return None


def filters_text(include: tuple[str, ...], exclude: tuple[str, ...], limit: int = FILTERS_SHOWN) -> str:
    """" (only with a, b; without c)", clipped: filters saved before their caps can be any length."""
    parts = []
    if include:
        parts.append("only with " + ", ".join(include))
    if exclude:
        parts.append("without " + ", ".join(exclude))
    return f" ({echo('; '.join(parts), limit)})" if parts else ""
