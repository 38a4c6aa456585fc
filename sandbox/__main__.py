"""Run the sandbox alone: python -m sandbox --port 8081 [--lenient]."""
from __future__ import annotations

import argparse
import asyncio

from sandbox.server import start_sandbox


async def _main(port: int, strict: bool) -> None:
    running = await start_sandbox(port=port, strict_limits=strict)
    print(f"Telegram sandbox at {running.url} (Bot API base URL {running.url}, chat page {running.url}/)", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await running.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="A strict local Telegram Bot API server with a chat page.")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--lenient", action="store_true",
                        help="no flood limits (no 429): only to measure raw capacity; Telegram's are enforced otherwise")
    args = parser.parse_args()
    try:
        asyncio.run(_main(args.port, not args.lenient))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
