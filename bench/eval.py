"""Run every evaluation and write bench/EVAL.md.

    python -m bench.eval   (or: make eval)

Each bench/eval_*.py module exposes `evaluate(data_dir: Path) -> str`, a markdown section. They read
the team's shared data in ../shared/data; without it nothing is measured and this exits 0 saying so.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from bench.common import DATA

BENCH = Path(__file__).resolve().parent
REPORT = BENCH / "EVAL.md"


def evaluation_modules() -> list[str]:
    return sorted(
        f"bench.{info.name}" for info in pkgutil.iter_modules([str(BENCH)]) if info.name.startswith("eval_")
    )


def main() -> int:
    if not DATA.is_dir():
        print(f"SKIPPED: {DATA} is not here; evaluations read the team's shared data in ../shared/data. "
              "Nothing was measured.")
        return 0
    sections = []
    for name in evaluation_modules():
        start = time.perf_counter()
        section = importlib.import_module(name).evaluate(DATA).rstrip()
        seconds = time.perf_counter() - start
        sections.append(f"{section}\n\n_{name} ran in {seconds:.0f} s._")
        print(sections[-1], end="\n\n", flush=True)
    header = "# Evaluation\n\nWritten by `python -m bench.eval` from the data in ../shared/data.\n"
    REPORT.write_text("\n\n".join([header, *sections]) + "\n", encoding="utf-8")
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
