"""Arabic normalization that keeps a map from every normalized character to the original.

Removes diacritics, tatweel, zero-width and bidi control characters; unifies alef/hamza
variants, alef maqsura and teh marbuta; turns Arabic-Indic and Persian digits into ASCII and
presentation forms (such as the ``ﻻ`` ligature) into their letters. The original string is never
modified: use :meth:`NormalizedText.original_span` to map a match back to the caller's offsets.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from libya_nlp.text.words import BIDI_CONTROLS

DIACRITICS = frozenset(chr(c) for c in list(range(0x064B, 0x0660)) + [0x0670, 0x06D6, 0x06D7, 0x06D8, 0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2, 0x06E3, 0x06E4, 0x06E7, 0x06E8, 0x06EA, 0x06EB, 0x06EC, 0x06ED])
REMOVED = DIACRITICS | BIDI_CONTROLS | frozenset("\u0640\u200b\u200c\u200d\ufeff\u00ad")
LETTER_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ي": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ک": "ك",
}
DIGIT_MAP = {chr(0x0660 + d): str(d) for d in range(10)} | {chr(0x06F0 + d): str(d) for d in range(10)}
PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@dataclass(frozen=True)
class NormalizedText:
    """A normalized string and, for each of its characters, the index of its source character."""

    original: str
    text: str
    to_original: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` (non-empty) to ``[start, end)`` in the original."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) is not a non-empty span of the {len(self.text)}-character normalized text")
        return self.to_original[start], self.to_original[end - 1] + 1


def _expand(char: str) -> str:
    code = ord(char)
    if any(low <= code <= high for low, high in PRESENTATION_RANGES):
        return unicodedata.normalize("NFKC", char)
    return char


def normalize_char(char: str) -> str:
    """Normalize one character; the result may be empty (removed) or longer (ligatures)."""
    out = []
    for piece in _expand(char):
        if piece in REMOVED:
            continue
        out.append(DIGIT_MAP.get(piece) or LETTER_MAP.get(piece) or piece)
    return "".join(out)


def normalize(text: str) -> NormalizedText:
    """Normalize ``text`` for matching, keeping the map back to ``text``'s offsets."""
    pieces: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        normalized = normalize_char(char)
        pieces.append(normalized)
        index.extend([i] * len(normalized))
    return NormalizedText(text, "".join(pieces), tuple(index))
