"""Tokenization into overlapping windows, so that no input is ever truncated.

Text is tokenized once, without special tokens, keeping each token's character offsets. Windows
of at most ``max_length`` tokens (special tokens included) are then cut at word starts where
possible and overlap by ``stride`` words (tagger) or tokens (classifier).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from libya_nlp.text.words import Segment


@dataclass(frozen=True)
class Tokenized:
    """A text's token ids, their character offsets, and for each token the word it belongs to (or None)."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    word_of_token: list[int | None]


@dataclass(frozen=True)
class Window:
    """Tokens ``[start, end)`` of a :class:`Tokenized` text, fed to the model as one sequence."""

    start: int
    end: int


def tokenize(tokenizer, text: str, words: Sequence[Segment] = ()) -> Tokenized:
    """Tokenize ``text`` (offsets index ``text``) and map each token to the first word it overlaps."""
    encoding = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False)
    ids, offsets = list(encoding["input_ids"]), [tuple(o) for o in encoding["offset_mapping"]]
    word_of_token: list[int | None] = []
    w = 0
    for start, end in offsets:
        while w < len(words) and words[w].end <= start:
            w += 1
        overlaps = w < len(words) and words[w].start < max(end, start + 1) and start < words[w].end
        word_of_token.append(w if overlaps and end > start else None)
    return Tokenized(ids, offsets, word_of_token)


def first_token_of_words(tokenized: Tokenized, n_words: int) -> list[int | None]:
    """For each word, the index of its first token (None for a word no token covers)."""
    first: list[int | None] = [None] * n_words
    for t, w in enumerate(tokenized.word_of_token):
        if w is not None and first[w] is None:
            first[w] = t
    return first


def plan_windows(n_tokens: int, max_tokens: int, stride: int, starts: Sequence[int] | None = None) -> list[Window]:
    """Cut ``n_tokens`` into windows of at most ``max_tokens`` that overlap.

    ``starts`` lists the token indices where a window may begin or end (word starts); windows then
    overlap by ``stride`` of those units. Without ``starts`` every token is a unit. A single unit
    longer than ``max_tokens`` is cut inside, so every token is always covered.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    if n_tokens <= max_tokens:
        return [Window(0, n_tokens)] if n_tokens else []
    cuts = sorted(set(starts if starts is not None else range(n_tokens)) | {0}) + [n_tokens]
    windows: list[Window] = []
    first = 0  # index into cuts
    while True:
        start = cuts[first]
        last = first
        while last + 1 < len(cuts) and cuts[last + 1] - start <= max_tokens:
            last += 1
        if last == first:  # one unit longer than a window: cut it by tokens
            end = start + max_tokens
            windows.append(Window(start, end))
            cuts.insert(first + 1, end)
            first += 1
            continue
        end = cuts[last]
        windows.append(Window(start, end))
        if end >= n_tokens:
            return windows
        first = max(first + 1, last - stride)


def best_window_for(position: int, windows: Sequence[Window]) -> int:
    """The index of the window in which ``position`` lies farthest from an edge (most context)."""
    best, best_margin = 0, -1
    for i, window in enumerate(windows):
        if window.start <= position < window.end:
            margin = min(position - window.start, window.end - 1 - position)
            if margin > best_margin:
                best, best_margin = i, margin
    return best


@dataclass(frozen=True)
class SpecialTokens:
    """The ids a tokenizer puts before and after a single sequence (e.g. ``[CLS]`` … ``[SEP]``)."""

    prefix: tuple[int, ...]
    suffix: tuple[int, ...]

    @classmethod
    def of(cls, tokenizer) -> "SpecialTokens":
        """Find the wrapping by encoding a probe text with and without special tokens."""
        plain = tokenizer("x", add_special_tokens=False)["input_ids"]
        full = tokenizer("x", add_special_tokens=True)["input_ids"]
        for i in range(len(full) - len(plain) + 1):
            if full[i:i + len(plain)] == plain:
                return cls(tuple(full[:i]), tuple(full[i + len(plain):]))
        raise ValueError(f"cannot locate the text inside the tokenizer's special-token template {full}")

    @property
    def count(self) -> int:
        return len(self.prefix) + len(self.suffix)

    def wrap(self, ids: Sequence[int]) -> list[int]:
        """``ids`` with the special tokens around them."""
        return [*self.prefix, *ids, *self.suffix]
