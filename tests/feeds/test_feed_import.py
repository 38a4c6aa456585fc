"""OPML import: an admin sends the file another reader exports (a document in the sandbox, downloaded by the bot with
getFile) or replies /importfeeds to it; new feeds are added unpolled, named as the file names them, and the reply
says what was added, what was in the list already and what could not be used. No feed is read: each new address is
only asked where it leads, and one that redirects to a feed already listed is left out."""
from __future__ import annotations

import pytest

from feeds.fetch import Fetcher
from feeds.opml import OpmlFeed, write_opml
from feeds.redirects import follow_redirects
from handlers.feed_import import import_report, plan_import, skip_redirects
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, FIXTURES, START, BotFactory, RunningBot
from tests.feeds.conftest import BOMB, FeedServer

READER = 4242
NEWSROOM = (FIXTURES / "opml" / "newsroom.opml").read_bytes()


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot()
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    await sandbox_client.create_user(id=READER, first_name="Reader")
    return bot


async def _send(client: SandboxClient, content: bytes, name: str, *, user: int = ADMIN_ID,
                mime_type: str | None = None) -> str:
    """The user sends the file; the bot's one answer."""
    before = len(await client.bot_messages(user))
    await client.send_document(user, content, name, user_id=user, mime_type=mime_type)
    return (await client.wait_for_bot_messages(user, count=before + 1))[before]["text"]


async def _silent(client: SandboxClient, content: bytes, name: str, *, user: int) -> list[str]:
    """The user sends the file, then /help: what the bot said to both (updates of a chat are handled in order)."""
    await client.send_document(user, content, name, user_id=user)
    await client.send_message(chat_id=user, user_id=user, text="/help")
    return [m["text"].split(" — ")[0] for m in await client.wait_for_bot_messages(user)]


def _opml(feeds: list[tuple[str, str]]) -> bytes:
    return write_opml([OpmlFeed(url, name) for url, name in feeds], "test", START)


async def test_a_readers_nested_folders_are_imported_and_reported(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await feed_store.add_feed(admin_bot.db, "https://www.aljazeera.com/xml/rss/all.xml/", "Al Jazeera", None, ADMIN_ID,
                              admin_bot.clock.now())
    reply = await _send(sandbox_client, NEWSROOM, "feedly.opml")
    assert reply == (
        "Added 7 feeds from feedly.opml, 1 was already in the list, 1 not a usable address, 1 listed twice in the "
        "file, 1 with no feed address (xmlUrl).\n\n"
        "I'll poll the new ones within a minute; /feeds shows how each is doing, and why one fails.\n\n"
        "Added\n#2 BBC News - World\n#3 Hespress English\n#4 AllAfrica: Latest\n#5 Morocco World News\n"
        "#6 Ars Technica\n#7 Nature <News> & Comment\n#8 Reuters: Top News\n\n"
        "Already in the list\n#1 Al Jazeera\n\n"
        "Not a usable address (a feed needs http:// or https://)\nmailto:desk@example.com\n\n"
        "Listed twice in the file (taken once)\nBBC World (again, in another folder)\n\n"
        "No feed address (an outline without xmlUrl, such as a link to a web page: skipped)\nOur website")
    feeds = {f.id: f for f in await feed_store.list_feeds(admin_bot.db)}
    assert feeds[4].url == "https://allafrica.com/tools/headlines/rdf/latest/headlines.rdf"  # nested two deep
    assert feeds[8].url == "https://www.reutersagency.com/feed/?best-topics=top-news&post_type=best"
    assert all(f.status == "active" and f.last_polled_at is None and f.next_poll_at == admin_bot.clock.now()
               and f.added_by == ADMIN_ID and f.country is None for i, f in feeds.items() if i > 1)
    assert await sandbox_client.calls("getFile")  # the file came through Telegram's getFile


async def test_importing_the_same_file_again_adds_nothing(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await _send(sandbox_client, NEWSROOM, "feedly.opml")
    reply = await _send(sandbox_client, NEWSROOM, "feedly.opml")
    assert reply.startswith("Added no feeds from feedly.opml, 8 were already in the list, 1 not a usable address, "
                            "1 listed twice in the file, 1 with no feed address (xmlUrl).\n\nAlready in the list\n"
                            "#1 BBC News - World\n#2 ")
    assert len(await feed_store.list_feeds(admin_bot.db)) == 8


async def test_an_exported_list_comes_back_with_paused_feeds_paused(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    exported = write_opml([OpmlFeed("https://a.example/rss", "A", country="ma"),
                           OpmlFeed("https://b.example/rss", "B", paused=True)], "newsdigest feeds", START)
    reply = await _send(sandbox_client, exported, "newsdigest-feeds-2026-11-25.opml")
    assert reply.startswith("Added 2 feeds from newsdigest-feeds-2026-11-25.opml.\n\nI'll poll the new ones within a "
                            "minute; /feeds shows how each is doing, and why one fails. 1 is paused, as the file says "
                            "(/resumefeed N).")
    a, b = await feed_store.list_feeds(admin_bot.db)
    assert (a.status, a.country, b.status) == ("active", "MA", "paused")


async def test_a_reply_to_the_file_imports_it(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk")
    await sandbox_client.wait_for_bot_messages(group["id"])
    sent = await sandbox_client.send_document(group["id"], _opml([("https://a.example/rss", "A")]), "feeds.xml",
                                              user_id=ADMIN_ID, mime_type="application/xml")
    await sandbox_client.send_message(group["id"], "/importfeeds", user_id=ADMIN_ID,
                                      reply_to_message_id=sent["message_id"])
    replies = await sandbox_client.wait_for_bot_messages(group["id"], 2)
    assert replies[1]["text"].startswith("Added 1 feed from feeds.xml.")


@pytest.mark.parametrize(("text", "reply_to_file", "answer"), [
    pytest.param("/importfeeds", None, "Send me the OPML file your other reader exports (.opml), or reply "
                 "/importfeeds to it, and I'll add its feeds. /exportfeeds gives you this bot's list as one.", id="no-file"),
    pytest.param("/importfeeds", "report.pdf", "report.pdf is no OPML file. I read feed lists from .opml files (or OPML "
                 "saved as .xml), as RSS readers export them.", id="not-opml"),
])
async def test_importfeeds_without_an_opml_file_says_what_it_needs(
    admin_bot: RunningBot, sandbox_client: SandboxClient, text: str, reply_to_file: str | None, answer: str
) -> None:
    replied = None
    if reply_to_file is not None:
        replied = (await sandbox_client.send_document(ADMIN_ID, b"%PDF-1.7", reply_to_file, user_id=ADMIN_ID))["message_id"]
    await sandbox_client.send_message(ADMIN_ID, text, user_id=ADMIN_ID, reply_to_message_id=replied)
    [reply] = await sandbox_client.wait_for_bot_messages(ADMIN_ID)
    assert reply["text"] == answer


@pytest.mark.parametrize(("content", "name", "answer"), [
    pytest.param(b'<?xml version="1.0"?>\n<opml version="2.0">\n<body><outline text="A" xmlUrl="https://a.example/rss">'
                 b"</body></opml>", "broken.opml",
                 "I couldn't read broken.opml: it is not well-formed XML (line 3). Nothing was added.", id="malformed"),
    pytest.param(BOMB.replace(b"<rss", b"<opml").replace(b"</rss>", b"</opml>"), "bomb.opml",
                 "I couldn't read bomb.opml: it declares XML entities, which I don't read (a safety rule). "
                 "Nothing was added.", id="entity-expansion"),
    pytest.param((FIXTURES / "feeds" / "morocco.xml").read_bytes(), "morocco.xml",
                 "I couldn't read morocco.xml: it is a feed itself, not a list of feeds: add it with /addfeed URL. "
                 "Nothing was added.", id="a-feed"),
    pytest.param(b'<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Empty folder"/></body></opml>',
                 "empty.opml", "empty.opml lists no feeds (no outline with an xmlUrl). Nothing was added.", id="no-feeds"),
])
async def test_a_file_that_is_no_usable_opml_adds_nothing_and_says_why(
    admin_bot: RunningBot, sandbox_client: SandboxClient, content: bytes, name: str, answer: str
) -> None:
    assert await _send(sandbox_client, content, name) == answer
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_a_file_over_1_mb_is_refused_before_it_is_downloaded(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    padded = NEWSROOM.replace(b"<body>", b"<body><!-- " + b"x" * (1024 * 1024) + b" -->")
    assert await _send(sandbox_client, padded, "huge.opml") == (
        "huge.opml is 1.1 MB; a feed list I import has at most 1 MB (an OPML file of 500 feeds is about 100 KB). "
        "Nothing was added.")
    assert await sandbox_client.calls("getFile") == [] and await feed_store.list_feeds(admin_bot.db) == []


async def test_a_file_of_over_500_feeds_is_refused_whole(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    many = _opml([(f"https://news{i}.example/rss", f"Feed {i}") for i in range(501)])
    assert await _send(sandbox_client, many, "many.opml") == (
        "many.opml lists 501 feeds; I import at most 500 at a time. Split it into smaller files and send each. "
        "Nothing was added.")
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_500_feeds_are_added_and_the_report_stays_one_message(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    many = _opml([(f"https://news{i}.example/rss", f"{i} {'A very long feed name & more ' * 3}") for i in range(500)])
    reply = await _send(sandbox_client, many, "many.opml")
    assert reply.startswith("Added 500 feeds from many.opml.") and reply.endswith("\n…and 485 more")
    assert len(reply) < 4096 and len(await feed_store.list_feeds(admin_bot.db)) == 500


async def test_a_readers_opml_file_gets_the_admins_only_answer(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert await _send(sandbox_client, NEWSROOM, "feedly.opml", user=READER) == "This command is for admins."
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_an_admins_other_documents_get_no_answer(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert await _silent(sandbox_client, b"\x89PNG\r\n", "chart.png", user=ADMIN_ID) == ["newsdigest"]  # /help's answer


async def test_a_readers_other_document_is_not_taken_for_a_feed_list(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """handlers.admin_articles answers it, kindly: "This command is for admins" would puzzle one who sent a file."""
    reply = await _send(sandbox_client, b"\x89PNG\r\n", "chart.png", user=READER)
    assert reply.startswith("I only read files from admins.")
    assert await sandbox_client.calls("getFile") == []


async def test_a_readers_xml_file_is_not_read(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """An .xml file may be OPML only by its content: a reader's is not downloaded to see."""
    assert await _silent(sandbox_client, NEWSROOM, "feeds.xml", user=READER) == ["newsdigest"]
    assert await sandbox_client.calls("getFile") == []


@pytest.fixture
async def local_admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    """An admin's bot that may reach the local feed server."""
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def test_an_address_that_redirects_to_a_listed_feed_is_not_added_again(
    local_admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    """As /addfeed finds it: the import asks each new address where it leads (its body unread)."""
    target, moved = feed_server.feed("morocco.xml"), f"{feed_server.url}/moved/morocco.xml"
    await feed_store.add_feed(local_admin_bot.db, target, "Quake Wire", None, ADMIN_ID, local_admin_bot.clock.now())
    photos = feed_server.feed("photojournalism__bbc.xml")
    reply = await _send(sandbox_client, _opml([(moved, "Old Wire"), (photos, "BBC Photos")]), "news.opml")
    assert reply == (
        "Added 1 feed from news.opml, 1 redirects to a feed already listed.\n\n"
        "I'll poll it within a minute; /feeds shows how it is doing, and why, should it fail.\n\n"
        "Added\n#2 BBC Photos\n\n"
        "Redirecting to a feed already listed (not added, as /addfeed would not add it)\n"
        f"{moved} → #1 Quake Wire")
    assert [f.url for f in await feed_store.list_feeds(local_admin_bot.db)] == [target, photos]
    assert feed_server.hits == {"/moved/morocco.xml": 1, "/f/morocco.xml": 1, "/f/photojournalism__bbc.xml": 1}


async def test_a_feed_the_file_lists_at_its_old_and_new_address_is_added_once(
    local_admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    """The one at the address the other's redirect leads to is kept, wherever it comes in the file; a feed that has
    moved for good is added at its new address, as /addfeed adds it."""
    target, moved = feed_server.feed("morocco.xml"), f"{feed_server.url}/moved/morocco.xml"
    photos = f"{feed_server.url}/moved/photojournalism__bbc.xml"
    reply = await _send(sandbox_client, _opml([(moved, "Old Wire"), (target, "Quake Wire"), (photos, "BBC Photos")]),
                        "news.opml")
    assert reply == (
        "Added 2 feeds from news.opml, 1 redirects to a feed already listed.\n\n"
        "I'll poll the new ones within a minute; /feeds shows how each is doing, and why one fails.\n\n"
        "Added\n#1 Quake Wire\n#2 BBC Photos\n\n"
        "Redirecting to a feed already listed (not added, as /addfeed would not add it)\n"
        f"{moved} → Quake Wire, also in this file")
    assert [f.url for f in await feed_store.list_feeds(local_admin_bot.db)] == [
        target, feed_server.feed("photojournalism__bbc.xml")]


async def test_addresses_with_no_answer_in_time_are_added_unchecked_and_the_report_says_so(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    """A big list is checked for so long in all: what has not answered by then is added as it is (the poller meets
    its redirect later), and the report says how many."""
    moved, slow = f"{feed_server.url}/moved/morocco.xml", f"{feed_server.url}/slow"
    followed = await follow_redirects(fetcher, [slow, moved], deadline=0.2)  # the slow one would take 5 s
    assert followed.late == [slow] and followed.destinations[moved].final_url == feed_server.feed("morocco.xml")
    plan = plan_import([OpmlFeed(slow, "Slow"), OpmlFeed(moved, "Old Wire")], [])
    skip_redirects(plan, followed, [])
    assert plan.new == [OpmlFeed(slow, "Slow"), OpmlFeed(feed_server.feed("morocco.xml"), "Old Wire")]
    report = import_report("news.opml", [(1, feed_store.NewFeed(slow, "Slow"))], plan)
    assert report[1] == ("I'll poll it within a minute; /feeds shows how it is doing, and why, should it fail. Its "
                         "address gave no answer in time to be checked for redirects; the poller checks it, and tells "
                         "you if it leads to a feed already listed.")
    report = import_report("news.opml", [(1, feed_store.NewFeed(slow, "Slow")), (2, feed_store.NewFeed(moved, "Old"))],
                           plan)
    assert report[1].endswith(" 1 of the new addresses gave no answer in time to be checked for redirects; the "
                              "poller checks it, and tells you if it leads to a feed already listed.")


async def test_a_feed_imported_with_the_name_of_another_is_named_in_the_report(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await feed_store.add_feed(admin_bot.db, "https://a.example/rss", "Fresh Wire & Co", None, ADMIN_ID,
                              admin_bot.clock.now())
    reply = await _send(sandbox_client, _opml([("https://b.example/rss", "fresh wire & co"),
                                               ("https://c.example/rss", "Desk"), ("https://d.example/rss", "Desk"),
                                               ("https://e.example/rss", "Other")]), "feeds.opml")
    assert reply.endswith("Named like another feed (in /feeds and under their stories the two look alike; /editfeed N "
                          "name=… renames one)\n#2 fresh wire & co, as #1\n#4 Desk, as #3")


def test_one_paused_feed_added_is_named_with_its_resumefeed() -> None:
    report = import_report("news.opml", [(3, feed_store.NewFeed("https://a.example/rss", "Desk", None, paused=True))],
                           plan_import([OpmlFeed("https://a.example/rss", "Desk", paused=True)], []))
    assert report[1] == ("I'll poll it within a minute; /feeds shows how it is doing, and why, should it fail. It is "
                         "paused, as the file says (/resumefeed 3).")
