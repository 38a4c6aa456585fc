"""Digest composition: each story once, filters, "and N more", split at item boundaries."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from news.digest import (DigestPlan, KeywordFilter, SectionInput, keyword_form, plan_digest, rank_candidates,
                         render_digest)
from news.format import render_item
from news.models import Article
from sandbox.html_entities import parse_html

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
UTC = ZoneInfo("UTC")


def article(id: int, title: str, summary: str = "", story: int | None = None, hours: float = 1.0) -> Article:
    return Article(id=id, title=title, summary=summary or f"Summary of {title}.", long_summary="", source="Wire",
                   url=f"https://news.example/{id}", published_at=NOW - timedelta(hours=hours), story_id=story or id)


def test_a_story_in_two_sections_appears_once() -> None:
    quake = article(1, "Earthquake hits Morocco, France offers help")
    plan = plan_digest(
        [SectionInput("Morocco", "morocco", [quake, article(2, "Rabat opens new tram line")]),
         SectionInput("France", "france", [quake, article(3, "Paris strikes")])],
        set(), NOW, per_section=5,
    )
    assert [a.id for a in plan.items] == [1, 2, 3]
    assert plan.stories == ((1, 1), (2, 2), (3, 3))


def test_a_story_a_section_leaves_for_its_more_line_is_shown_by_a_later_section() -> None:
    israel = [article(i, f"Israel story {i}", hours=i) for i in range(1, 8)]
    phone = article(99, "What to know about iOS 16.6.1, patched after an Israeli lab's find", hours=9)
    plan = plan_digest(
        [SectionInput("🇮🇱 Israel", "israel", [*israel, phone]),
         SectionInput("💻 Technology", "tech", [phone, article(50, "Chip sales rise", hours=2)])],
        set(), NOW, per_section=5,
    )
    [(_, israel_shown, israel_more), (_, tech_shown, tech_more)] = plan.sections
    assert [a.id for a in israel_shown] == [1, 2, 3, 4, 5] and israel_more == 2  # 6 and 7; the phone story is Technology's
    assert [a.id for a in tech_shown] == [99, 50] and tech_more == 0
    assert (99, 99) in plan.stories


def test_already_delivered_stories_are_skipped() -> None:
    plan = plan_digest([SectionInput("Morocco", "morocco", [article(1, "Old news"), article(2, "New news")])], {1}, NOW, per_section=5)
    assert [a.title for a in plan.items] == ["New news"]


def test_keyword_filters_include_and_exclude() -> None:
    items = [article(1, "Morocco beat Spain at football"), article(2, "Morocco election results"), article(3, "Morocco weather")]
    excluded = plan_digest([SectionInput("Morocco", "morocco", items, KeywordFilter(exclude=("football",)))], set(), NOW, per_section=5)
    assert [a.id for a in excluded.items] == [2, 3]
    included = plan_digest([SectionInput("Morocco", "morocco", items, KeywordFilter(include=("election",)))], set(), NOW, per_section=5)
    assert [a.id for a in included.items] == [2]


@pytest.mark.parametrize(("typed", "form"), [
    ("Derna,", "derna"), ('"Dam  collapse"', "dam collapse"), ("covid-19", "covid-19"), ("(U.S.)", "u.s"),
    ("🇲🇦", ""), (",", ""),
])
def test_a_keyword_filters_in_its_words_without_the_punctuation_around_them(typed: str, form: str) -> None:
    assert keyword_form(typed) == form


@pytest.mark.parametrize(("keyword", "title", "accepted"), [
    pytest.param("dam collapse", "Dam collapse floods Derna", True, id="phrase"),
    pytest.param("dam collapse", "Dam collapses in Derna", True, id="phrase-plural"),
    pytest.param("elections", "Dam collapse before the election in Derna", True, id="plural-keyword-finds-the-singular"),
    pytest.param("dam collapses", "Dam collapse floods Derna", True, id="plural-phrase-finds-the-singular"),
    pytest.param("matches", "Derna match postponed after the dam collapse", True, id="plural-in-es"),
    pytest.param("policies", "Derna's dam policy before the collapse", True, id="plural-in-ies"),
    pytest.param("news", "New dam collapse floods Derna", False, id="news-is-no-plural-of-new"),
    pytest.param("crisis", "Dam collapse: a Derna crisi", False, id="crisis-is-no-plural"),
    pytest.param("dam collapse", "Talks on a new dam near collapse", False, id="phrase-words-apart"),
    pytest.param("covid-19", "COVID-19 cases rise in Rabat", True, id="hyphenated"),
    pytest.param("covid-19", "Covid cases rise, 19 hospitals full", False, id="hyphenated-words-apart"),
    pytest.param('"dam', "Dam collapse floods Derna", True, id="saved-with-a-quote"),
    pytest.param("derna,", "Dam collapse floods Derna", True, id="saved-with-a-comma"),
    pytest.param("🇲🇦", "Dam collapse floods Derna", True, id="saved-with-no-word-filters-nothing"),
])
def test_keyword_filters_match_phrases_and_punctuated_words(keyword: str, title: str, accepted: bool) -> None:
    item = article(1, title, summary="Rescuers searched the city.")
    assert KeywordFilter(include=(keyword,)).accepts(item) is accepted
    assert KeywordFilter(exclude=(keyword,)).accepts(item) is (not accepted or keyword == "🇲🇦")


def test_top_n_per_section_with_and_more() -> None:
    items = [article(i, f"Story {i}", hours=i) for i in range(12, 0, -1)]
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", rank_candidates(items, NOW))], set(), NOW, per_section=5)
    [(text, entries)] = render_digest(plan, NOW, UTC)
    assert [e.number for e in entries] == [1, 2, 3, 4, 5]
    assert "and 7 more: /morocco" in text
    assert "Story 1<" in text and "Story 6<" not in text  # newest first


def test_a_story_many_outlets_carry_climbs_above_newer_news_but_not_above_its_own_update() -> None:
    tram = replace(article(1, "Rabat opens its second tram line to the airport", hours=4), sources_in_story=3)  # 6 h up
    budget = article(2, "Moroccan parliament begins budget talks", hours=1)
    toll = replace(article(3, "Morocco Earthquake Kills at Least 296", hours=5), sources_in_story=5)  # 12 h up
    update = article(4, "Morocco earthquake live updates: At least 1,037 dead in rare, powerful quake", hours=0.5)
    ranked = rank_candidates([update, budget, tram, toll], NOW)
    assert [a.id for a in ranked] == [4, 3, 1, 2]  # the update heads the toll it updates; the tram still climbs


def test_articles_published_over_eight_days_ago_are_not_digest_news() -> None:
    # A feed added today brings its archive: stored now, but published weeks ago.
    items = [article(1, "Rabat tram line opens", hours=2), article(2, "Budget talks begin", hours=20 * 24),
             article(3, "Harvest report", hours=7 * 24 + 20)]
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", rank_candidates(items, NOW))], set(), NOW, per_section=5)
    assert [a.title for a in plan.items] == ["Rabat tram line opens", "Harvest report"]


def test_sixty_long_items_split_into_valid_messages_never_mid_item() -> None:
    long = "A sentence with <angle> & ampersands that needs escaping. " * 12
    items = [article(i, f"Headline {i} <b>not bold</b>", summary=long) for i in range(1, 61)]
    plan = plan_digest([SectionInput("World", "world", items)], set(), NOW, per_section=60)
    messages = render_digest(plan, NOW, UTC)
    assert len(messages) > 1
    numbers = [e.number for _, part in messages for e in part]
    assert numbers == list(range(1, 61))
    for text, part in messages:
        plain, _ = parse_html(text)  # Telegram would accept it
        assert len(plain) <= 4096
        for n in (e.number for e in part):
            assert f"Headline {n} &lt;b&gt;not bold&lt;/b&gt;" in text
        assert text.count("A sentence with") == 12 * len(part)  # every item whole


def test_an_item_with_a_runaway_title_source_and_url_still_fits_one_valid_message() -> None:
    """What a broken CMS or an old row can hold: a 5,000-character title, a summary of nothing but
    escaped characters, a feed named at length and a 3,000-character link."""
    runaway = replace(article(1, "Morocco " * 625, summary='"&<>' * 300), source="Wire " * 400,
                      url="https://news.example/" + "a" * 3000, extra_sources=("Wire & Co " * 300,) * 40)
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", [runaway, article(2, "Rabat tram line opens")])],
                       set(), NOW, per_section=5)
    [(text, entries)] = render_digest(plan, NOW, UTC)
    plain, entities = parse_html(text)  # Telegram would accept it
    assert [e.number for e in entries] == [1, 2] and len(plain.encode("utf-16-le")) // 2 <= 4096
    assert plain.count("Morocco") < 60 and "Rabat tram line opens" in plain
    assert not [e for e in entities if e.get("url", "").startswith("https://news.example/aaa")]  # no giant link


def test_more_lengthens_only_its_own_item_and_cuts_only_that_one_to_fit() -> None:
    from news.digest import DigestEntry, expand_entry
    from news.format import visible_length

    first = replace(article(1, "Short item", summary="One line."), long_summary="A much longer account. " * 50)
    others = [article(n, f"Headline {n}", summary=f"Summary {n} " + "words of the story " * 17) for n in range(2, 13)]
    entries = [DigestEntry(n, a) for n, a in enumerate([first, *others], start=1)]
    text = expand_entry(entries, 1, NOW, UTC, first=True)
    assert visible_length(text) <= 4096
    for other in others:
        assert other.summary in text  # every other item whole
    assert "A much longer account." in text and text.split("\n\n")[1].split("\n")[1].endswith("…")  # cut to fit


def test_an_item_names_the_first_other_outlets_that_carry_its_story() -> None:
    quake = replace(article(1, "Morocco Earthquake Kills at Least 296"), source="The Wall Street Journal",
                    sources_in_story=6, extra_sources=("Sky News", "Le Monde & Co", "NPR", "BBC", "ABC News"))
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", [quake])], set(), NOW, per_section=5)
    [(text, _)] = render_digest(plan, NOW, UTC)
    plain, _ = parse_html(text)
    assert "The Wall Street Journal · 07:00 · +5 sources: Sky News, Le Monde & Co and 3 more" in plain


def test_items_show_when_they_came_out_on_the_readers_clock() -> None:
    """A digest is read hours after it comes: "3 h ago" would be wrong by then. Times are the chat's own."""
    stories = [article(1, "Quake", hours=1), article(2, "Vote", hours=9), article(3, "Dam", hours=30),
               article(4, "Flood", hours=24 * 4), article(5, "Fire", hours=24 * 40), article(6, "Eclipse", hours=24 * 400)]
    plan = DigestPlan(((SectionInput("World", "world", stories), tuple(stories), 0),), tuple((a.id, a.id) for a in stories))
    [(text, _)] = render_digest(plan, NOW, ZoneInfo("Asia/Tokyo"))  # 17:00 on Wed 25 Nov there
    times = [line.split(" · ")[1] for line in parse_html(text)[0].splitlines() if line.startswith("Wire · ")]
    assert times == ["16:00", "08:00", "yesterday 11:00", "Sat 17:00", "16 Oct", "21 Oct 2025"]


def test_an_item_read_in_every_time_zone_shows_only_the_day_of_an_older_story() -> None:
    """A push or a story shared inline has no reader's clock: news of the last day shows no time, an older
    story its day, so it cannot pass for today's."""
    fresh, old = article(1, "Quake", hours=20), article(2, "Vote", hours=24 * 40)
    assert parse_html(render_item(fresh, NOW, None))[0].endswith("Wire")
    assert parse_html(render_item(old, NOW, None))[0].endswith("Wire · 16 Oct")
    assert parse_html(render_item(old, NOW + timedelta(days=60), None))[0].endswith("Wire · 16 Oct 2026")


def test_an_item_with_nothing_to_say_below_its_summary_ends_with_the_summary() -> None:
    """An admin's fresh push typed with no source: no empty italic line after the story."""
    typed = replace(article(1, "Earthquake hits Marrakesh again", "A magnitude 5.1 aftershock struck.", hours=0.1),
                    source="", url=None)
    text = render_item(typed, NOW, None)
    assert text == "<b>Earthquake hits Marrakesh again</b>\nA magnitude 5.1 aftershock struck."


def test_a_digest_whose_headlines_carry_long_links_is_one_message_while_its_text_fits() -> None:
    """The HTML source of 14 items with 400-character links is over 4,096 characters; what Telegram counts is not."""
    items = [replace(article(i, f"Morocco story {i} on the new rail line", summary="Officials said the line opens soon. " * 3,
                             hours=i), url=f"https://news.example/{'long-path/' * 38}{i}") for i in range(1, 15)]
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", items)], set(), NOW, per_section=14)
    [(text, entries)] = render_digest(plan, NOW, UTC)
    assert len(entries) == 14 and len(text) > 4096  # the source
    visible, _ = parse_html(text)
    assert len(visible.encode("utf-16-le")) // 2 <= 4096


def test_a_digest_over_the_limit_is_still_split_between_items() -> None:
    items = [article(i, f"Morocco story {i}", summary="Officials said the line opens soon. " * 8, hours=i) for i in range(1, 40)]
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", items)], set(), NOW, per_section=39)
    parts = render_digest(plan, NOW, UTC)
    assert len(parts) > 1 and sum(len(entries) for _, entries in parts) == 39
    for text, _ in parts:
        visible, _ = parse_html(text)
        assert len(visible.encode("utf-16-le")) // 2 <= 4096


@pytest.mark.parametrize("url", ["http://intranet/quake", "https://news.example/a b", "https://news.example/a\u200bb"])
def test_a_headline_is_not_linked_to_an_address_telegram_cannot_open(url: str) -> None:
    """Telegram drops such a link and a strict Bot API refuses the whole message: one feed's odd address must not
    cost a chat its digest."""
    item = replace(article(1, "Earthquake hits Morocco"), url=url)
    rendered = render_item(item, NOW, None)
    assert "<a " not in rendered and "<b>Earthquake hits Morocco</b>" in rendered
    assert '<a href="https://news.example/1">' in render_item(article(1, "Earthquake hits Morocco"), NOW, None)
