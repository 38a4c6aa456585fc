"""Reading article files: plain text (first non-empty line is the title) and JSON Lines."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from news.models import RawArticle


@dataclass(frozen=True)
class Rejected:
    where: str  # "file.jsonl:12"
    reason: str


def parse_text_article(text: str, source: str) -> RawArticle:
    lines = text.strip().splitlines()
    title = lines[0].strip() if lines else ""
    return RawArticle(title=title, text="\n".join(lines[1:]).strip(), source=source)


def parse_published(value: object) -> datetime | None:
    """ISO-8601 or RFC 822 dates; naive times are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_json_article(record: object) -> RawArticle:
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    title, text = record.get("title"), record.get("text") or record.get("body") or record.get("description")
    if not isinstance(title, str) or not isinstance(text, str):
        raise ValueError('needs string fields "title" and "text"')
    url = record.get("url") or record.get("link")
    return RawArticle(
        title=title,
        text=text,
        url=url if isinstance(url, str) and url else None,
        source=str(record.get("source") or ""),
        published=parse_published(record.get("published")),
        is_html="<" in text and ">" in text,
    )


JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIX = ".json"  # one article (an object) or several (an array of them)
ARTICLE_SUFFIXES = (".txt", *JSON_LINES_SUFFIXES)  # what `bot.py ingest` and the bundled samples hold
READABLE_SUFFIXES = (*ARTICLE_SUFFIXES, JSON_SUFFIX)  # what the readers below take


def read_article_files(paths: list[Path], default_source: str = "") -> Iterator[RawArticle | Rejected]:
    for path in paths:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            yield Rejected(str(path), f"cannot read: {e}")
            continue
        yield from read_article_text(str(path), content, default_source)


def read_article_bytes(name: str, data: bytes, default_source: str = "") -> Iterator[RawArticle | Rejected]:
    """A file sent as bytes (an admin's upload in Telegram), read as `read_article_files` reads one on disk."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Rejected(name, "cannot read: not UTF-8 text")
        return
    yield from read_article_text(name, content, default_source)


def read_article_text(name: str, content: str, default_source: str = "") -> Iterator[RawArticle | Rejected]:
    """The articles of one file's text, by the file's suffix: JSON Lines, JSON, else plain text (first line the
    title); a record that is no article is Rejected, naming where ("news.jsonl:12")."""
    suffix = Path(name).suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        for number, line in enumerate(content.splitlines(), start=1):
            if line.strip():
                yield _json_article(f"{name}:{number}", line)
    elif suffix == JSON_SUFFIX:
        try:
            records = json.loads(content)
        except ValueError as e:
            yield Rejected(name, f"not JSON: {e}")
            return
        for number, record in enumerate(records if isinstance(records, list) else [records], start=1):
            yield _parsed(f"{name}:{number}" if isinstance(records, list) else name, record)
    else:
        article = parse_text_article(content, source=default_source)
        yield article if article.text else Rejected(name, "no text after the title line")


def _json_article(where: str, line: str) -> RawArticle | Rejected:
    try:
        return _parsed(where, json.loads(line))
    except ValueError as e:
        return Rejected(where, str(e))


def _parsed(where: str, record: object) -> RawArticle | Rejected:
    try:
        return parse_json_article(record)
    except ValueError as e:
        return Rejected(where, str(e))
