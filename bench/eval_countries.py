"""Country tagging against Reuters-21578 PLACES labels: ours vs two baselines, on the held-out quarter.

    python -m bench.eval_countries

Ours: `about(tag_countries(title, body))`. Baselines: "always USA", and the naive "any country name
mentioned" (a case-insensitive whole-word search for every country's English name and its common aliases
such as U.S., UK, Britain; no demonyms, cities, datelines or context). Held-out = NEWID divisible by 4; bench.train_countries fitted the weights and the
threshold on the other three quarters only.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

from bench.common import DATA
from bench.reuters_places import REUTERS_FILE, Story, load_stories, micro_f1
from news.countries import ABOUT_THRESHOLD, COUNTRIES, about, tag_countries
from news.gazetteer_tables import EXTRA_NAMES

TARGET_F1 = 0.90


def _naive_names() -> dict[str, str]:
    names = {c.name.lower(): c.code for c in COUNTRIES}
    for code, extra in EXTRA_NAMES.items():
        names.update((name.lower(), code) for name in extra)
    return names


def _naive_tagger(names: dict[str, str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)


def _row(label: str, scores: tuple[float, float, float]) -> str:
    precision, recall, f1 = scores
    return f"| {label} | {precision:.3f} | {recall:.3f} | {f1:.3f} |"


def evaluate(data_dir: Path) -> str:
    if not (data_dir / REUTERS_FILE).exists():
        return f"## Countries (Reuters-21578 PLACES)\n\nSKIPPED: {data_dir / REUTERS_FILE} is absent.\n"
    stories = load_stories(data_dir)
    held_out = [s for s in stories if s.held_out]
    tune = [s for s in stories if not s.held_out]
    by_name = _naive_names()
    naive = _naive_tagger(by_name)

    def ours(batch: list[Story]) -> list[set[str]]:
        return [{s.code for s in about(tag_countries(story.title, story.body))} for story in batch]

    started = time.perf_counter()
    predicted = ours(held_out)
    per_second = len(held_out) / (time.perf_counter() - started)
    gold = [s.places for s in held_out]
    ours_scores = micro_f1(predicted, gold)
    naive_scores = micro_f1([{by_name[m.lower()] for m in naive.findall(s.title + "\n" + s.body)}
                             for s in held_out], gold)
    usa_scores = micro_f1([{"US"} for _ in held_out], gold)
    tune_scores = micro_f1(ours(tune), [s.places for s in tune])
    labelled = [(p, g) for p, g in zip(predicted, gold) if g]
    labelled_scores = micro_f1([p for p, _ in labelled], [g for _, g in labelled])
    verdict = "PASS" if ours_scores[2] >= TARGET_F1 else "FAIL"
    return "\n".join([
        "## Countries (Reuters-21578 PLACES, micro-averaged)",
        "",
        f"Held-out: {len(held_out)} stories with NEWID % 4 == 0; weights and threshold ({ABOUT_THRESHOLD}) "
        f"were fitted on the other {len(tune)}. Labels mapped to ISO codes (ussr → RU, west-germany → DE, …).",
        "",
        "| tagger | precision | recall | F1 |",
        "|---|---|---|---|",
        _row("ours, held-out", ours_scores),
        _row(f"ours, held-out stories with ≥1 label ({len(labelled)})", labelled_scores),
        _row("ours, tune part (for reference)", tune_scores),
        _row("baseline: any country name or alias mentioned", naive_scores),
        _row("baseline: always USA", usa_scores),
        "",
        f"{verdict}: F1 {ours_scores[2]:.3f} vs target {TARGET_F1}. "
        f"Speed: {per_second:,.0f} stories/s for tag_countries+about on one core.",
        "",
    ])


if __name__ == "__main__":
    print(evaluate(DATA))
