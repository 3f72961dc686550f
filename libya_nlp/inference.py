"""Batched inference over windows: word tags for the tagger, label probabilities for classifiers.

All windows of all inputs are sorted by length and batched, run under ``torch.inference_mode``,
then scattered back. A word takes its prediction from the window where it has most context; a
classified text averages the probabilities of its windows. Nothing is truncated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from libya_nlp.features import text_windows, word_windows
from libya_nlp.modeling import LoadedModel
from libya_nlp.text.words import Segment
from libya_nlp.windows import SpecialTokens, best_window_for


@dataclass(frozen=True)
class WordPrediction:
    """The tag of one word and its probability."""

    word: Segment
    tag: str
    score: float


def _run_batches(loaded: LoadedModel, sequences: list[list[int]], batch_size: int, progress: Any | None = None) -> list[np.ndarray]:
    """Softmax outputs for each id sequence (per token for taggers, per sequence for classifiers).

    ``progress`` is a tqdm-like bar: its total grows by the number of windows, and it advances per batch.
    """
    import torch

    if progress is not None:
        progress.total = (progress.total or 0) + len(sequences)
        progress.refresh()
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    outputs: list[np.ndarray | None] = [None] * len(sequences)
    pad = loaded.tokenizer.pad_token_id or 0
    device = next(loaded.model.parameters()).device
    with torch.inference_mode():
        for begin in range(0, len(order), batch_size):
            batch = order[begin:begin + batch_size]
            width = max(len(sequences[i]) for i in batch)
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                ids[row, :len(sequences[i])] = torch.tensor(sequences[i])
                mask[row, :len(sequences[i])] = 1
            logits = loaded.model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits
            probs = torch.softmax(logits.float(), dim=-1).cpu().numpy()
            for row, i in enumerate(batch):
                outputs[i] = probs[row, :len(sequences[i])] if probs.ndim == 3 else probs[row]
            if progress is not None:
                progress.update(len(batch))
    return outputs  # type: ignore[return-value]


def predict_word_tags(loaded: LoadedModel, texts: Sequence[str], batch_size: int = 32, progress: Any | None = None) -> list[list[WordPrediction]]:
    """Tag every word of each text (offsets index that text)."""
    max_length, stride = loaded.meta["max_length"], loaded.meta["stride"]
    special = SpecialTokens.of(loaded.tokenizer)
    plans = [word_windows(loaded.tokenizer, text, max_length, stride, special) for text in texts]
    sequences: list[list[int]] = []
    owners: list[tuple[int, int]] = []
    for text_index, (_, tokenized, _, windows) in enumerate(plans):
        for window_index, window in enumerate(windows):
            sequences.append(special.wrap(tokenized.ids[window.start:window.end]))
            owners.append((text_index, window_index))
    probabilities = _run_batches(loaded, sequences, batch_size, progress)
    by_window = {owner: probs for owner, probs in zip(owners, probabilities)}
    labels = loaded.labels
    results: list[list[WordPrediction]] = []
    for text_index, (words, _, first, windows) in enumerate(plans):
        predictions = []
        for word, token in zip(words, first):
            if token is None:  # no token covers the word (e.g. a lone mark): kept, tagged O
                predictions.append(WordPrediction(word, "O", 1.0))
                continue
            window_index = best_window_for(token, windows)
            row = by_window[(text_index, window_index)][len(special.prefix) + token - windows[window_index].start]
            best = int(row.argmax())
            predictions.append(WordPrediction(word, labels[best], float(row[best])))
        results.append(predictions)
    return results


def predict_label_probabilities(loaded: LoadedModel, texts: Sequence[str], batch_size: int = 32, progress: Any | None = None) -> np.ndarray:
    """Probability of every label for each text, shape ``(len(texts), len(labels))``."""
    max_length, stride = loaded.meta["max_length"], loaded.meta["stride"]
    special = SpecialTokens.of(loaded.tokenizer)
    sequences: list[list[int]] = []
    owners: list[int] = []
    for text_index, text in enumerate(texts):
        for window_ids in text_windows(loaded.tokenizer, text, max_length, stride, special):
            sequences.append(window_ids)
            owners.append(text_index)
    probabilities = _run_batches(loaded, sequences, batch_size, progress)
    result = np.zeros((len(texts), len(loaded.labels)))
    counts = np.zeros(len(texts))
    for owner, probs in zip(owners, probabilities):
        result[owner] += probs
        counts[owner] += 1
    return result / np.maximum(counts, 1)[:, None]
