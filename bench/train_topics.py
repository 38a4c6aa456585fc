"""Train the bundled topic classifier and write news/data/topic_model.json.gz.

    .venv/bin/pip install -e ".[eval]" && python -m bench.train_topics

Data: the training parts of AG News half_a and BBC News (see bench.topic_data for the split), so
bench.eval_topics reports on documents the model never saw. Classes are the topics these datasets label:
world (AG World), sport, business, technology (AG Sci/Tech, BBC tech), politics and entertainment (BBC).
The other topics come from the keyword layer in news.topic_lexicon. Deterministic: fixed data order, lbfgs.
"""
from __future__ import annotations

import gzip
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bench.common import DATA
from bench.topic_data import AG_FILE, BBC_FILE, load_ag, load_bbc
from news.topic_model import MODEL_PATH, document_ngrams

MIN_DOCUMENTS = 3  # an n-gram must occur in this many training documents to be kept
C = 10.0  # inverse regularisation strength; 5–20 all give the same held-out accuracy within 1 point


def main() -> None:
    for name in (AG_FILE, BBC_FILE):
        if not (DATA / name).exists():
            sys.exit(f"{DATA / name} is absent: training reads the team's shared data in ../shared/data")
    train = [d for d in load_ag(DATA) + load_bbc(DATA) if not d.held_out]
    vectorizer = TfidfVectorizer(analyzer=lambda grams: grams, min_df=MIN_DOCUMENTS, sublinear_tf=True)
    x = vectorizer.fit_transform([document_ngrams(d.title, d.body) for d in train])
    model = LogisticRegression(C=C, max_iter=5000).fit(x, [d.topic for d in train])
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    payload = {
        "classes": [str(c) for c in model.classes_],
        "vocabulary": vocabulary,
        "idf": [round(float(v), 4) for v in vectorizer.idf_],
        "weights": [[round(float(w), 3) for w in row] for row in model.coef_],
        "bias": [round(float(b), 4) for b in model.intercept_],
        "trained_on": f"{len(train)} documents: training parts of {AG_FILE} and {BBC_FILE}",
    }
    encoded = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    with open(MODEL_PATH, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write(encoded)  # mtime=0: the same data gives the same bytes, so git sees no spurious change
    print(f"wrote {MODEL_PATH}: {len(vocabulary)} n-grams, classes {payload['classes']}")


if __name__ == "__main__":
    main()
