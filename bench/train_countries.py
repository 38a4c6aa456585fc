"""Fit the country-salience weights and the "about" threshold on Reuters-21578, write news/data/country_salience.json.

    .venv/bin/pip install -e ".[eval]" && python -m bench.train_countries

Only the tune part of the training file is used (NEWID not divisible by 4; see bench.reuters_places), so
bench.eval_countries can report on the held-out quarter. A candidate is every country the matcher finds
in a story (or its dateline names); it is positive when Reuters lists it in PLACES. Each story is used
three times: as it ran, without its dateline, and cut to title plus lead (see `variants`). The threshold is
the one that maximises micro-F1 over all three. The fit is deterministic (lbfgs, fixed data order).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.linear_model import LogisticRegression

from bench.common import DATA
from bench.reuters_places import REUTERS_FILE, Story, load_stories, micro_f1
from news.mentions import find_mentions
from news.salience import FEATURES, MODEL_PATH, SalienceModel, feature_rows

THRESHOLDS = [t / 100 for t in range(20, 81, 2)]


FEED_LEAD_CHARS = 250  # a feed item is a title plus a description about this long


def candidates(title: str, body: str) -> dict[str, tuple[float, ...]]:
    dateline_code, story_start, mentions = find_mentions(title, body)
    return feature_rows(mentions, dateline_code, story_start, len(body))


def variants(story: Story) -> list[tuple[str, str]]:
    """The wire story as it ran, and as a feed would carry it: without the dateline, and title plus lead.

    Readers' news mostly comes from feeds with no dateline, so the weights must not lean on it alone.
    """
    _, story_start, _ = find_mentions("", story.body)
    text = story.body[story_start:]
    return [(story.title, story.body), (story.title, text), (story.title, text[:FEED_LEAD_CHARS])]


def fit(stories: list[Story]) -> SalienceModel:
    examples = [(s, candidates(title, body)) for s in stories for title, body in variants(s)]
    rows = [per_story for _, per_story in examples]
    gold = [s.places for s, _ in examples]
    x = [row for per_story in rows for row in per_story.values()]
    y = [code in places for places, per_story in zip(gold, rows) for code in per_story]
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    weights = tuple(round(float(w), 4) for w in model.coef_[0])
    bias = round(float(model.intercept_[0]), 4)

    def f1_at(threshold: float) -> float:
        scorer = SalienceModel(weights, bias, threshold)
        predicted = [{c for c, r in per.items() if scorer.score(r) >= threshold} for per in rows]
        return micro_f1(predicted, gold)[2]

    best = max(THRESHOLDS, key=f1_at)
    return SalienceModel(weights, bias, best)


def main() -> None:
    if not (DATA / REUTERS_FILE).exists():
        sys.exit(f"{DATA / REUTERS_FILE} is absent: training reads the team's shared data in ../shared/data")
    tune = [s for s in load_stories(DATA) if not s.held_out]
    model = fit(tune)
    payload = {
        "features": list(FEATURES), "weights": list(model.weights), "bias": model.bias,
        "threshold": model.threshold,
        "trained_on": f"{REUTERS_FILE}, {len(tune)} stories with NEWID % 4 != 0 (held-out: NEWID % 4 == 0)",
    }
    Path(MODEL_PATH).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}: threshold {model.threshold}, weights {dict(zip(FEATURES, model.weights))}")


if __name__ == "__main__":
    main()
