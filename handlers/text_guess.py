"""What a few words typed in a private chat most likely ask for, or nothing: a plain function, no Telegram.

Readers type "stop", "help" or "any news on morocco?" rather than the command. Only short messages are read (a
longer one is talk, a question for a person, a pasted article: guessing there answers what was not asked), and
only for what is plain: the words of /stop or /help alone, "follow libya" or "unsubscribe tech" (a verb of /subscribe
or /unsubscribe and names), or a request for news of exactly one country or topic: a sentence that names it and asks
("news from the world", "what's happening in israel?") or says nothing else ("morocco today please"). Talk that
names one ("it's a small world", "world peace", "I love morocco") asks for nothing.

A message that opens with a greeting is a greeting, whatever topic it names ("hello world" is no request for World
news, nor "hi, how is the world?"), unless a word of it asks for news ("hi, any news on morocco?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from handlers.name_hints import hint_for
from handlers.subscription_names import resolve, split_names

MAX_WORDS = 7  # "what is happening in south korea today?"; a longer message is talk, not a request
LONGEST_NAME = 3  # words in a country's or topic's name ("bosnia and herzegovina" is one through its alias)
STOP_WORDS = frozenset({"stop", "unsubscribe", "stop all", "unsubscribe all", "unsubscribe me", "unfollow all",
                        "stop everything", "unsubscribe everything", "unfollow everything"})
HELP_WORDS = frozenset({"help", "help me", "help please", "please help", "commands", "menu"})
GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "heya", "howdy", "hallo", "hullo", "yo", "greetings", "hola",
                       "bonjour", "salut", "ciao", "salam", "salaam", "marhaba", "shalom", "namaste", "good morning",
                       "good afternoon", "good evening", "good day", "gm"})
THANKS = frozenset({"thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you so much", "many thanks",
                    "thanks so much", "great thanks", "ok thanks", "merci", "shukran", "gracias", "danke", "toda"})
# A message opening with one of these asks to follow or unfollow what it names: "follow libya", "stop morocco".
FOLLOW_VERBS = frozenset({"subscribe", "follow", "sub"})
UNFOLLOW_VERBS = frozenset({"unsubscribe", "unfollow", "unsub", "stop"})
_POLITE = frozenset({"please", "pls", "plz", "thanks", "thank", "you"})  # words around a request, which ask nothing
# A name is asked for beside one of these: "hi, what's new in tech?", "news from the world", not "hello world".
ASKING_WORDS = frozenset({"news", "latest", "headlines", "stories", "updates", "update", "new", "happening",
                          "happened", "anything", "tell", "show"})
ASKING_PAIRS = frozenset({("what", "about"), ("how", "about"), ("going", "on")})  # "what about israel?"
# Else only these may stand beside the name: "morocco today please", "in the world?"; "a small world" is talk.
_SMALL_WORDS = _POLITE | {"the", "in", "on", "about", "from", "of", "for", "at", "me", "today", "now", "any", "some"}
# "us" is a pronoun in a sentence ("tell us about morocco"); as the USA only after these, or typed "US".
_BEFORE_US = frozenset({"the", "in", "from", "about", "on"})
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_LINK = re.compile(r"(?:https?://|www\.|\bt\.me/)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Guess:
    what: Literal["stop", "help", "link", "name", "greeting", "thanks", "follow", "unfollow"]
    link: str = ""  # the first link in the message
    # (kind, value) of the one country or topic a sentence names; for "follow" and "unfollow", the one whose tap
    # to offer, when other words beside it leave doubt
    named: tuple[str, str] | None = None
    names: tuple[str, ...] = ()  # "follow", "unfollow": the words naming what to (un)follow, as /subscribe reads them


def guess(text: str) -> Guess | None:
    """What `text` asks for, or None when it is not plain (too long, no name, several names). A link counts as a
    pasted link only when it is most of the message: the words around it are as few as a request's, else it is talk."""
    link = _LINK.search(text)
    if link is not None:
        if len(_WORD.findall(_LINK.sub(" ", text))) > MAX_WORDS:
            return None
        return Guess("link", link=link.group(0).rstrip(".,;:!?)»”'\""))
    words = _WORD.findall(text)
    if not words or len(words) > MAX_WORDS:
        return None
    said = " ".join(words).lower()
    if said in STOP_WORDS:
        return Guess("stop")
    if said in HELP_WORDS:
        return Guess("help")
    if said in THANKS:
        return Guess("thanks")
    if (verb := _verb(words)) is not None:
        return verb
    if _greeting_only(words):
        return Guess("greeting")
    spans = _named_spans(words)
    if len({hit for hit, _, _ in spans}) != 1 or not _asks(words, spans):
        return None
    return Guess("name", named=spans[0][0])


def _verb(words: list[str]) -> Guess | None:
    """"follow libya", "subscribe to israel", "stop following tech": a verb of /subscribe or /unsubscribe, then
    only names (and words such as "to", "please"), is that command; with other words beside one name ("stop the
    war in israel") it is the tap to offer, not to act on; None without such a verb, or with several names and
    other words."""
    lowered = [word.lower() for word in words]
    if lowered[0] in FOLLOW_VERBS:
        what: Literal["follow", "unfollow"] = "follow"
    elif lowered[0] in UNFOLLOW_VERBS:
        what = "unfollow"
    else:
        return None
    rest = [word for word in words[1:] if word.lower() not in _POLITE]
    if what == "unfollow" and rest and rest[0].lower() == "following":  # "stop following tech"
        rest = rest[1:]
    names = split_names(rest)
    if not names.found and not names.unknown:  # "follow", "unfollow": the picker, the /stop question
        return Guess("follow") if what == "follow" else Guess("stop")
    if what == "unfollow" and " ".join(rest).lower() in {"all", "everything"}:  # "stop everything please"
        return Guess("stop")
    if all(hint_for(phrase) is not None for phrase in names.unknown):  # "follow football" has a pointer
        return Guess(what, names=tuple(rest))
    return Guess(what, named=names.found[0]) if len(names.found) == 1 else None


def _named_spans(words: list[str]) -> list[tuple[tuple[str, str], int, int]]:
    """Each country or topic the words name, with where (words[i:j]), the longest name from each word on
    ("south korea", not Korea)."""
    found: list[tuple[tuple[str, str], int, int]] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + LONGEST_NAME), i, -1):
            phrase = " ".join(words[i:j])
            hit = resolve(phrase)
            if hit is not None and not _pronoun_us(phrase, words[i - 1] if i else ""):
                found.append((hit, i, j))
                i = j
                break
        else:
            i += 1
    return found


def _asks(words: list[str], spans: list[tuple[tuple[str, str], int, int]]) -> bool:
    """Whether words naming one country or topic ask for its news: a word that asks, or nothing but small words
    beside the name."""
    lowered = [word.lower() for word in words]
    if not ASKING_WORDS.isdisjoint(lowered) or not ASKING_PAIRS.isdisjoint(zip(lowered, lowered[1:])):
        return True
    named = {k for _, i, j in spans for k in range(i, j)}
    return all(word in _SMALL_WORDS for k, word in enumerate(lowered) if k not in named)


def _greeting_only(words: list[str]) -> bool:
    """Whether the words open with a greeting ("hello", "good morning") and none of the rest asks for news."""
    lowered = [word.lower() for word in words]
    greeted = " ".join(lowered[:2]) in GREETINGS or lowered[0] in GREETINGS
    return greeted and ASKING_WORDS.isdisjoint(lowered)


def _pronoun_us(phrase: str, before: str) -> bool:
    return phrase == "us" and before.lower() not in _BEFORE_US
