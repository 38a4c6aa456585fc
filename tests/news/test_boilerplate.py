"""Publisher prompts are recognised whatever their case, and the cheap opening check never hides one."""
from __future__ import annotations

import pytest

from news.boilerplate import _PROMPT, _may_be_prompt, is_boilerplate

# One example for each of _PROMPT_PATTERNS, in order; a new pattern needs one here too.
PROMPTS = [
    "Share this article on Facebook",
    "Follow us on Twitter for the latest news",
    "Sign up for our free daily newsletter",
    "Download the app for breaking news alerts",
    "Subscribe now",
    "We use cookies to improve your experience",
    "Read more: the full story",
    "Continue reading",
    "Click here",
    "Related stories",
    "Copyright 2023 Example Media",
    "Image caption: A protester in Paris",
    "The post Storm hits coast appeared first on Example News",
    "Article URL: https://example.com/a",
    "# Points: 12",
    "https://example.com/story",
]


@pytest.mark.parametrize("line", [case(p) for p in PROMPTS for case in (str, str.upper, str.title)])
def test_prompts_are_boilerplate_in_any_case(line: str) -> None:
    assert _PROMPT.fullmatch(line)
    assert _may_be_prompt(line, line.lower())
    assert is_boilerplate(line)


def test_news_sentence_is_not_boilerplate() -> None:
    assert not is_boilerplate("The minister said the talks would resume in Rabat on Monday.")


def test_a_read_more_link_a_feed_cut_short_is_dropped_too() -> None:
    """The Guardian's feed description, as the feed archive holds it, ends in a link cut off mid-word."""
    from news.clean import clean_article

    description = ("<p>England are ready to welcome back Billy Vunipola for their second World Cup match, against "
                   "Japan, on Sunday.</p> <a href=\"https://www.theguardian.com/sport/2023/sep/11/billy-vunipola\">"
                   "Continue read")
    clean = clean_article("Billy Vunipola set to return for England", description, is_html=True)
    assert clean.body.endswith("on Sunday.") and "Continue read" in clean.removed
    assert not is_boilerplate("Continued readiness drills were held in Rabat on Monday, officials said.")
