"""Topics a reader can subscribe to, and classifying an article into them.

The set is fixed: politics, world, business, technology, science, health, sport, entertainment, conflict,
climate, disaster, crime. `classify_topics` combines two layers:
- the bundled classifier (news.topic_model), trained on BBC News and AG News, for the six topics those
  datasets label: world, politics, business, technology, sport, entertainment;
- a keyword layer (news.topic_lexicon) for science, health, conflict, climate, disaster and crime, which no
  dataset here labels, and as a nudge for politics and world.
A classifier topic scores its probability + NUDGE_WEIGHT × keyword score; a keyword-only topic scores its
keyword score. Scores are capped at 1.

Sport needs a word of sport (NEEDS_KEYWORDS, the sport terms of news.topic_lexicon): without one its
probability counts UNCONFIRMED_WEIGHT. The classifier learned sport from how sport reports are told ("after",
"today", "break", "charged") as much as from sport, and with no topic for crime it gave Sport to court cases and
escapes ("Jogger claims he saw 'Iran spy' Daniel Khalife ... after prison break", 0.48). Of the 6,201 distinct
feed entries of September 2023, 1,532 had Sport; 625 keep it, and of 100 of those that lost it, 5 were sport.
A sport story the classifier is sure of keeps it unnamed: "Orioles 8, Devil Rays 0" (AG News, probability 0.95).

Technology needs a word of technology too. With no topic for lifestyle, recipes, puzzles, opinion or a disaster's
human story, the classifier gave them Technology: 2,411 of the 6,201 feed entries had it, among them "Morocco quake
leaves half of village's population dead or missing" (0.70), a flood-risk disclosure law (0.74), a hot honey recipe
and a crossword. 1,281 have it now: 1,153 kept it and 128 got it from the terms' nudge (chip deals, cyberattacks,
Starlink, Apple's shares beside Business or World). Of 50 that lost it, 45 were no technology (the 5: a Starfield
guide, an awk book, a vector graphics tool, Twitter in court, a ruling on the government and social networks); of 50
that kept it, 43 were technology or video games; of 30 that got it, 28. A platform's name counts only beside a word
of technology: what someone posted on Instagram is no technology news. AG News accuracy went from 0.879 to 0.876
(2004 Sci/Tech stories of satellites, meteors and obesity lost Technology: science), BBC News stayed at 0.968.

Crime is keyword-only too: of the 6,201 feed entries, 485 have it (they came out World, Technology or nothing),
and in two samples of 50 of them 48 and 45 were crime or the courts (not: an antitrust trial, an antivirus
advert, a gun-ban lawsuit, celebrity gossip naming a fraudster). A penalty, a foul, a tennis shot, a politician
who "charged ahead", a civil lawsuit, a cardiac arrest and crime novels are not Crime (news.topic_lexicon).

A disaster is none of the classifier's six topics, so on a disaster story it spreads its probability over
them: an earthquake came out Business at 0.31, a hurricane Technology at 0.36. When a disaster leads with at
least CLEAR_SCORE, a classifier topic is reported beside it only with CLEAR_SCORE too: more likely than not.
Of the 214 stories that disaster leads so among the feed entries of September 2023 (../shared/data), 69 had
Business or Technology beside it, 14 keep it. Other keyword-only topics do not do this: a drug maker's trial
is business news as well as health news ("Cancer drug blow for AstraZeneca", AG News, Business at 0.35).

Beside a disaster World comes after it, at most at the disaster's score: AG News files its earthquakes and
hurricanes under World, so on a disaster story the classifier's World is the disaster under another name
("Aftershock rattles Turkey": World 0.86, Disasters 0.8), and a breaking earthquake went to World's subscribers,
not to Disasters'. With news.topic_lexicon's ROOM_TOPICS, 32 more feed entries of September 2023 lead with
Disasters, most of them earthquakes, floods and capsized boats that led with World. Business keeps its lead when
it is surer: what a disaster costs is business.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from news.models import TopicScore
from news.topic_lexicon import lexicon_scores
from news.topic_model import bundled_model, document_tokens

__all__ = ["TOPICS", "Topic", "classify_topics", "resolve_topic", "score_topics", "suggest_topics",
           "topic_by_key"]


@dataclass(frozen=True)
class Topic:
    key: str
    name: str
    command: str  # Telegram command slug, [a-z0-9_]{1,32}
    aliases: tuple[str, ...]
    emoji: str


TOPICS: tuple[Topic, ...] = (
    # Not "elections": an election is a keyword within Politics, as handlers.name_hints points it.
    Topic("politics", "Politics", "politics", ("government",), "🏛️"),
    Topic("world", "World & diplomacy", "world", ("diplomacy", "international", "world_news"), "🌍"),
    Topic("business", "Business & economy", "business", ("economy", "markets", "finance"), "💼"),
    Topic("technology", "Technology", "tech", ("technology",), "💻"),
    Topic("science", "Science", "science", ("research", "space"), "🔬"),
    Topic("health", "Health", "health", ("medicine",), "🩺"),
    Topic("sport", "Sport", "sport", ("sports",), "⚽"),
    Topic("entertainment", "Entertainment & culture", "entertainment", ("culture", "arts", "showbiz"), "🎬"),
    Topic("conflict", "Conflict & security", "conflict", ("security", "war", "wars", "defence", "defense"), "⚔️"),
    Topic("climate", "Climate & environment", "climate", ("environment", "climate_change", "global_warming"), "🌱"),
    Topic("disaster", "Disasters & emergencies", "disasters",
          ("disaster", "emergencies", "emergency", "natural_disasters", "natural_disaster"), "🌋"),
    Topic("crime", "Crime & justice", "crime", ("crimes", "justice", "courts", "police", "crime_justice"), "⚖️"),
)

NUDGE_WEIGHT = 0.5  # how much keywords add to a topic the classifier already scores
NEEDS_KEYWORDS = frozenset({"sport", "technology"})  # classifier topics counted in full only beside one of their terms
UNCONFIRMED_WEIGHT = 0.4  # what such a topic's probability counts without them: 0.75 is reported
MIN_SCORE = 0.3  # topics below this are not reported
CLEAR_SCORE = 0.5  # see the module docstring
MAX_TOPICS = 3
SUGGEST_MIN_SCORE = 70.0

_MODEL = bundled_model()
_BY_KEY = {t.key: t for t in TOPICS}
_LOOKUP = {name: t for t in TOPICS for name in (t.key, t.command, *t.aliases)}
_BY_EMOJI = {t.emoji.replace("\ufe0f", ""): t for t in TOPICS}  # without the variation selector, often not typed
_NON_WORD = re.compile(r"[^a-z0-9]+")


def topic_by_key(key: str) -> Topic | None:
    return _BY_KEY.get(key)


def _normalise(query: str) -> str:
    return _NON_WORD.sub("_", query.strip().lower().lstrip("/")).strip("_")


def resolve_topic(query: str) -> Topic | None:
    """The topic a user means by its key, command, alias ("tech", "Sports", "/climate", "climate change") or emoji (💻).

    Beside an emoji or a flag a name is no topic: the lookup skips anything but letters and digits, so "🇱🇾 tech"
    would be tech, Libya lost. Nor is one beside letters the lookup skips: "disaster, Нарния" would be disasters,
    Нарния lost, not even said unknown (/audience and /subscribe try the longest run of words first)."""
    if any(unicodedata.category(ch) == "So" for ch in query):
        return _BY_EMOJI.get(query.strip().replace("\ufe0f", ""))
    if any(ch.isalpha() and not ch.isascii() for ch in query):
        return None
    return _LOOKUP.get(_normalise(query))


def suggest_topics(query: str, limit: int = 3) -> list[Topic]:
    """Closest topics for a misspelling ("sprot" → sport); empty when nothing is reasonably close."""
    found: list[Topic] = []
    for choice, _, _ in process.extract(_normalise(query), list(_LOOKUP), scorer=fuzz.ratio,
                                        limit=limit * 4, score_cutoff=SUGGEST_MIN_SCORE):
        if _LOOKUP[choice] not in found:
            found.append(_LOOKUP[choice])
    return found[:limit]


def score_topics(title: str, body: str) -> dict[str, float]:
    """Every topic's score in [0, 1] (see the module docstring for how it is combined)."""
    title_words, body_words = document_tokens(title, body)
    probabilities = _MODEL.probabilities(title_words, body_words)
    lexicon = lexicon_scores(title_words, body_words)
    scores = {}
    for topic in TOPICS:
        keywords = lexicon.get(topic.key, 0.0)
        if topic.key in probabilities:
            if not keywords and topic.key in NEEDS_KEYWORDS:
                scores[topic.key] = UNCONFIRMED_WEIGHT * probabilities[topic.key]
            else:
                scores[topic.key] = min(1.0, probabilities[topic.key] + NUDGE_WEIGHT * keywords)
        else:
            scores[topic.key] = keywords
    return scores


def classify_topics(title: str, body: str) -> tuple[TopicScore, ...]:
    """The article's topics, best first: those scoring at least MIN_SCORE, at most MAX_TOPICS, World no higher
    than a disaster beside it, and beside a disaster that leads clearly only classifier topics that are clear too (see
    the module docstring)."""
    if not (title.strip() or body.strip()):
        return ()
    scores = score_topics(title, body)
    if scores["disaster"] >= MIN_SCORE:
        scores["world"] = min(scores["world"], scores["disaster"])
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0] != "disaster"))  # the disaster first in a tie
    lead, lead_score = ranked[0]
    if lead == "disaster" and lead_score >= CLEAR_SCORE:
        ranked = [(key, score) for key, score in ranked if key not in _MODEL.classes or score >= CLEAR_SCORE]
    return tuple(TopicScore(key, round(score, 4)) for key, score in ranked[:MAX_TOPICS] if score >= MIN_SCORE)
