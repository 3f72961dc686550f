"""Model inputs for training: windows with first-subword word labels (tagger) or a unit label (classifiers)."""

from __future__ import annotations

from collections.abc import Sequence

from libya_nlp.corpus.bio import spans_to_bio
from libya_nlp.text.words import split_words
from libya_nlp.windows import SpecialTokens, first_token_of_words, plan_windows, tokenize

IGNORE_INDEX = -100
"""Label of special tokens and of every subword but a word's first (ignored by the loss)."""


def word_windows(tokenizer, text: str, max_length: int, stride: int, special: SpecialTokens | None = None):
    """Tokenize ``text`` and plan windows cut at word starts; returns (words, tokenized, first-token map, windows)."""
    special = special or SpecialTokens.of(tokenizer)
    words = split_words(text)
    tokenized = tokenize(tokenizer, text, words)
    first = first_token_of_words(tokenized, len(words))
    starts = [t for t in first if t is not None]
    windows = plan_windows(len(tokenized.ids), max_length - special.count, stride, starts)
    return words, tokenized, first, windows


def tagger_features(records: Sequence[dict], tokenizer, label2id: dict[str, int], max_length: int, stride: int) -> dict[str, list]:
    """``input_ids``/``attention_mask``/``labels`` for every window of every record."""
    special = SpecialTokens.of(tokenizer)
    out: dict[str, list] = {"input_ids": [], "attention_mask": [], "labels": []}
    for record in records:
        words, tokenized, first, windows = word_windows(tokenizer, record["text"], max_length, stride, special)
        _, tags = spans_to_bio(record["text"], record["entities"], words)
        token_labels = [IGNORE_INDEX] * len(tokenized.ids)
        for word_index, token in enumerate(first):
            if token is not None:
                token_labels[token] = label2id[tags[word_index]]
        for window in windows:
            ids = special.wrap(tokenized.ids[window.start:window.end])
            labels = [IGNORE_INDEX] * len(special.prefix) + token_labels[window.start:window.end] + [IGNORE_INDEX] * len(special.suffix)
            out["input_ids"].append(ids)
            out["attention_mask"].append([1] * len(ids))
            out["labels"].append(labels)
    return out


def text_windows(tokenizer, text: str, max_length: int, stride: int, special: SpecialTokens) -> list[list[int]]:
    """The id sequences (special tokens included) of the overlapping windows of ``text``; at least one."""
    ids = tokenize(tokenizer, text).ids
    windows = plan_windows(len(ids), max_length - special.count, stride)
    return [special.wrap(ids[w.start:w.end]) for w in windows] or [special.wrap([])]


def classifier_features(records: Sequence[dict], tokenizer, field: str, label2id: dict[str, int], max_length: int, stride: int) -> dict[str, list]:
    """One example per window of each record's text, labelled with the record's ``field``."""
    special = SpecialTokens.of(tokenizer)
    out: dict[str, list] = {"input_ids": [], "attention_mask": [], "labels": []}
    for record in records:
        for window_ids in text_windows(tokenizer, record["text"], max_length, stride, special):
            out["input_ids"].append(window_ids)
            out["attention_mask"].append([1] * len(window_ids))
            out["labels"].append(label2id[record[field]])
    return out
