"""Telegram keeps a message's first 100 formatting entities and ignores the rest without an error: a digest of many
short items is split so that every item keeps its bold headline, its link and its source line."""
from __future__ import annotations

from news.digest import SectionInput, plan_digest, render_digest
from news.format import pack_messages
from sandbox.html_entities import parse_html
from tests.news.test_digest import NOW, UTC, article

TELEGRAM_KEEPS = 100


def test_every_item_of_a_digest_of_short_items_keeps_its_link() -> None:
    items = [article(i, f"Rabat story {i}", summary="Short.", hours=i / 10) for i in range(1, 41)]
    plan = plan_digest([SectionInput("🇲🇦 Morocco", "morocco", items)], set(), NOW, per_section=40)
    messages = render_digest(plan, NOW, UTC)
    assert sum(len(text) for text, _ in messages) < 4096  # one message by its length alone
    links = []
    for text, _ in messages:
        _, entities = parse_html(text)
        assert len(entities) <= TELEGRAM_KEEPS
        links += [e["url"] for e in entities if e["type"] == "text_link"]
    assert sorted(links) == sorted(f"https://news.example/{i}" for i in range(1, 41))
    assert len(messages) == 2  # as few as fit


def test_replies_are_packed_under_the_entity_limit_too() -> None:
    blocks = [f"<b>{n}</b> <i>note</i>" for n in range(60)]
    messages = pack_messages(blocks, header="<b>Feeds</b>")
    assert len(messages) == 2
    assert all(len(parse_html(text)[1]) <= TELEGRAM_KEEPS for text in messages)
