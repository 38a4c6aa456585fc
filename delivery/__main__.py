"""Run only the outbox sender: `python -m delivery` (settings from the environment / .env).

For draining a queue while the bot is stopped, and for proving crash safety: kill it at any moment,
start it again, and every queued message is delivered (see delivery/engine.py for the one ambiguous
window). Not alongside a running bot: the bot runs its own sender, and a second one on the same
database is refused (delivery.exclusive).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from clock import SystemClock
from delivery.engine import DeliveryEngine
from delivery.exclusive import SenderRunningError
from delivery.sender import Sender
from settings import SettingsError, load_settings
from storage import open_database


async def _run(database: str | None) -> None:
    settings = load_settings()
    if database is not None:
        settings = settings.model_copy(update={"database_path": Path(database)})
    if settings.token is None:
        raise SettingsError("TELEGRAM_BOT_TOKEN: the delivery worker needs the bot's token")
    db = await open_database(settings.database_path)
    try:
        async with Sender(settings.telegram_api_base_url, settings.token, connections=settings.delivery_concurrency,
                          paid_broadcast=settings.paid_broadcast) as sender:
            engine = DeliveryEngine(
                db, sender, SystemClock(), global_rate=settings.global_rate_per_second,
                private_interval=settings.private_chat_interval, group_per_minute=settings.group_messages_per_minute,
                concurrency=settings.delivery_concurrency,
            )
            await engine.start()
            print("delivery worker running", flush=True)
            await asyncio.Event().wait()
    finally:
        await db.close()  # its thread would otherwise keep the process alive after an error


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m delivery", description="Run the outbox sender only.")
    parser.add_argument("--database", help="SQLite file (default: DATABASE_PATH)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_run(args.database))
    except (SettingsError, SenderRunningError) as e:
        print(e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
