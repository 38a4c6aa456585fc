"""Ingest speed for `make eval`: bench.ingest's run (full pipeline and storage against a bare SQLite
insert of the same rows, same run), so the one speed target is printed with the quality targets.

It runs as its own process, as `python -m bench.ingest` does, so its pinning to one CPU and its
memory do not touch the other evaluations.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5  # best of: this machine kind is noisy (a fixed loop varies by 1.7x from one second to the next)


def evaluate(data_dir: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--rounds", str(ROUNDS)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return "\n".join([
        "## Ingest speed (bench/ingest.py)",
        "",
        "Clean, tag countries and topics, summarise, fingerprint, cluster and store (SQLite with its search "
        "index), 50 articles per batch and transaction, on one pinned CPU; best of "
        f"{ROUNDS} rounds (other work on a shared machine only ever slows a round down).",
        "",
        "```",
        run.stdout.rstrip(),
        "```",
    ]) + "\n"
