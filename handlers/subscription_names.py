"""What people type after /subscribe and /unsubscribe (and /audience, /news): names, several at once, and keyword
filters; and the replies' wording for what was not understood. Plain text in, plain data and HTML pieces out."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handlers.name_hints import HINTED, excluded_name_line, hint_for, shared_name, shared_name_line
from handlers.replies import echo
from news.country_names import separate_flags
from news.countries import country_by_code, reader_country, resolve_country, suggest_countries
from news.digest import keyword_form
from news.format import MESSAGE_LIMIT, telegram_length
from news.topics import resolve_topic, suggest_topics, topic_by_key
from storage.subscriptions import Subscription

MAX_KEYWORDS = 10  # +keywords and -keywords of one subscription together
KEYWORD_LIMIT = 40  # characters
FILTERS_SHOWN = 500  # characters of a subscription's filters in a reply (MAX_KEYWORDS keywords fit)
USAGE = ("Usage: /subscribe &lt;countries or topics&gt; [+keyword] [-keyword], e.g. /subscribe morocco -football "
         "or /subscribe morocco israel tech")
# Between names these are words, not names: "morocco and israel", "subscribe me to morocco", "tech news".
_FILLERS = frozenset({"and", "&", "or", "the", "to", "in", "of", "on", "for", "about", "from", "me", "my", "news"})
# A term of what /subscribe is given: a keyword filter, "+word" or '+"a phrase"', or a word of the names.
_TERM = re.compile(r'[+-]?"[^"]*"?|\S+')
_QUOTES = str.maketrans({q: '"' for q in "“”„‟«»″＂"})  # phones type “smart” quotes
_LONGEST_NAME = 10  # words and commas in a name: "Saint Helena, Ascension and Tristan da Cunha" has 8
UNKNOWN_SHOWN = 5  # phrases not understood, quoted in one reply
NAMES_SHOWN = 10  # countries and topics named in one line of a reply
LIST_BUDGET = MESSAGE_LIMIT - 600  # a list of what a chat follows, in one message: the lines under it need less
FILTERS_LISTED = 60  # characters of a subscription's filters in a line of such a list


def describe(kind: str, value: str) -> str:
    if kind == "country":
        country = country_by_code(value)
        return f"{country.flag} {country.name}" if country else value
    topic = topic_by_key(value)
    return f"{topic.emoji} {topic.name}" if topic else value


def plain_name(kind: str, value: str) -> str:
    """The name /subscribe and /unsubscribe read back: "South Korea", "tech"."""
    if kind == "country":
        country = country_by_code(value)
        return country.name if country else value
    topic = topic_by_key(value)
    return topic.command if topic else value


def listed(subs: Sequence[Subscription], budget: int = LIST_BUDGET) -> list[str]:
    """A line for each, with its filters, until the lines would pass `budget` characters, then "…and N more."."""
    lines: list[str] = []
    size = 0
    for sub in subs:
        line = f"• {html.escape(describe(sub.kind, sub.value))}{filters_text(sub.include, sub.exclude, FILTERS_LISTED)}"
        size += 1 + telegram_length(line)
        if size > budget:
            return [*lines, f"…and {len(subs) - len(lines)} more."]
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Request:
    """What /subscribe's words ask for: the names, and the keyword filters in the form they filter in."""
    words: tuple[str, ...]  # the words naming countries and topics
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    filtered: bool = False  # a +word or -word was typed (a lone "+" too): the filters replace a subscription's
    wordless: tuple[str, ...] = ()  # filters typed with no letter or digit ("-🇲🇦"), which could match nothing


def read_request(args: list[str]) -> Request:
    """'morocco libya +"dam collapse" -football' → names and filters; "Derna," filters as "derna"."""
    words: list[str] = []
    include: dict[str, None] = {}
    exclude: dict[str, None] = {}
    wordless: list[str] = []
    filtered = False
    for term in _TERM.findall(" ".join(args).translate(_QUOTES)):
        if not term.startswith(("+", "-")):
            words.append(term)
            continue
        filtered = True
        form = keyword_form(term[1:])
        if form:
            (include if term[0] == "+" else exclude)[form] = None
        elif len(term) > 1:
            wordless.append(term)
    return Request(tuple(words), tuple(include), tuple(exclude), filtered, tuple(wordless))


def resolve(name: str) -> tuple[str, str] | None:
    """(kind, value) of a topic or country name, as /subscribe has always read one."""
    topic = resolve_topic(name)
    if topic is not None:
        return "topic", topic.key
    country = reader_country(name)
    return ("country", country.code) if country is not None else None


@dataclass(frozen=True)
class Names:
    found: tuple[tuple[str, str], ...]  # (kind, value) in the order named, each once
    unknown: tuple[str, ...]  # phrases not understood, as typed
    shared: tuple[str, ...] = ()  # names two countries share ("Congo"), as typed: found as one, the reply says so


def split_names(words: Iterable[str]) -> Names:
    """'morocco israel', 'morocco, south korea', "côte d'ivoire and tech" → each name in them.

    From each word on, the longest run of words that is a name wins, so "south korea" is one name and
    "morocco israel" two. Words that are no name stay together as one phrase until the next name or comma; a
    phrase with a pointer of its own (handlers.name_hints: "latin america", "stock market") is one phrase, not
    "latin" and America.
    """
    tokens = separate_flags(" ".join(words)).replace(",", " , ").split()
    found: dict[tuple[str, str], None] = {}
    unknown: list[str] = []
    shared: list[str] = []
    run: list[str] = []

    def end_run() -> None:  # "to narnia" is not understood as "narnia"
        while run and run[0].lower() in _FILLERS:
            run.pop(0)
        while run and run[-1].lower() in _FILLERS:
            run.pop()
        if run and " ".join(run) not in unknown:
            unknown.append(" ".join(run))
        run.clear()

    i = 0
    while i < len(tokens):
        if tokens[i] == ",":
            end_run()
            i += 1
            continue
        hit, hinted, j = None, False, i + 1
        for j in range(min(len(tokens), i + _LONGEST_NAME), i, -1):
            if tokens[j - 1] == ",":
                continue
            phrase = " ".join(tokens[i:j])
            if (hit := resolve(phrase)) is not None or (hinted := phrase.lower() in HINTED):
                break
        if hinted:
            end_run()
            run.extend(tokens[i:j])
            end_run()
            i = j
            continue
        if hit is None:
            run.append(tokens[i])
            i += 1
            continue
        end_run()
        if shared_name(phrase) is not None and phrase not in shared:
            shared.append(phrase)
        found[hit] = None
        i = j
    end_run()
    return Names(tuple(found), tuple(unknown), tuple(shared))


def suggestions(phrase: str) -> list[str]:
    """Names close to a phrase not understood, or else to its words ("moroco isreal" → Morocco, Israel); not to
    a two-letter word among them, which is close to nothing but a country code ("is great" is no Iceland)."""
    def close(text: str) -> list[str]:
        return [c.name for c in suggest_countries(text)] + [t.name for t in suggest_topics(text)]

    names = close(phrase)
    if not names and " " in phrase:
        for word in [w for w in dict.fromkeys(phrase.lower().split()) if len(w) > 2][:UNKNOWN_SHOWN]:
            names += close(word)
    return list(dict.fromkeys(names))[:3]


AI_HINT = ("AI is no country or topic to me: /search AI finds its stories, and /subscribe tech +ai follows the "
           "Technology stories that mention it. (Anguilla, whose code is AI, is /anguilla.)")


def unknown_line(phrase: str) -> str:
    if phrase.strip().lower() == "ai":
        return AI_HINT
    if (hint := hint_for(phrase)) is not None:
        return hint
    close = suggestions(phrase)
    hint = (f" Did you mean {' or '.join(html.escape(n) for n in close)}?" if close
            else " /countries and /topics list what you can follow.")
    return f"I don't know a country or topic called “{echo(phrase)}”.{hint}"


def unknown_lines(unknown: tuple[str, ...]) -> list[str]:
    lines = [unknown_line(phrase) for phrase in unknown[:UNKNOWN_SHOWN]]
    if len(unknown) > UNKNOWN_SHOWN:
        lines.append(f"…and {len(unknown) - UNKNOWN_SHOWN} more I didn't understand.")
    return lines


def name_notes(names: Names, request: Request) -> list[str]:
    """What /subscribe says beside what it followed: which country a shared name was taken as, and a -keyword
    that names what it follows (-israel on Israel leaves out nearly all its stories)."""
    lines = [shared_name_line(phrase, shared) for phrase in names.shared if (shared := shared_name(phrase))]
    for keyword in request.exclude:
        named = resolve(keyword)
        if named is not None and named in names.found:
            lines.append(excluded_name_line(keyword, *named))
    return lines


def command_for(kind: str, value: str) -> str:
    """The command that shows a country's or topic's latest stories: "south_korea", "tech"."""
    found = country_by_code(value) if kind == "country" else topic_by_key(value)
    return found.command if found else value


def one_at_a_time(query: str, names: Names) -> str:
    """For /news given several names, or a name among words it doesn't know: a command for each, and the rest."""
    commands = [f"/{command_for(kind, value)}" for kind, value in names.found[:NAMES_SHOWN]]
    if len(commands) > 1:
        lines = [f"/news shows one country or topic at a time: {', '.join(commands[:-1])} or {commands[-1]}."]
    else:
        lines = [f"For {html.escape(describe(*names.found[0]))}: {commands[0]}."]
    lines += unknown_lines(names.unknown)
    if names.unknown:
        lines.append(f"To find stories with these words: /search {echo(query)}")
    return "\n".join(lines)


def name_list(items: list[str]) -> str:
    """"A", "A and B", "A, B and C", "A, B, … and 7 more": items are HTML already."""
    if len(items) > NAMES_SHOWN:
        return ", ".join(items[:NAMES_SHOWN]) + f" and {len(items) - NAMES_SHOWN} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def filters_problem(request: Request) -> str | None:
    """Why these keyword filters can't be saved (one with no word in it, too many, one too long), or None."""
    if request.wordless:
        typed = request.wordless[0]
        country = resolve_country(typed[1:])
        example = typed[0] + (shown_keyword(country.name.lower()) if country else "football")
        return (f"A keyword filter matches words, and “{echo(typed, 24)}” has none: nothing was changed. "
                f"Use a word, e.g. {html.escape(example)}.")
    keywords = request.include + request.exclude
    if len(keywords) > MAX_KEYWORDS:
        return (f"That's {len(keywords)} keywords; a subscription can have at most {MAX_KEYWORDS}. "
                "Keep the ones that matter most, e.g. /subscribe morocco +election -football")
    too_long = next((w for w in keywords if len(w) > KEYWORD_LIMIT), None)
    if too_long is not None:
        return f"A keyword can be at most {KEYWORD_LIMIT} characters; “{echo(too_long, 24)}” has {len(too_long)}."
    return None


def shown_keyword(keyword: str) -> str:
    """A keyword as /subscribe takes it: "dam collapse" in quotes, so it reads as one."""
    return f'"{keyword}"' if " " in keyword else keyword


def filters_text(include: tuple[str, ...], exclude: tuple[str, ...], limit: int = FILTERS_SHOWN) -> str:
    """" (only with a, "b c"; without d)" as the filters match (news.digest.KeywordFilter: "derna," saved before
    filters were cleaned shows as derna, one with no word in it not at all), clipped: filters saved before
    their caps can be any length."""
    def listed(keywords: tuple[str, ...]) -> str:
        return ", ".join(dict.fromkeys(shown_keyword(form) for form in map(keyword_form, keywords) if form))

    parts = []
    if only := listed(include):
        parts.append("only with " + only)
    if without := listed(exclude):
        parts.append("without " + without)
    return f" ({echo('; '.join(parts), limit)})" if parts else ""
