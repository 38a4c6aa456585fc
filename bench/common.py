"""Shared helpers for benchmarks: where the public data is, what machine runs them, and timing."""
from __future__ import annotations

import gzip
import json
import os
import platform
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def require_data(name: str) -> Path:
    """The path of a shared data file, or exit with a clear message when ../shared/data is absent."""
    path = DATA / name
    if not path.exists():
        print(f"SKIPPED: {path} is not here (benchmarks read the team's shared data in ../shared/data).")
        sys.exit(0)
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def machine() -> str:
    """The CPU model and count, printed with absolute figures: they differ by machine, the ratios less."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), model)
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs"


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start
