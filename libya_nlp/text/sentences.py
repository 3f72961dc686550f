"""Sentence splitting with offsets into the original string.

Splits after ``. ! ? ؟ … ۔`` (and runs of them) when whitespace or the end follows, and at
every newline. Never splits inside numbers (``5.5``), abbreviations without a following space
(``U.S.``), or inside quotations (``«…»``, ``“…”``, ``"…"``); a quotation left open is closed
by the next newline so one stray quote cannot swallow a document.
"""

from __future__ import annotations

from libya_nlp.text.words import Segment

TERMINATORS = frozenset(".!?؟…۔")
OPENING_QUOTES = {"«": "»", "“": "”", "„": "”", "‹": "›"}
CLOSING_TRAILERS = frozenset("»”’\"')]›")
SYMMETRIC_QUOTE = '"'


def _trimmed(text: str, start: int, end: int) -> Segment | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(text[start:end], start, end) if start < end else None


def split_sentences(text: str) -> list[Segment]:
    """Split ``text`` into sentences; only whitespace lies between consecutive sentences."""
    boundaries: list[int] = []
    expected_closers: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            expected_closers.clear()
            boundaries.append(i)
        elif char in OPENING_QUOTES:
            expected_closers.append(OPENING_QUOTES[char])
        elif expected_closers and char == expected_closers[-1]:
            expected_closers.pop()
        elif char == SYMMETRIC_QUOTE:
            if SYMMETRIC_QUOTE in expected_closers:
                while expected_closers and expected_closers.pop() != SYMMETRIC_QUOTE:
                    pass
            else:
                expected_closers.append(SYMMETRIC_QUOTE)
        elif char in TERMINATORS and not expected_closers:
            j = i + 1
            while j < n and text[j] in TERMINATORS:
                j += 1
            while j < n and text[j] in CLOSING_TRAILERS:
                j += 1
            if j == n or text[j].isspace():
                boundaries.append(j)
            i = j
            continue
        i += 1
    sentences: list[Segment] = []
    previous = 0
    for boundary in boundaries + [n]:
        segment = _trimmed(text, previous, boundary)
        if segment is not None:
            sentences.append(segment)
        previous = boundary
    return sentences
