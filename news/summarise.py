"""Extractive summaries: the best 1-3 whole sentences of an article within a character budget.

Each sentence gets a score from a handful of features (position in the article and paragraph, overlap
with the headline, centrality: similarity to the whole article, length, quotes) combined with weights
learned by logistic regression on the BBC summary set's sentence labels
(`python -m bench.train_summariser` writes news/summariser_weights.json; training and evaluation use
disjoint parts of the data, see bench/eval_summaries.py). The best sentence that fits is always taken
(the best one is cut at a clause or a word with "…" only when no well-ranked sentence fits), then those
of the next best that promise the most of a human summary within the budget, none repeating another
(`pick`); they are printed in article order. A quote with no speaker is never the first sentence. Only
the sentences of the first paragraphs, MAX_RANKED or a few more, are ranked.
"""
from __future__ import annotations

import functools
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from news.boilerplate import is_boilerplate
from news.clean import shorten, strip_dateline
from news.sentences import split_sentences
from news.words import content_word_set

MAX_SENTENCES = 3
CANDIDATES = 8  # a summary's sentences are chosen from the best-ranked ones, this many
# Sentences are ranked from whole paragraphs until at least this many are in; the rest of the body only
# adds its words to the fingerprint. Ranking is the pipeline's costliest step and the tail of a long
# article rarely holds its summary: on the BBC summary set, 18 with weights trained for it gave ROUGE
# 0.460/0.425/0.385 on the test part (0.452/0.417/0.376 on the train part) against 0.460/0.425/0.384
# (0.452/0.417/0.375) for 20, at 90% of 20's time on typical 3-5 kB articles; 16 lost 0.001-0.002.
MAX_RANKED = 18
# Two sentences of a summary that share this share of the shorter one's content words say much the same
# ("A State Department official said that Morocco was a critical partner" and "The State Department
# official also called Morocco a great counterterrorism partner"): the lesser is left out for another.
# ROUGE rewards repeating the reference's words and drops a little (0.460/0.425/0.385 to 0.456/0.419/0.383
# on the BBC test part), but a digest item is read, and two of the three lines saying one thing waste it.
REPEAT_SHARE = 0.5
_WEIGHTS_FILE = Path(__file__).with_name("summariser_weights.json")
_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"
_QUOTES = "\"'“‘«"
_SENTENCE_ENDS = ".!?…"
_ATTRIBUTION_WORDS = ("said", "says", "told", "according", "added", "asked", "stated", "explained", "warned")
_ATTRIBUTION = re.compile("|".join(_ATTRIBUTION_WORDS), re.IGNORECASE)
# Sentence(...) runs a Python-level __new__; the tuple's own constructor builds the same object for less
# (rank: 2.73M -> 2.70M Ir/article).
_new_sentence = tuple.__new__
FEATURES = (
    "first",  # the article's first sentence
    "inverse_position",  # 1 / (1 + index)
    "relative_position",  # index / sentences
    "paragraph_first",  # first sentence of its paragraph
    "inverse_paragraph",  # 1 / (1 + paragraph index)
    "title_overlap",  # share of headline content words in the sentence
    "centrality",  # cosine of the sentence's words with the article's (words counted once a sentence)
    "length",  # characters / 200, capped at 2
    "short",  # under 40 characters
    "opens_with_quote",
    "bare_quote",  # opens with a quote and names no speaker
    "has_number",
)


class Sentence(NamedTuple):
    """A sentence, its place among the article's sentences, its features (FEATURES), its learned score and
    its content words."""

    text: str
    index: int
    features: tuple[float, ...]
    score: float
    words: Set[str] = frozenset()


@dataclass(frozen=True)
class RankedText:
    """An article's ranked sentences best first, and the content words of the headline and the whole body.

    Ranking is the costly part of summarising; the pipeline ranks once, picks a short and a long summary
    from the result, and fingerprints the article from `words` instead of tokenising it again.
    """

    sentences: tuple[Sentence, ...]
    words: frozenset[str]


def summarise(title: str, body: str, budget: int = 300, *, max_sentences: int = MAX_SENTENCES) -> str:
    """Up to `max_sentences` whole sentences of `body` within `budget` characters, in article order."""
    return pick(rank_sentences(title, body), budget, max_sentences=max_sentences)


def pick(ranked: RankedText, budget: int, *, max_sentences: int = MAX_SENTENCES) -> str:
    """The summary `summarise` describes, from sentences already ranked.

    Sentences are whole: of the CANDIDATES best-ranked, the best that fits the budget is always in; only
    when none of them fits is the best one cut, at a clause or a word with "…". The others come from
    the rest of the candidates, as the set that fits and promises the most of a human summary:
    the sum of each sentence's length times the probability its score gives that it belongs in one.
    Taking the next best that still fits instead left room unused or filled it with a short weak line;
    on the BBC summary set's test part the expected-length choice raised ROUGE-L from 0.375 to 0.384
    (0.3725 to 0.3749 on the train part, where CANDIDATES from 5 to 12 all came within 0.001).
    """
    if not ranked.sentences or budget <= 0:
        return ""
    fitting = [s for s in ranked.sentences[:CANDIDATES] if len(s.text) <= budget]
    if not fitting:  # no good sentence fits whole: the best one cut, rather than a weak one that fits
        best = next((s for s in ranked.sentences if not _is_bare_quote(s)), ranked.sentences[0])
        return shorten(best.text, budget, always_mark=True)
    best = next((s for s in fitting if not _is_bare_quote(s)), fitting[0])
    others = [(s, len(s.text) + 1, (len(s.text) + 1) / (1.0 + math.exp(-s.score))) for s in fitting
              if s is not best and not _repeats(s, best)]
    chosen = [best, *_most_expected(others, budget - len(best.text), max_sentences - 1)[1]]
    chosen.sort(key=lambda s: s.index)
    if _is_bare_quote(chosen[0]) and len(chosen) > 1:
        chosen.append(chosen.pop(0))  # a speaker-less quote reads as a non sequitur up front
    return " ".join(s.text for s in chosen)


def _most_expected(
    options: list[tuple[Sentence, int, float]], room: int, count: int
) -> tuple[float, list[Sentence]]:
    """The subset of (sentence, cost, value) options of the greatest total value within `room` and `count`,
    no sentence repeating another.

    A depth-first search over take/skip, abandoning a branch that cannot beat the best found even if it
    took every option left.
    """
    left = [0.0] * (len(options) + 1)  # value of all options from i on
    for i in range(len(options) - 1, -1, -1):
        left[i] = left[i + 1] + options[i][2]
    best_value, best_taken = 0.0, ()
    stack: list[tuple[int, int, int, float, tuple[Sentence, ...]]] = [(0, room, count, 0.0, ())]
    while stack:
        i, room_left, count_left, value, taken = stack.pop()
        if value > best_value:
            best_value, best_taken = value, taken
        if i == len(options) or count_left == 0 or value + left[i] <= best_value:
            continue
        sentence, cost, gain = options[i]
        stack.append((i + 1, room_left, count_left, value, taken))
        if cost <= room_left and not any(_repeats(sentence, other) for other in taken):
            stack.append((i + 1, room_left - cost, count_left - 1, value + gain, (*taken, sentence)))
    return best_value, list(best_taken)


def _repeats(sentence: Sentence, other: Sentence) -> bool:
    """Whether the two share REPEAT_SHARE of the content words of the one with fewer."""
    fewer = min(len(sentence.words), len(other.words))
    return fewer > 0 and len(sentence.words & other.words) >= REPEAT_SHARE * fewer


def rank_sentences(title: str, body: str) -> RankedText:
    """The body's sentences (dateline and boilerplate dropped), best first, with their content words."""
    sentences, words = _scored(title, body)
    return RankedText(
        tuple(sorted(sentences, key=attrgetter("score"), reverse=True)),  # stable: ties keep article order
        words,
    )


def score_sentences(title: str, body: str) -> list[Sentence]:
    """The body's sentences (dateline and boilerplate dropped) with their feature vectors, in order."""
    return _scored(title, body)[0]


def _scored(title: str, body: str) -> tuple[list[Sentence], frozenset[str]]:
    """The sentences with their features and scores, and the content words of the title and the body.

    This runs once per ingested article and is the pipeline's costliest step, hence the local names and
    the score written out term by term (the features times their weights, summed in FEATURES order).
    """
    title_words = content_word_set(title)
    title_sentence = title.rstrip(_SENTENCE_ENDS)
    located = []
    paragraphs = [p for p in strip_dateline(body.strip()).split("\n\n") if p.strip()]
    p_index = 0
    while p_index < len(paragraphs) and len(located) < MAX_RANKED:
        split = split_sentences(paragraphs[p_index])
        for s_index, text in enumerate(split):
            if not is_boilerplate(text) and text.rstrip(_SENTENCE_ENDS) != title_sentence:  # not the headline again
                if s_index == len(split) - 1 and text[-1:].isalnum():
                    text = _ended(text, last=p_index == len(paragraphs) - 1)
                located.append((text, p_index, s_index))
        p_index += 1
    rest_words = content_word_set("\n".join(paragraphs[p_index:]))  # for the fingerprint only
    if not located:
        return [], frozenset(title_words | rest_words)
    words = [content_word_set(text) for text, _, _ in located]
    document = Counter(chain.from_iterable(words))  # in how many sentences each word appears
    document_count = document.__getitem__
    counts = list(document.values())
    document_norm = math.sqrt(sum(map(operator.mul, counts, counts))) or 1.0
    title_size = len(title_words)
    total = len(located)
    (c_first, c_inverse, c_relative, c_paragraph_first, c_inverse_paragraph, c_overlap, c_centrality, c_length,
     c_short, c_quote, c_bare_quote, c_number), intercept = _weights()
    sentences = []
    for index, ((text, p_index, s_index), sentence_words) in enumerate(zip(located, words)):
        size = len(text)
        features = (
            1.0 if index == 0 else 0.0,
            1.0 / (1 + index),
            index / total,
            1.0 if s_index == 0 else 0.0,
            1.0 / (1 + p_index),
            len(title_words & sentence_words) / title_size if title_size else 0.0,
            sum(map(document_count, sentence_words)) / ((math.sqrt(len(sentence_words)) or 1.0) * document_norm),
            min(size / 200, 2.0),
            1.0 if size < 40 else 0.0,
            1.0 if text[:1] in _QUOTES else 0.0,
            1.0 if text[:1] in _QUOTES and not _names_speaker(text) else 0.0,
            1.0 if _has_digit(text) else 0.0,
        )
        first, inverse, relative, paragraph_first, inverse_paragraph, overlap, centrality, length, short, \
            quote, bare_quote, number = features
        score = intercept + (
            c_first * first + c_inverse * inverse + c_relative * relative + c_paragraph_first * paragraph_first
            + c_inverse_paragraph * inverse_paragraph + c_overlap * overlap + c_centrality * centrality
            + c_length * length + c_short * short + c_quote * quote + c_bare_quote * bare_quote + c_number * number
        )
        sentences.append(_new_sentence(Sentence, (text, index, features, score, sentence_words)))
    return sentences, frozenset(document).union(title_words, rest_words)


def _ended(text: str, *, last: bool) -> str:
    """A paragraph's last sentence that ends in a letter or a digit, with an end: a standfirst's "Here's what could
    help" ran into the next sentence in a summary ("Here's what could help What to think?"). At the very end of
    the text it is where a feed cut its description short ("veteran Steve K. Francis and"): "…", not "."."""
    return text + ("…" if last else ".")


def _has_digit(text: str) -> bool:
    """True when `text` holds a decimal digit of any script, as `_DIGIT` (\\d) finds.

    The regex looks up every character's Unicode category; ASCII text (almost every sentence) can only
    hold 0-9, and ten substring scans find them for ~60% of the cost (rank: 3.40M -> 3.32M Ir/article).
    """
    if text.isascii():
        return any(map(text.__contains__, _ASCII_DIGITS))
    return _DIGIT.search(text) is not None


def _names_speaker(text: str) -> bool:
    """True when `text` holds an attribution word ("said", "told", ...) in any case, as `_ATTRIBUTION` finds.

    The case-insensitive regex folds every character at every position it tries; in ASCII text (no İ, ſ
    or Kelvin sign for it to fold) testing the lower-cased text for each word gives the same answer for
    1/15 of the cost, and news is full of quotes (rank: 3.32M -> 2.91M Ir/article).
    """
    if text.isascii():
        lowered = text.lower()
        return any(map(lowered.__contains__, _ATTRIBUTION_WORDS))
    return _ATTRIBUTION.search(text) is not None


def _is_bare_quote(sentence: Sentence) -> bool:
    return sentence.features[FEATURES.index("bare_quote")] > 0


@functools.cache
def _weights() -> tuple[tuple[float, ...], float]:
    """The learned weights, read once; a file trained on other features is an error, not a guess."""
    data = json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(f"{_WEIGHTS_FILE} was trained on other features; run python -m bench.train_summariser")
    return tuple(float(data["coefficients"][name]) for name in FEATURES), float(data["intercept"])
