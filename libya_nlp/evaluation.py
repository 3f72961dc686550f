"""Metrics (seqeval for entities, scikit-learn for sentence labels) and the two baselines."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libya_nlp.corpus.bio import spans_to_bio
from libya_nlp.text.normalize import normalize
from libya_nlp.text.words import split_words


def entity_metrics(true_tags: Sequence[Sequence[str]], pred_tags: Sequence[Sequence[str]]) -> dict:
    """Entity-level precision/recall/F1, micro and per label (seqeval, strict IOB2)."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    report = classification_report(true_tags, pred_tags, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    per_label = {k: _rounded(v) for k, v in report.items() if k not in ("micro avg", "macro avg", "weighted avg")}
    return {"micro": _rounded(report["micro avg"]), "macro": _rounded(report["macro avg"]), "per_label": per_label}


def _rounded(scores: dict) -> dict:
    return {"precision": round(float(scores["precision"]), 4), "recall": round(float(scores["recall"]), 4),
            "f1": round(float(scores["f1-score"]), 4), "support": int(scores["support"])}


def tags_for(records: Sequence[dict], spans_of: Sequence[Sequence[dict]] | None = None) -> list[list[str]]:
    """Word BIO tags of each record, from its own entities or from ``spans_of[i]`` (predictions)."""
    return [spans_to_bio(r["text"], r["entities"] if spans_of is None else spans_of[i])[1] for i, r in enumerate(records)]


def classification_metrics(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1, per-class report and confusion matrix (rows: true, columns: predicted)."""
    from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score

    report = classification_report(y_true, y_pred, labels=list(labels), output_dict=True, zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=list(labels), average="macro", zero_division=0)), 4),
        "per_class": {label: _rounded(report[label]) for label in labels},
        "labels": list(labels),
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=list(labels)).tolist(),
    }


def save_confusion_png(metrics: dict, path: str | Path, title: str) -> Path:
    """Draw ``metrics['confusion_matrix']`` as a PNG with counts in the cells."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = metrics["labels"], metrics["confusion_matrix"]
    figure, axes = plt.subplots(figsize=(1.1 * len(labels) + 2.5, 1.0 * len(labels) + 2))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=40, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title(title)
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            axes.text(j, i, str(count), ha="center", va="center", color="white" if count > peak / 2 else "black")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return Path(path)


class LexiconTagger:
    """Baseline: exact match of the training split's entity strings, longest first, after normalization."""

    def __init__(self, records: Sequence[dict]):
        counts: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for record in records:
            for entity in record["entities"]:
                key = self._key(record["text"], entity["start"], entity["end"])
                if key:
                    counts[key][entity["label"]] += 1
        self.lexicon = {key: c.most_common(1)[0][0] for key, c in counts.items()}
        self.longest = max((len(k) for k in self.lexicon), default=0)

    @staticmethod
    def _key(text: str, start: int, end: int) -> tuple[str, ...]:
        return tuple(normalize(w.text).text for w in split_words(text, start, end))

    def knows(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (compared as the lexicon compares) is one of the train split's entity strings."""
        return self._key(text, start, end) in self.lexicon

    def predict(self, text: str) -> list[dict]:
        """Spans found in ``text`` (offsets into ``text``)."""
        words = split_words(text)
        keys = [normalize(w.text).text for w in words]
        spans, i = [], 0
        while i < len(words):
            for length in range(min(self.longest, len(words) - i), 0, -1):
                label = self.lexicon.get(tuple(keys[i:i + length]))
                if label:
                    spans.append({"start": words[i].start, "end": words[i + length - 1].end, "label": label})
                    i += length
                    break
            else:
                i += 1
        return spans


@dataclass
class TfidfBaseline:
    """Character n-gram TF-IDF + logistic regression, with C chosen on dev macro-F1 (see :func:`fit_tfidf_baseline`)."""

    vectorizer: Any
    model: Any
    c: float

    def predict(self, texts: Sequence[str]) -> list[str]:
        return list(self.model.predict(self.vectorizer.transform(_normalized(texts))))


def _normalized(texts: Sequence[str]) -> list[str]:
    return [normalize(t).text for t in texts]


def fit_tfidf_baseline(train_texts: Sequence[str], train_labels: Sequence[str], dev_texts: Sequence[str],
                       dev_labels: Sequence[str]) -> TfidfBaseline:
    """Fit the baseline on train, trying C in (0.3, 1, 3, 10, 30) and keeping the best on dev macro-F1."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    train_x = vectorizer.fit_transform(_normalized(train_texts))
    dev_x = vectorizer.transform(_normalized(dev_texts))
    best: tuple[float, TfidfBaseline] | None = None
    for c in (0.3, 1.0, 3.0, 10.0, 30.0):
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(train_x, train_labels)
        score = f1_score(dev_labels, model.predict(dev_x), average="macro")
        if best is None or score > best[0]:
            best = (score, TfidfBaseline(vectorizer, model, c))
    assert best is not None
    return best[1]


def evaluate_tagger(loaded, records: Sequence[dict], batch_size: int = 32) -> tuple[dict, list[dict]]:
    """Score a tagger on records through the real inference path; returns (metrics, predictions)."""
    from libya_nlp.corpus.bio import bio_to_spans
    from libya_nlp.inference import predict_word_tags

    predicted = predict_word_tags(loaded, [r["text"] for r in records], batch_size)
    spans = [bio_to_spans([p.word for p in words], [p.tag for p in words]) for words in predicted]
    metrics = entity_metrics(tags_for(records), tags_for(records, spans))
    predictions = [{"id": r["id"], "text": r["text"], "gold": [_plain(e) for e in r["entities"]], "predicted": s}
                   for r, s in zip(records, spans)]
    return metrics, predictions


def _plain(entity: dict) -> dict:
    return {"start": entity["start"], "end": entity["end"], "label": entity["label"]}


def evaluate_classifier(loaded, records: Sequence[dict], field: str, batch_size: int = 32) -> tuple[dict, list[dict]]:
    """Score a sentence classifier on records' ``field``; returns (metrics, predictions with probabilities)."""
    from libya_nlp.inference import predict_label_probabilities

    probabilities = predict_label_probabilities(loaded, [r["text"] for r in records], batch_size)
    labels = loaded.labels
    predicted = [labels[int(row.argmax())] for row in probabilities]
    metrics = classification_metrics([r[field] for r in records], predicted, labels)
    predictions = [{"id": r["id"], "text": r["text"], "gold": r[field], "predicted": p,
                    "probabilities": {label: round(float(x), 4) for label, x in zip(labels, row)}}
                   for r, p, row in zip(records, predicted, probabilities)]
    return metrics, predictions
