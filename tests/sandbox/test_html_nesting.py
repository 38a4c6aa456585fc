"""Entities nest only as Telegram's "Formatting options" allow, read strictly: bold, italic, underline,
strikethrough and spoiler go in and around anything but pre and code; blockquotes can't be nested; all other
entities (links, code, pre, blockquotes, custom emoji) can't contain each other."""
from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from tests.sandbox.conftest import USER


@pytest.mark.parametrize(
    "html, tag, outer",
    [
        pytest.param('<a href="https://a.example/">x <a href="https://b.example/">y</a></a>', "a", "a", id="link-in-link"),
        pytest.param("<blockquote>x <blockquote>y</blockquote></blockquote>", "blockquote", "blockquote", id="quote-in-quote"),
        pytest.param('<a href="https://a.example/"><code>x</code></a>', "code", "a", id="code-in-link"),
        pytest.param('<a href="https://a.example/"><pre>x</pre></a>', "pre", "a", id="pre-in-link"),
        pytest.param("<blockquote><code>x</code></blockquote>", "code", "blockquote", id="code-in-quote"),
        pytest.param("<blockquote><pre>x</pre></blockquote>", "pre", "blockquote", id="pre-in-quote"),
        pytest.param('<blockquote><a href="https://a.example/">x</a></blockquote>', "a", "blockquote", id="link-in-quote"),
        pytest.param("<b><code>x</code></b>", "code", "b", id="code-in-bold"),
        pytest.param("<i>x <b><pre>y</pre></b></i>", "pre", "b", id="pre-in-bold-in-italic"),
        pytest.param('<pre>x <code class="language-python">y</code></pre>', "code", "pre", id="text-before-the-language"),
        pytest.param('<pre><code class="language-python">x</code> y</pre>', "code", "pre", id="text-after-the-language"),
    ],
)
async def test_nesting_telegram_forbids_is_refused(ptb: Bot, html: str, tag: str, outer: str) -> None:
    with pytest.raises(BadRequest, match=f"^Can't parse entities: can't use tag \"{tag}\" inside \"{outer}\""):
        await ptb.send_message(USER, html, parse_mode="HTML")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<b><a href="https://a.example/">headline</a></b>', id="link-in-bold"),
        pytest.param('<a href="https://a.example/"><b>x</b> <i>y</i></a>', id="bold-in-link"),
        pytest.param("<blockquote><b>x</b> <tg-spoiler>y</tg-spoiler></blockquote>", id="formatting-in-quote"),
        pytest.param("<b><i><u><s>x</s></u></i></b>", id="formatting-in-formatting"),
        pytest.param('<pre><code class="language-python">x = 1</code></pre>', id="language-of-a-pre"),
        pytest.param("<blockquote>x</blockquote> <blockquote>y</blockquote>", id="quotes-side-by-side"),
    ],
)
async def test_nesting_telegram_allows_is_accepted(ptb: Bot, html: str) -> None:
    assert (await ptb.send_message(USER, html, parse_mode="HTML")).text


async def test_custom_emoji_are_refused_to_a_bot_without_a_fragment_username(ptb: Bot) -> None:
    """Telegram: "Custom emoji entities can only be used by bots that purchased additional usernames on Fragment"."""
    with pytest.raises(BadRequest, match="(?i)^Can't parse entities: custom emoji can only be used by bots that purchased"):
        await ptb.send_message(USER, 'Breaking <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', parse_mode="HTML")
