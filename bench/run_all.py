"""Run every benchmark, one after another: `make bench` (or `python -m bench.run_all`).

Each benchmark prints its own ratios against a baseline measured in the same run.
"""
from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ["bench.ingest", "bench.digest", "bench.delivery", "bench.feeds"]


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        if subprocess.run([sys.executable, "-m", module]).returncode != 0:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
