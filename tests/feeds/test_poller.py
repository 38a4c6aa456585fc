"""Polling real fixture feeds from a local server into a real SQLite database."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from clock import ManualClock
from feeds.dates import parse_local_rfc822
from feeds.errors import ParseError
from feeds.fetch import Fetcher
from feeds.parse import parse_feed
from feeds.poller import poll_due_feeds
from sandbox.html_entities import parse_html
from settings import Settings
from storage import Database
from storage import feeds as feed_store
from storage.outbox import OutgoingMessage
from tests.feeds.conftest import FEEDS, FeedServer

SETTINGS = Settings(_env_file=None, admin_user_ids=frozenset({9001}), feed_watchdog_hours=6)
DIALECTS = ["photojournalism__bbc.xml", "rss-parser__heise.atom", "feed-rs__rss_1.0_iso8859.xml",
            "node-feedparser__iconv.xml", "photojournalism__npr.xml", "morocco.xml"]


async def _articles(db: Database, feed_id: int) -> list[dict]:
    rows = await db.fetchall(
        """select a.id, a.title, a.url, a.published_at, a.body, group_concat(c.country_code) as countries
           from articles a left join article_countries c on c.article_id = a.id
           where a.feed_id = ? group by a.id order by a.id""", (feed_id,))
    return [dict(r) for r in rows]


async def test_every_dialect_becomes_articles_and_a_malformed_feed_harms_none(
    db: Database, fetcher: Fetcher, feed_server: FeedServer, clock: ManualClock
) -> None:
    now = clock.now()
    feeds = {n: await feed_store.add_feed(db, feed_server.feed(n), n.split(".")[0], None, 9001, now) for n in DIALECTS}
    bad = await feed_store.add_feed(db, feed_server.feed("feed-rs__rss_2.0_invalid_1.xml"), "Reuters", None, 9001, now)
    report = await poll_due_feeds(db, fetcher, now, SETTINGS)
    assert report.succeeded == len(DIALECTS) and report.failed == 1
    for name, feed in feeds.items():
        rows = await _articles(db, feed.id)
        assert rows, name
        assert all(r["title"] and r["url"].startswith("http") and r["published_at"] for r in rows), name
    golem = (await _articles(db, feeds["feed-rs__rss_1.0_iso8859.xml"].id))[0]
    assert "Glasfaserförderung" in golem["title"]  # ISO-8859-1 decoded
    cyrillic = await _articles(db, feeds["node-feedparser__iconv.xml"].id)
    assert any("Бузулук" in r["title"] for r in cyrillic)  # windows-1251 decoded
    morocco = await _articles(db, feeds["morocco.xml"].id)
    assert all("MA" in (r["countries"] or "") for r in morocco)
    stored = await feed_store.get_feed(db, bad.id)
    assert stored.consecutive_failures == 1 and stored.last_error == "not a feed I can read"
    assert stored.next_poll_at > now
    bbc = await feed_store.get_feed(db, feeds["photojournalism__bbc.xml"].id)
    assert bbc.interval_seconds == 15 * 60 and bbc.items_total == len(await _articles(db, bbc.id))


async def test_content_encoded_is_preferred_over_the_short_description(feed_server: FeedServer, clock: ManualClock) -> None:
    parsed = parse_feed(feed_server.files["photojournalism__npr.xml"], url="https://www.npr.org/rss",
                        source="NPR", fetched_at=clock.now())
    assert len(parsed.items[0].text) > 500 and parsed.items[0].source == "NPR"


async def test_entity_bomb_is_refused_before_parsing(db: Database, fetcher: Fetcher, feed_server: FeedServer,
                                                     clock: ManualClock) -> None:
    feed = await feed_store.add_feed(db, f"{feed_server.url}/bomb", "bomb", None, None, clock.now())
    report = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    assert "ENTITY" in report.errors[feed.id]
    with pytest.raises(ParseError):
        parse_feed(feed_server.files["feed-rs__rss_2.0_invalid_1.xml"], url="http://x", source="", fetched_at=clock.now())


async def test_repoll_adds_nothing_and_an_edit_updates_in_place(
    db: Database, fetcher: Fetcher, feed_server: FeedServer, clock: ManualClock
) -> None:
    feed = await feed_store.add_feed(db, feed_server.feed("morocco.xml"), "Wire", None, None, clock.now())
    await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    before = await _articles(db, feed.id)
    clock.advance(minutes=31)
    report = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    assert report.not_modified == 1 and await _articles(db, feed.id) == before  # ETag → 304
    feed_server.files["morocco.xml"] = feed_server.files["morocco.xml"].replace(
        b"At least 1,037 dead", b"At least 2,012 dead")
    clock.advance(minutes=31)
    report = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    after = await _articles(db, feed.id)
    assert report.updated == 1 and report.added == 0 and len(after) == len(before)
    assert any("2,012" in r["title"] for r in after) and not any("1,037" in r["title"] for r in after)


async def test_redirect_updates_the_stored_url(db: Database, fetcher: Fetcher, feed_server: FeedServer,
                                               clock: ManualClock) -> None:
    feed = await feed_store.add_feed(db, f"{feed_server.url}/moved/morocco.xml", "Wire", None, None, clock.now())
    await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    assert (await feed_store.get_feed(db, feed.id)).url == feed_server.feed("morocco.xml")


async def test_500_then_success_backs_off_then_recovers(db: Database, fetcher: Fetcher, feed_server: FeedServer,
                                                        clock: ManualClock) -> None:
    flaky = await feed_store.add_feed(db, f"{feed_server.url}/flaky/morocco.xml", "Flaky", None, None, clock.now())
    slow = await feed_store.add_feed(db, f"{feed_server.url}/slow", "Slow", None, None, clock.now())
    big = await feed_store.add_feed(db, f"{feed_server.url}/big", "Big", None, None, clock.now())
    good = await feed_store.add_feed(db, feed_server.feed("photojournalism__bbc.xml"), "BBC", None, None, clock.now())
    report = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    assert set(report.errors) == {flaky.id, slow.id, big.id} and report.succeeded == 1
    assert "timed out" in report.errors[slow.id] and "cap" in report.errors[big.id]
    assert await _articles(db, good.id)
    failed = await feed_store.get_feed(db, flaky.id)
    assert failed.last_error == "HTTP 500 Internal Server Error: an error of the site's own; it may work again later"
    assert await poll_due_feeds(db, fetcher, clock.now(), SETTINGS) == type(report)()  # backing off: nothing due
    clock.set(failed.next_poll_at)
    report = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    recovered = await feed_store.get_feed(db, flaky.id)
    assert recovered.consecutive_failures == 0 and recovered.items_total == 3


async def test_backoff_grows_and_is_capped() -> None:
    delays = [feed_store.backoff_seconds(900, n) for n in range(1, 10)]
    assert delays[0] < 900 * 1.21 and delays[2] > 900 * 3 and max(delays) <= feed_store.MAX_INTERVAL


async def test_watchdog_alerts_each_admin_once(db: Database, fetcher: Fetcher, feed_server: FeedServer,
                                               clock: ManualClock) -> None:
    await feed_store.add_feed(db, f"{feed_server.url}/bomb", "bomb", None, None, clock.now())
    await db.execute("insert into admins (user_id, added_at) values (9002, '2026-01-01')")
    for _ in range(4):
        clock.advance(hours=4)
        await db.execute("update feeds set next_poll_at = null")
        await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    rows = await db.fetchall("select chat_id, kind, payload from outbox order by chat_id")
    assert [(r["chat_id"], r["kind"]) for r in rows] == [(9001, "notice"), (9002, "notice")]
    assert "Watchdog" in rows[0]["payload"]


def test_an_italian_pubdate_keeps_the_items_own_time() -> None:
    body = (FEEDS / "feed-rs__rss_2.0_ilmessaggero.xml").read_bytes()
    fetched = datetime(2022, 11, 17, 9, 0, tzinfo=timezone.utc)
    [item] = parse_feed(body, url="https://www.ilmessaggero.it/rss/mondo.xml", source="Il Messaggero",
                        fetched_at=fetched).items
    assert item.published == datetime(2022, 11, 15, 23, 38, 15, tzinfo=timezone.utc)  # mer, 16 nov 2022 00:38:15 +0100


@pytest.mark.parametrize(("text", "expected"), [
    ("mer, 16 nov 2022 00:38:15 +0100", datetime(2022, 11, 15, 23, 38, 15)),
    ("lun, 3 giu 2024 08:00:00 +0200", datetime(2024, 6, 3, 6, 0)),
    ("mar., 3 déc. 2024 10:15:00 +0100", datetime(2024, 12, 3, 9, 15)),
    ("Mi, 12 Mär 2025 07:30:00 GMT", datetime(2025, 3, 12, 7, 30)),
])
def test_rfc822_dates_in_other_languages_parse(text: str, expected: datetime) -> None:
    assert parse_local_rfc822(text)[:6] == expected.timetuple()[:6]


def test_a_date_without_a_zone_or_with_an_unknown_month_is_left_to_feedparser() -> None:
    assert parse_local_rfc822("mer, 16 nov 2022 00:38:15") is None
    assert parse_local_rfc822("mer, 16 brumaire 2022 00:38:15 +0100") is None


async def test_an_outage_that_flags_forty_feeds_at_once_still_alerts_in_one_valid_message(
    db: Database, fetcher: Fetcher, feed_server: FeedServer, clock: ManualClock
) -> None:
    feeds = [await feed_store.add_feed(db, feed_server.feed(f"gone-{n}.xml"), f"Regional desk {n} " + "news " * 40,
                                       None, 9001, clock.now()) for n in range(40)]
    await feed_store.add_feed(db, feed_server.feed("morocco.xml"), "Wire", None, 9001, clock.now())
    await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    clock.advance(hours=25)  # failing for over a day: flagged, all in the same poll
    await db.execute("update feeds set next_poll_at = null")
    report = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    assert sorted(report.flagged) == [f.id for f in feeds]
    [row] = await db.fetchall("select chat_id, payload from outbox where kind = 'notice'")
    text = OutgoingMessage.from_json(row["payload"]).text
    plain, _ = parse_html(text)  # Telegram would accept it
    assert row["chat_id"] == 9001 and len(plain) <= 4096
    assert f"#{feeds[0].id} Regional desk 0" in plain and "HTTP 404" in plain and "…and 20 more: see /feeds" in plain
