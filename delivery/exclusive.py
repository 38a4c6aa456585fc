"""One outbox sender per database.

A sender that starts requeues every row still 'sending' (a crash interrupted it), so a second sender
beside a live one (`python -m delivery` beside the running bot, or a second bot on the same file) would
send the first one's messages in flight twice, and double the rate Telegram sees. The first sender holds
an exclusive lock on a file beside the database; the kernel drops it when the process dies, however it
dies, so a crash never leaves a stale lock behind. Several senders at once need leases on claimed rows
and a shared limiter first.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class SenderRunningError(RuntimeError):
    """Another outbox sender runs on this database."""


class SenderLock:
    def __init__(self, database_path: Path) -> None:
        # The file itself, however it is named: a relative path, a symbolic link
        self.path = Path(f"{os.path.realpath(database_path)}.sender.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise SenderRunningError naming the process that holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                raise SenderRunningError(
                    f"another outbox sender is running on this database (process {holder}): the bot runs one, "
                    "and `python -m delivery` is one; stop it first, or point DATABASE_PATH at another file"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file gives up its lock
            self._fd = None
