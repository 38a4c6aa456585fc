"""Connecting, pragmas and numbered migrations.

Each migration file `NNN_name.sql` runs in one transaction together with the row that records it,
so a failing migration rolls back and stays pending. A database whose recorded version is newer
than the newest file here is refused: running old code on it could corrupt it.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

log = logging.getLogger(__name__)
T = TypeVar("T")

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class StorageError(Exception):
    """Base class for storage failures."""


class SchemaTooNewError(StorageError):
    """The database file was migrated by a newer version of newsdigest."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    folder = resources.files("storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StorageError(f"two migrations share a number: {versions}")
    return found


class Database:
    """One aiosqlite connection with a transaction helper.

    aiosqlite runs every statement on one worker thread, so statements never interleave; but the
    connection has one transaction at a time, which every task using it would share. So `atomic()`
    holds an asyncio lock for its whole transaction, and the statements of other tasks (handlers, the
    feed poller, the outbox sender) wait for it: a write never slips into another task's transaction,
    where that task's rollback would take it along, and a read never sees what may yet be rolled back.
    The task holding the transaction reads and writes through these methods freely.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._tx_lock = asyncio.Lock()
        self._tx_task: asyncio.Task[Any] | None = None  # the task whose atomic() transaction is open

    @contextlib.asynccontextmanager
    async def atomic(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._tx_lock:
            self._tx_task = asyncio.current_task()
            try:
                try:
                    await self.conn._execute(_begin, self.conn._conn)
                except BaseException:
                    # Cancelled while the BEGIN waited: it runs anyway; end what it opens at once, so
                    # the file is not left write-locked (other processes) until the next transaction.
                    await asyncio.shield(self.conn._execute(_end_left_open, self.conn._conn))
                    raise
                try:
                    yield self.conn
                except BaseException:
                    await self.conn.rollback()
                    raise
                else:
                    await self.conn.commit()
            finally:
                self._tx_task = None

    def _in_own_transaction(self) -> bool:
        return self._tx_task is not None and self._tx_task is asyncio.current_task()

    @contextlib.asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        """Wait for another task's open transaction to end; at once inside this task's own."""
        if self._in_own_transaction():
            yield
        else:
            async with self._tx_lock:
                yield

    async def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(sqlite3_connection, *args)` on aiosqlite's worker thread, as one transaction.

        A write of many statements (an article with its tags) then costs one thread hop instead of
        one per statement, which is most of the ingest cost. It uses aiosqlite's `_execute`, the
        function its own methods use; the pinned aiosqlite range keeps it there.
        """

        def in_transaction(conn: sqlite3.Connection) -> T:
            _begin(conn)
            try:
                result = fn(conn, *args)
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
            return result

        async with self._tx_lock:
            return await self.conn._execute(in_transaction, self.conn._conn)

    async def fetchall(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[aiosqlite.Row]:
        async with self._turn(), self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> aiosqlite.Row | None:
        async with self._turn(), self.conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> int:
        """Run one write in its own transaction (or in this task's open atomic() one); returns lastrowid."""
        if self._in_own_transaction():
            cursor = await self.conn.execute(sql, params)
            return cursor.lastrowid or 0
        async with self.atomic() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.lastrowid or 0

    async def schema_version(self) -> int:
        row = await self.fetchone("select coalesce(max(version), 0) from schema_version")
        return int(row[0]) if row else 0

    async def close(self) -> None:
        await self.conn.close()


def _begin(conn: sqlite3.Connection) -> None:
    """Open a write transaction, on aiosqlite's thread, ending any left open first (`_end_left_open`)."""
    _end_left_open(conn)
    conn.execute("begin immediate")


def _end_left_open(conn: sqlite3.Connection) -> None:
    """Roll back a transaction no task will end.

    Only the holder of the transaction lock begins one, so one open when the holder begins, or after
    its BEGIN was cancelled, belongs to a task cancelled while its BEGIN waited on aiosqlite's thread:
    the BEGIN ran anyway. Run on that thread, in queue order after the BEGIN, the check cannot miss it.
    """
    if conn.in_transaction:
        log.warning("rolling back a transaction left open by a cancelled task")
        conn.rollback()


async def open_database(path: Path | str, migrations: list[Migration] | None = None) -> Database:
    """Open (creating if needed) and migrate the database at `path`."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute("pragma journal_mode = wal")
    await conn.execute("pragma foreign_keys = on")
    await conn.execute("pragma synchronous = normal")
    await conn.execute("pragma busy_timeout = 5000")
    db = Database(conn, path)
    try:
        await migrate(db, bundled_migrations() if migrations is None else migrations)
    except BaseException:
        await conn.close()
        raise
    return db


async def migrate(db: Database, migrations: list[Migration]) -> list[int]:
    """Apply pending migrations in order; returns the versions applied (empty when up to date).

    Pending means not yet in schema_version, not only above its highest version: a migration numbered below
    one that is already in (branches merged in another order than they were numbered: 265 after 280) is still
    applied, where skipping it would leave a column missing for good."""
    await db.conn.execute(
        "create table if not exists schema_version ("
        " version integer primary key, name text not null, applied_at text not null)"
    )
    current = await db.schema_version()
    newest = migrations[-1].version if migrations else 0
    if current > newest:
        raise SchemaTooNewError(
            f"database {db.path} is at schema version {current}, but this newsdigest knows only up to "
            f"{newest}; upgrade newsdigest or point DATABASE_PATH at another file"
        )
    done = {row[0] for row in await db.fetchall("select version from schema_version")}
    applied = []
    for migration in migrations:
        if migration.version in done:
            continue
        async with db.atomic() as conn:
            # executescript would commit on its own; run statement by statement inside our transaction.
            for statement in _split_statements(migration.sql):
                await conn.execute(statement)
            await conn.execute(
                "insert into schema_version (version, name, applied_at) values (?, ?, ?)",
                (migration.version, migration.name, datetime.now(timezone.utc).isoformat()),
            )
        log.info("migration applied version=%s name=%s", migration.version, migration.name)
        applied.append(migration.version)
    return applied


def _split_statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (begin … end;) whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise StorageError(f"incomplete SQL statement at end of migration: {buffer.strip()[:80]}")
    return statements
