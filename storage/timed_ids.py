"""The id where a time-ordered table's rows reach a moment, found without a scan or an index on the time.

Articles and outbox rows get ids in the order they are written and are stamped with the injected clock's
time as they are, so their ids grow with `ingested_at` and `created_at`: the rows from a moment on are an
id range, which the primary key finds and counts at once (retention deletes below it; /stats counts above it).
"""
from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.timefmt import to_db

# Fixed identifiers only (never from input): the tables whose ids grow with the time in `column`.
_TIMED = {("articles", "ingested_at"), ("outbox", "created_at")}


def first_id_at_or_after(conn: sqlite3.Connection, *, table: str, column: str, moment: datetime) -> int:
    """The smallest id whose row's `column` is at or after `moment` (max id + 1 when none is), by a
    binary search over the ids: a few primary-key lookups instead of a scan or an index on the time."""
    assert (table, column) in _TIMED
    low, high = conn.execute(f"select coalesce(min(id), 0), coalesce(max(id), -1) + 1 from {table}").fetchone()
    threshold = to_db(moment)
    while low < high:  # invariant: rows below `low` are older, rows from `high` on are not
        middle = (low + high) // 2
        row = conn.execute(f"select id, {column} from {table} where id >= ? order by id limit 1", (middle,)).fetchone()
        if row[1] >= threshold:
            high = middle
        else:
            low = row[0] + 1
    return low
