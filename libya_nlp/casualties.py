"""Casualty attributes of a CASUALTY span: kind, value, approximate, and whose people they are.

Value and approximation come from :mod:`libya_nlp.numbers` (``على الأقل`` after the span counts).
The kind comes from the nearest cue word: first those before the span back to the previous
number (the leftmost of them, so ``مقتل وإصابة 45`` is killed, the first listed kind), then
inside the span (``27 جثة``), then just after it (``8 قتلى``). The actor is the ACTOR that
follows the span through ``من``/``في صفوف``/a ``ل`` clitic, or that directly follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from libya_nlp.numbers import find_numbers, parse_number
from libya_nlp.text.normalize import normalize
from libya_nlp.text.words import Segment, split_words

CUES = {
    "killed": ("مقتل", "قتل", "قتلى", "قتلي", "قتيل", "قتيلا", "قتيلين", "قتيلان", "مصرع", "استشهاد", "شهيد", "شهيدا", "شهداء",
               "جثه", "جثث", "جثمان", "جثامين", "حتفه", "حتفهم", "وفاه", "مات", "ماتوا", "لقوا", "لقي", "يقتل", "قتلت", "قتلوا",
               "ضحايا", "ضحيه", "اعدام", "اعدم", "اغتيال", "حياه", "غرق", "غرقوا", "وفيات", "موتي", "مصرعهم"),
    "wounded": ("اصابه", "اصابات", "اصيب", "اصيبوا", "جرح", "جرحي", "جريح", "جريحا", "جريحين", "مصاب", "مصابين", "مصابا", "اصابتهم"),
    "captured": ("اسر", "اسرت", "اسري", "اسير", "اسيرا", "اسرى", "اعتقال", "اعتقل", "اعتقلت", "القبض", "احتجاز", "احتجز",
                 "خطف", "اختطاف", "اختطف", "مختطفين", "مخطوفين", "رهائن", "رهينه", "استسلام", "استسلم", "معتقلين", "محتجزين"),
}
PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
OWNER_LINKS = ("من", "صفوف", "عناصر", "افراد", "مقاتلي", "جنود")
AFTER_WINDOW = 3
OWNER_WINDOW = 4


@dataclass(frozen=True)
class CasualtyAttributes:
    """Computed attributes of one CASUALTY span."""

    kind: str | None
    value: int | None
    approximate: bool | None
    actor: int | None


def _stem(word: str) -> str:
    key = normalize(word).text
    for prefix in PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= 3:
            return key[len(prefix):]
    return key


def _kind_of(word: str) -> str | None:
    key, stem = normalize(word).text, _stem(word)
    for kind, cues in CUES.items():
        if key in cues or stem in cues:
            return kind
    return None


def _kind(words: Sequence[Segment], start: int, end: int) -> str | None:
    before = [w for w in words if w.end <= start]
    previous_number = max((i for i, w in enumerate(before) if parse_number(w.text)), default=-1)
    for word in before[previous_number + 1:]:
        if kind := _kind_of(word.text):
            return kind
    for word in [w for w in words if w.start >= start and w.end <= end] + [w for w in words if w.start >= end][:AFTER_WINDOW]:
        if kind := _kind_of(word.text):
            return kind
    return None


def _owner(text: str, words: Sequence[Segment], end: int, actors: Sequence[tuple[int, int, int]]) -> int | None:
    following = [w for w in words if w.start >= end][:OWNER_WINDOW]
    for index, actor_start, _ in actors:
        if actor_start < end or not following or actor_start > following[-1].start:
            continue
        between = [w for w in following if w.end <= actor_start]
        if not between or all(_stem(w.text) in OWNER_LINKS or normalize(w.text).text in OWNER_LINKS for w in between):
            return index
        if text[actor_start] == "ل" and len(between) <= 1:
            return index
    return None


def casualty_attributes(text: str, start: int, end: int, actors: Sequence[tuple[int, int, int]] = ()) -> CasualtyAttributes:
    """Attributes of the CASUALTY ``text[start:end]``; ``actors`` are (entity index, start, end) of ACTOR spans."""
    words = split_words(text)
    numbers = find_numbers(text[start:end])
    value = numbers[0].value if numbers else None
    approximate = numbers[0].approximate if numbers else None
    if numbers and not approximate:
        following = normalize(text[end:end + 16]).text.strip()
        approximate = following.startswith("علي الاقل")
    return CasualtyAttributes(_kind(words, start, end), value, approximate, _owner(text, words, end, actors))
