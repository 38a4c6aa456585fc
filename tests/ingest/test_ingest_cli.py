"""`python bot.py ingest PATH...` loads text and JSON Lines files and reports what it did."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent.parent


def _ingest(tmp_path: Path, *paths: Path) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_PATH": str(tmp_path / "cli.db")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "ingest", *map(str, paths)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ingest_reports_added_then_duplicates(tmp_path: Path) -> None:
    feed = tmp_path / "items.jsonl"
    records = [
        {"title": "Morocco earthquake: rescuers search rubble in Atlas villages",
         "text": "<p>Rescuers in Morocco dug through rubble on Sunday as the death toll from the Al Haouz earthquake rose.</p>",
         "url": "https://example.org/quake?utm_source=rss", "source": "Example", "published": "2023-09-10T08:00:00Z"},
        {"title": "no text here"},
        "not an object",
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first = _ingest(tmp_path, FIXTURES / "seed_article.txt", feed)
    assert "added 2" in first
    assert "rejected 2" in first
    assert "items.jsonl:2" in first  # the reason names where
    second = _ingest(tmp_path, FIXTURES / "seed_article.txt", feed)
    assert "added 0" in second and "skipped 2 duplicates" in second
    conn = sqlite3.connect(tmp_path / "cli.db")
    urls = [r[0] for r in conn.execute("select url from articles where url is not null")]
    conn.close()
    assert urls == ["https://example.org/quake"]


def test_an_article_with_a_broken_emoji_is_stored_without_it(tmp_path: Path) -> None:
    """JSON can carry half of an emoji (a lone UTF-16 surrogate, "\\ud83d"), which no UTF-8 database or
    Telegram message can hold: the half goes, the article stays."""
    feed = tmp_path / "items.jsonl"
    feed.write_text(json.dumps({
        "title": "Morocco earthquake \ud83d rescuers reach Atlas villages",
        "text": "Rescuers in Morocco reached villages in the High Atlas on Sunday \ud83d as the toll rose. "
                "Teams from Spain and Britain joined them near Marrakesh.",
        "source": "Example",
    }) + "\n", encoding="utf-8")
    assert "\\ud83d" in feed.read_text(encoding="utf-8")
    report = _ingest(tmp_path, feed)
    assert "added 1" in report and "rejected 0" in report
    conn = sqlite3.connect(tmp_path / "cli.db")
    [(title, body)] = conn.execute("select title, body from articles").fetchall()
    conn.close()
    assert title == "Morocco earthquake rescuers reach Atlas villages"
    assert "on Sunday as the toll rose" in body


def test_an_article_left_without_a_headline_is_rejected_with_why(tmp_path: Path) -> None:
    """An empty title gets a headline from the text's lead sentence, as a photo credit's does; a text too short to
    give one is rejected and the report says so, rather than "rejected 0" and a blank headline in /search."""
    feed = tmp_path / "items.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"title": "", "text": "short"},
        {"title": "", "text": "Rescuers in Morocco dug through rubble on Sunday as the death toll rose."},
    ]) + "\n", encoding="utf-8")
    report = _ingest(tmp_path, feed)
    assert "added 1" in report and "rejected 1" in report
    assert "rejected untitled 'short': no headline: none was given" in report
    conn = sqlite3.connect(tmp_path / "cli.db")
    titles = [r[0] for r in conn.execute("select title from articles")]
    conn.close()
    assert titles == ["Rescuers in Morocco dug through rubble on Sunday as the death toll rose"]
