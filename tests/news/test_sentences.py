"""Sentence splitting on real news sentences (bbc_articles, reuters_train and feed_entries excerpts)."""
from __future__ import annotations

import pytest

from news.sentences import split_sentences


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The research team, led by Dr. John Spika, said the number of people who have developed the "
            "chloramphenicol-resistant infection in Los Angeles County alone jumped from 69 in 1984.",
            id="dr",
        ),
        pytest.param(
            "A surprise 7.5 pct drop in U.S. January durable goods orders points to a slowdown in capital "
            "spending that could presage lackluster real growth in the U.S. economy in the first quarter.",
            id="us-and-decimal",
        ),
        pytest.param(
            "Note: Results include operations of BMD of New England Inc, acquired Sept. 1, 1986.",
            id="month-before-day",
        ),
        pytest.param("He was sworn in on Dec. 4 at No. 10 Downing Street.", id="dec-4-no-10"),
        pytest.param(
            "Danelo Cavalcante escaped from the Chester County Prison around 8:30 a.m. on August 31.",
            id="am",
        ),
        pytest.param(
            "Sens. Alan Cranston (D-Cal.) and Daniel Evans (R-Wash.) said they introduced export licensing "
            "reform legislation that could save U.S. companies hundreds of thousands of dollars annually.",
            id="sens-and-states",
        ),
        pytest.param(
            "\"It's painting a picture of a recovery... much patchier than previously thought,\" said Paul "
            "Sheard, economist at Lehman Brothers in Tokyo.",
            id="ellipsis-inside-quote",
        ),
        pytest.param(
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three "
            "months to December.",
            id="money",
        ),
    ],
)
def test_one_sentence_stays_whole(text: str) -> None:
    assert split_sentences(text) == [text]


def test_quote_with_question_mark_continues_into_attribution() -> None:
    text = (
        "Why do we need this legislation in the first place?\" he asked. Earlier this week the Tories "
        "announced they would back the government's plans."
    )
    assert split_sentences(text) == [
        "Why do we need this legislation in the first place?\" he asked.",
        "Earlier this week the Tories announced they would back the government's plans.",
    ]


def test_closing_quote_ends_the_sentence() -> None:
    text = (
        'A State Department official said that Morocco was a "critical partner for us across the range of '
        'issues." "Morocco plays a great role across the region," the official told reporters.'
    )
    assert split_sentences(text) == [
        'A State Department official said that Morocco was a "critical partner for us across the range of issues."',
        '"Morocco plays a great role across the region," the official told reporters.',
    ]


def test_acronym_at_the_end_of_a_sentence_splits_before_a_new_one() -> None:
    assert split_sentences("The deal was signed in the U.S. The talks resume on Monday.") == [
        "The deal was signed in the U.S.",
        "The talks resume on Monday.",
    ]


def test_lines_and_paragraphs_are_never_joined() -> None:
    text = "Pool A: France 27-13 New Zealand\nRamos scores 17 points\n\nRugby World Cups are not won on the first night."
    assert split_sentences(text) == [
        "Pool A: France 27-13 New Zealand",
        "Ramos scores 17 points",
        "Rugby World Cups are not won on the first night.",
    ]


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("  \n\n ") == []
