"""Migrations: applied once from an empty file, re-runs are no-ops, failures roll back, newer files are refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from storage import SchemaTooNewError, open_database
from storage.db import Migration, bundled_migrations


async def test_empty_file_gets_every_table(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "fresh.db")
    try:
        tables = {r[0] for r in await db.fetchall("select name from sqlite_master where type in ('table')")}
        assert {"articles", "article_countries", "article_topics", "chats", "subscriptions", "outbox"} <= tables
        assert await db.schema_version() == bundled_migrations()[-1].version
        journal = await db.fetchone("pragma journal_mode")
        assert journal[0] == "wal"
        assert (await db.fetchone("pragma foreign_keys"))[0] == 1
    finally:
        await db.close()


async def test_reopening_applies_nothing_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    db = await open_database(path)
    await db.execute(
        "insert into admins (user_id, added_at) values (?, ?)", (42, "2026-11-25T06:00:00.000000+00:00")
    )
    await db.close()
    db = await open_database(path)
    try:
        rows = await db.fetchall("select version from schema_version")
        assert len(rows) == len(bundled_migrations())
        assert (await db.fetchone("select user_id from admins"))[0] == 42
    finally:
        await db.close()


async def test_failing_migration_rolls_back_and_stays_pending(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    good = bundled_migrations()
    broken = Migration(999, "999_broken.sql", "create table half_done (id integer);\ninsert into nowhere values (1);")
    with pytest.raises(Exception, match="nowhere"):
        await open_database(path, good + [broken])
    db = await open_database(path)
    try:
        assert await db.schema_version() == good[-1].version
        names = {r[0] for r in await db.fetchall("select name from sqlite_master")}
        assert "half_done" not in names
    finally:
        await db.close()


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    db = await open_database(path)
    await db.execute(
        "insert into schema_version (version, name, applied_at) values (9999, '9999_future.sql', 'x')"
    )
    await db.close()
    with pytest.raises(SchemaTooNewError, match="9999"):
        await open_database(path)


async def test_a_migration_numbered_below_the_newest_applied_one_is_still_applied(tmp_path: Path) -> None:
    """265 landed after 280: a database that had 280 already must still get 265's column."""
    path = tmp_path / "out_of_order.db"
    without_265 = [m for m in bundled_migrations() if m.version != 265]
    await (await open_database(path, without_265)).close()
    db = await open_database(path)
    try:
        assert 265 in {row[0] for row in await db.fetchall("select version from schema_version")}
        columns = {row[1] for row in await db.fetchall("pragma table_info(chats)")}
        assert "topic_closed_told" in columns
    finally:
        await db.close()
