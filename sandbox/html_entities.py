"""Telegram's HTML parse mode, checked as strictly as its documentation reads.

Returns the plain text Telegram would store (tags removed, entities decoded) and its entities, or raises
EntityParseError with Telegram's wording.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from sandbox.markup import is_button_url

ALLOWED = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
FORMATTING = {"bold", "italic", "underline", "strikethrough", "spoiler"}
PLAIN_TEXT = {"code", "pre"}


class EntityParseError(ValueError):
    pass


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _may_hold(outer: str, inner: str, *, directly: bool) -> bool:
    """Telegram's nesting rules ("Formatting options"), in their strict reading: bold, italic, underline,
    strikethrough and spoiler may contain and be part of anything except pre and code (in either direction);
    blockquotes can't be nested; all other entities (links, code, pre, blockquotes, custom emoji) can't contain
    each other. The one exception is a <code> directly in a <pre>, which names the block's language."""
    outer_type, inner_type = ALLOWED[outer], ALLOWED[inner]
    if outer_type == "pre" and inner_type == "code":
        return directly
    if outer_type in FORMATTING and inner_type in FORMATTING:
        return True
    if outer_type in FORMATTING or inner_type in FORMATTING:
        return outer_type not in PLAIN_TEXT and inner_type not in PLAIN_TEXT
    return False


class _Parser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.text: list[str] = []
        self.length = 0  # UTF-16 units so far
        self.stack: list[tuple[str, int, dict[str, str]]] = []
        self.entities: list[dict[str, object]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        lines = self.source.split("\n")
        return len("\n".join(lines[: line - 1]).encode()) + (1 if line > 1 else 0) + len(lines[line - 1][:col].encode())

    def _fail(self, reason: str) -> None:
        raise EntityParseError(f"Bad Request: can't parse entities: {reason} at byte offset {self._offset()}")

    def _add(self, text: str) -> None:
        self.text.append(text)
        self.length += utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self._fail(f'Unsupported start tag "{tag}"')
        for value in _ATTRIBUTE_VALUE.findall(self.get_starttag_text() or ""):
            if value[:1] not in ("'", '"') and not _NAME_TOKEN.fullmatch(value):
                self._fail("Unexpected end of name token")  # an unquoted value may hold only [A-Za-z0-9.-]
            for reference in _REFERENCE.findall(value):
                self._reference(reference)  # the parser decodes attributes itself, &nbsp; and &#0; too
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and not values.get("href"):
            self._fail('Can\'t find "href" attribute of the tag "a"')  # Telegram rejects an <a> without a link
        if tag == "a" and not is_button_url(values["href"]):
            # Telegram keeps the text and silently drops a link it can't open (javascript:, a space in the host),
            # and guesses http:// for "x.com"; refusing both, as a button's URL is, shows a bot its broken link.
            self._fail(f'Wrong URL "{values["href"]}" in the "href" attribute of the tag "a"')
        if tag == "span" and values.get("class") != "tg-spoiler":
            self._fail('Unsupported start tag "span"')
        for depth, (outer, start, _) in enumerate(reversed(self.stack)):
            if not _may_hold(outer, tag, directly=depth == 0) or (outer == "pre" and start != self.length):
                self._fail(f'Can\'t use tag "{tag}" inside "{outer}"')  # a language's <code> is the whole <pre>
        if tag == "tg-emoji":  # the sandbox's bot, like most, has bought no username on Fragment
            self._fail('Custom emoji can only be used by bots that purchased additional usernames on Fragment')
        self.stack.append((tag, self.length, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail(f'Unexpected end tag "{tag}"')
        open_tag, start, values = self.stack.pop()
        if open_tag != tag:
            self._fail(f'Unmatched end tag "{tag}", expected "</{open_tag}>"')
        entity: dict[str, object] = {"type": ALLOWED[tag], "offset": start, "length": self.length - start}
        if tag == "pre" and self.entities and self.entities[-1]["type"] == "code" and self.entities[-1]["offset"] == start \
                and self.entities[-1]["length"] != entity["length"]:
            self._fail('Can\'t use tag "code" inside "pre"')  # text after the language's <code>
        if tag == "a":
            entity["url"] = values["href"]
        if entity["length"]:
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self._add(data)

    def handle_entityref(self, name: str) -> None:
        self._add(self._reference(name))

    def handle_charref(self, name: str) -> None:
        self._add(self._reference(f"#{name}"))

    def _reference(self, name: str) -> str:
        """The character `&name;` stands for: one of the four named entities Telegram supports, or a number
        naming a Unicode scalar value (not 0, not a surrogate half, at most U+10FFFF), else a refusal."""
        if not name.startswith("#"):
            if name not in NAMED_ENTITIES:
                self._fail(f'Unsupported HTML entity "&{name};"')
            return html.unescape(f"&{name};")
        try:
            code = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
        except ValueError:
            code = -1
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            self._fail(f'Invalid character reference "&{name};"')
        return chr(code)

    def handle_comment(self, data: str) -> None:
        self._fail("Unsupported comment")

    def handle_decl(self, decl: str) -> None:
        self._fail("Unsupported declaration")

    def unknown_decl(self, data: str) -> None:
        self._fail("Unsupported declaration")

    def handle_pi(self, data: str) -> None:
        self._fail('Unsupported start tag ""')


_BARE_AMP = re.compile(r"&(?![A-Za-z0-9]+;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")  # an & that starts no reference
# A "<" that opens no tag ("1 < 2", "x<5", "</>"): Telegram wants it written &lt;. Python's parser keeps it as text.
_BARE_LT = re.compile(r"<(?![A-Za-z]|/[A-Za-z]|!|\?)")
_ATTRIBUTE_VALUE = re.compile(r"""\s[^\s=>]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)""")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]+")
_REFERENCE = re.compile(r"&(#?[A-Za-z0-9]+);")


def parse_html(source: str) -> tuple[str, list[dict[str, object]]]:
    """(plain text, entities) for an HTML-mode message, or EntityParseError."""
    bare = _BARE_AMP.search(source)
    if bare:
        raise EntityParseError(
            f"Bad Request: can't parse entities: Character entity expected at byte offset {len(source[: bare.start()].encode())}"
        )
    bare = _BARE_LT.search(source)
    if bare:
        raise EntityParseError(
            f'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset {len(source[: bare.start()].encode())}'
        )
    parser = _Parser(source)
    parser.feed(source)
    if parser.rawdata:  # what the parser could not finish: "<b" or "<a href=" at the very end
        raise EntityParseError("Bad Request: can't parse entities: Unclosed start tag at end of text")
    parser.close()
    if parser.stack:
        tag = parser.stack[-1][0]
        raise EntityParseError(f'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "{tag}"')
    return "".join(parser.text), parser.entities
