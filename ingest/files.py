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
ARTICLE_SUFFIXES = (".txt", *JSON_LINES_SUFFIXES)  # what `bot.py ingest` and the bundled samples hold


def read_article_files(paths: list[Path], default_source: str = "") -> Iterator[RawArticle | Rejected]:
    for path in paths:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            yield Rejected(str(path), f"cannot read: {e}")
            continue
        if path.suffix in JSON_LINES_SUFFIXES:
            for number, line in enumerate(content.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    yield parse_json_article(json.loads(line))
                except ValueError as e:
                    yield Rejected(f"{path}:{number}", str(e))
        else:
            article = parse_text_article(content, source=default_source)
            yield article if article.text else Rejected(str(path), "no text after the title line")
