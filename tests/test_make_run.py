"""What a newcomer sees: `bot.py run` with no token starts the sandbox, loads samples, answers /morocco."""
from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from sandbox.client import SandboxClient

ROOT = Path(__file__).resolve().parent.parent
USER = 777000111


async def test_run_without_token_serves_the_sandbox_and_stops_cleanly(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SANDBOX_PORT": "0", "DATABASE_PATH": str(tmp_path / "run.db")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        match = re.search(r"Chat with it at (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        async with SandboxClient(match.group(1)) as client:
            await client.create_user(USER, "You")
            await client.send_message(USER, "/morocco", user_id=USER)
            [reply] = await client.wait_for_bot_messages(USER, count=1, timeout=20)
            await client.send_message(USER, "/search sample articles", user_id=USER)
            _, found = await client.wait_for_bot_messages(USER, count=2, timeout=20)
        assert "Pompeo" in reply["text"]
        assert "Morocco Flash 90" not in reply["text"]
        assert "Nothing found" in found["text"]  # samples/README.md describes the samples; it is no article
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
