"""An attribute's value is read as strictly as the text: only &lt; &gt; &amp; &quot; and numeric references of a
real character, though Python's HTML parser would decode &nbsp; (or &#0;) in an attribute by itself. A link must
be one Telegram can open, with its scheme, as a button's URL (Telegram drops a bad one silently)."""
from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from tests.sandbox.conftest import USER


@pytest.mark.parametrize(
    "html, reason",
    [
        pytest.param('<a href="https://example.com/?a=1&nbsp;b">x</a>', 'Unsupported HTML entity "&nbsp;"', id="nbsp-in-href"),
        pytest.param("<a href='https://example.com/&copy;'>x</a>", 'Unsupported HTML entity "&copy;"', id="copy-in-single-quotes"),
        pytest.param('<a href="https://example.com/&#0;">x</a>', 'Invalid character reference "&#0;"', id="nul-in-href"),
        pytest.param("a &#0; b", 'Invalid character reference "&#0;"', id="nul-in-text"),
        pytest.param("half &#xD83D; a smiley", 'Invalid character reference "&#xD83D;"', id="surrogate-half"),
        pytest.param("&#x110000;", 'Invalid character reference "&#x110000;"', id="beyond-unicode"),
        pytest.param("&#xZZ;", "Character entity expected", id="hex-without-digits"),
    ],
)
async def test_references_telegram_does_not_support_are_refused(ptb: Bot, html: str, reason: str) -> None:
    with pytest.raises(BadRequest, match=f"(?i)^Can't parse entities: {reason} at byte offset"):
        await ptb.send_message(USER, html, parse_mode="HTML")


async def test_supported_references_in_an_href_are_decoded(ptb: Bot) -> None:
    sent = await ptb.send_message(USER, '<a href="https://example.com/?a=1&amp;b=&#50;&#x33;">x</a>', parse_mode="HTML")
    assert sent.entities[0].url == "https://example.com/?a=1&b=23"


@pytest.mark.parametrize(
    "href",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("x.com", id="no-scheme"),
        pytest.param("http://a b.com", id="space-in-host"),
        pytest.param("https://", id="no-host"),
        pytest.param("ftp://example.com/file", id="ftp"),
        pytest.param("/relative/path", id="relative"),
    ],
)
async def test_a_link_telegram_cannot_open_is_refused(ptb: Bot, href: str) -> None:
    with pytest.raises(BadRequest, match='(?i)^Can\'t parse entities: wrong URL .* of the tag "a" at byte offset 0'):
        await ptb.send_message(USER, f'<a href="{href}">x</a>', parse_mode="HTML")


@pytest.mark.parametrize("href", ["https://example.com/a?b=1", "http://127.0.0.1:8080/", "tg://resolve?domain=newsdigest_bot"])
async def test_a_link_telegram_opens_is_kept(ptb: Bot, href: str) -> None:
    assert (await ptb.send_message(USER, f'<a href="{href}">x</a>', parse_mode="HTML")).entities[0].url == href
