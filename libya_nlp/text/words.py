"""Word splitting with character offsets into the original string.

A word is a maximal run of characters that are neither whitespace, punctuation nor bidi
control marks (the guidelines' definition). Clitics (و ف ب ل ك ال) stay attached, and a word
made only of combining marks (a stray shadda) is still a word: nothing is ever dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction marks (LRM, RLM, ALM, embeddings, isolates): invisible, never part of a word."""


@dataclass(frozen=True)
class Segment:
    """A piece of text (a word or a sentence) and its ``[start, end)`` offsets in the original string."""

    text: str
    start: int
    end: int


def is_word_char(char: str) -> bool:
    """True for characters that belong to words (letters, digits, marks, tatweel, ZWNJ/ZWJ)."""
    if char.isspace() or char in BIDI_CONTROLS:
        return False
    return not unicodedata.category(char).startswith("P")


def split_words(text: str, start: int = 0, end: int | None = None) -> list[Segment]:
    """Split ``text[start:end]`` into words whose offsets index ``text`` itself."""
    stop = len(text) if end is None else end
    words: list[Segment] = []
    i = start
    while i < stop:
        if not is_word_char(text[i]):
            i += 1
            continue
        j = i + 1
        while j < stop and is_word_char(text[j]):
            j += 1
        words.append(Segment(text[i:j], i, j))
        i = j
    return words
