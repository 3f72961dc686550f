"""Arabic number expressions: digits, cardinal words, duals, vague quantifiers and approximators.

Matching runs on normalized words (:func:`libya_nlp.text.normalize.normalize`), so spelling
variants (ة/ه, ى/ي, أ/ا, diacritics, tatweel, Arabic-Indic and Persian digits) need no tables of
their own, and every match covers whole words of the caller's string. One clitic prefix
(و ف ب ل ك, or a pair such as وب، ول) may sit on the first word and stays inside the span.
Words of one expression must be separated by whitespace only: punctuation ends an expression.

Decisions and limits:

- Digits grouped by ``,`` or ``٬`` (``1,200``) are thousands. Anything with a decimal point
  (``5.5``, ``1.200``, ``٣٫٥``) or a malformed grouping (``1,5``) is not a count and is skipped.
- Cardinal words cover 1..999,999; millions are not handled (``3 ملايين`` gives 3).
- Definite cardinals (الثلاثة، العشرين) are not matched: after ال they are mostly ordinals
  (القرن العشرين) or back-references. Only the vague quantifiers take ال (العشرات، الآلاف).
- أحد/إحدى and اثنا/اثني/اثنتا/اثنتي count only inside compounds (أحد عشر، أحد وعشرون), so
  ``أحد عناصر`` and ``الأحد`` are not numbers; ``وأحد`` written with its hamza is و + أحد.
- Ordinals are never matched, and a number word right after an ordinal (التاسع عشر) is skipped.
- ست، سبع، خمس، تسع، عشر، ألف، عدة standing alone are rejected before a definite word
  (ست البيت، خمس السكان، ألّف الحكومة، عدّه البعض): there they are "lady", "lion", a fraction or
  a verb. Before an indefinite noun (ست سنوات) or at the end they are numbers.
- A noun ending in ين/ان is a dual (value 2) only if listed in :data:`DUALS`, whose plurals have
  other shapes (قتيلين yes, مدنيين or مسلحين no). A following اثنين/اثنان joins the match.
- Vague quantifiers are approximate with ACLED-style floor values: بضع/بضعة/عدة 3, عشرات 10,
  مئات 100, آلاف/ألوف 1000; a larger one after them multiplies (عشرات الآلاف = 10000).
- Approximators before the number (نحو، أكثر من ...) are inside the span. ``على الأقل`` right
  before the number, or after it (optionally after one counted noun), makes it approximate but
  stays outside the span.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from libya_nlp.text.normalize import normalize, normalize_char
from libya_nlp.text.words import split_words


def _norm(words: str) -> list[str]:
    return normalize(words).text.split()


def _table(spec: dict[int, str]) -> dict[str, int]:
    return {word: value for value, words in spec.items() for word in _norm(words)}


UNITS = _table({
    1: "واحد واحدة", 2: "اثنان اثنين اثنتان اثنتين", 3: "ثلاث ثلاثة", 4: "أربع أربعة",
    5: "خمس خمسة", 6: "ست ستة", 7: "سبع سبعة", 8: "ثمان ثماني ثمانية", 9: "تسع تسعة", 10: "عشر عشرة",
})
"""Cardinals that stand alone (1..10)."""
COMPOUND_UNITS = {word: value for word, value in UNITS.items() if value < 10} | _table({
    1: "أحد إحدى", 2: "اثنا اثني اثنتا اثنتي",
})
"""Units that open a teen (ثلاثة عشر) or a unit-and-tens compound (خمسة وعشرون)."""
TEN = _table({10: "عشر عشرة"})
TENS = _table({
    20: "عشرون عشرين", 30: "ثلاثون ثلاثين", 40: "أربعون أربعين", 50: "خمسون خمسين",
    60: "ستون ستين", 70: "سبعون سبعين", 80: "ثمانون ثمانين", 90: "تسعون تسعين",
})
HUNDRED = _table({100: "مئة مائة"})
HUNDREDS = HUNDRED | _table({200: "مئتان مئتين مئتا مئتي مائتان مائتين مائتا مائتي"}) | {
    unit + hundred: value * 100
    for unit, value in UNITS.items() if 3 <= value <= 9 and not unit.endswith("ه")
    for hundred in HUNDRED
}
"""One-word hundreds, including the joined ثلاثمئة .. تسعمائة."""
THOUSANDS = _table({1000: "ألف ألفا", 2000: "ألفان ألفين ألفي"})
"""Thousands that need no count before them."""
SCALE = _table({1000: "ألف ألفا آلاف"})
"""Words that multiply a count before them by 1000 (ثلاثة آلاف، أحد عشر ألفا، 3 آلاف)."""
VAGUE = _table({3: "بضع بضعة عدة", 10: "عشرات", 100: "مئات مائات", 1000: "آلاف ألوف"})
VAGUE |= {"ال" + word: value for word, value in VAGUE.items() if value >= 10}
DUALS = frozenset(_norm(
    "قتيلين قتيلان جريحين جريحان جنديين جنديان شخصين شخصان طفلين طفلان عنصرين عنصران "
    "أسيرين أسيران رجلين رجلان امرأتين امرأتان ضابطين ضابطان"
))
"""Counted nouns whose dual cannot be read as a plural."""
TWO = frozenset(word for word, value in UNITS.items() if value == 2)
APPROXIMATORS = sorted((tuple(_norm(phrase)) for phrase in (
    "نحو", "قرابة", "حوالي", "زهاء", "أكثر من", "أقل من", "ما يقارب", "ما يقرب من", "ما يناهز",
    "ما يزيد عن", "ما يزيد على", "ما لا يقل عن",
)), key=len, reverse=True)
"""Phrases before a number that make it approximate and belong to the span (longest first)."""
AT_LEAST = tuple(_norm("على الأقل"))
AMBIGUOUS = frozenset(_norm("ست سبع خمس تسع عشر ألف عدة"))
"""Words that are not numbers when they stand alone before a definite word."""
ORDINALS = frozenset(_norm("حادي ثاني ثالث رابع خامس سادس سابع ثامن تاسع عاشر"))
NOT_NUMBERS = frozenset(_norm("لست وعده بعده"))
"""Whole words whose clitic reading (ل+ست، و+عدة، ب+عدة) is almost never meant."""
CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
DIGIT_JOINERS = frozenset(",٬.٫")
"""Characters that glue two digit runs into one token (thousands or decimals)."""
HAMZA_ALEF = frozenset("أإآ")
MAX_WORDS = 16


@dataclass(frozen=True)
class NumberMatch:
    """A number expression: its integer value and its span in the original string."""

    value: int
    approximate: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int
    waw_clitic: bool  # written و + hamza-alef (وأحد): the و can only be the conjunction


_Parse = tuple[int, int] | None
"""A parsed value and the index of the first word after it, or no parse."""


def _is_ascii_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _words(text: str) -> list[_Word]:
    """Normalized words with original offsets; digit runs glued by , ٬ . ٫ become one word."""
    words: list[_Word] = []
    for segment in split_words(text):
        norm = normalize(segment.text).text
        if not norm:
            continue
        last = words[-1] if words else None
        if (last and segment.start == last.end + 1 and text[last.end] in DIGIT_JOINERS
                and _is_ascii_digit(last.norm[-1]) and all(map(_is_ascii_digit, norm))):
            joiner = text[last.end].replace("٬", ",")
            words[-1] = _Word(last.norm + joiner + norm, last.start, segment.end, last.waw_clitic)
            continue
        letters = [char for char in segment.text if normalize_char(char)]
        waw_clitic = len(letters) > 1 and letters[0] == "و" and letters[1] in HAMZA_ALEF
        words.append(_Word(norm, segment.start, segment.end, waw_clitic))
    return words


def _is_blank(gap: str) -> bool:
    return all(char.isspace() or not normalize_char(char) for char in gap)


def _readings(word: str) -> list[str]:
    """``word`` itself, then ``word`` without each clitic prefix it may carry."""
    return [word] + [word[len(p):] for p in CLITICS if word.startswith(p) and len(word) > len(p)]


def _cores(word: _Word) -> list[str]:
    """Readings of the first word of a number."""
    if word.norm in NOT_NUMBERS:
        return []
    readings = _readings(word.norm)
    return readings[1:] if word.waw_clitic else readings


def _at(w: list[str], i: int, table: dict[str, int]) -> int | None:
    return table.get(w[i]) if i < len(w) else None


def _without_and(w: list[str], i: int) -> list[str] | None:
    """``w`` with the conjunction و taken off word ``i``, if that word starts with it."""
    if i < len(w) and len(w[i]) > 1 and w[i].startswith("و"):
        return w[:i] + [w[i][1:]] + w[i + 1:]
    return None


def _and_more(w: list[str], parsed: _Parse, parse_tail: Callable[[list[str], int], _Parse]) -> _Parse:
    """Extend ``parsed`` with ``و`` + whatever ``parse_tail`` reads after it."""
    if parsed is None:
        return None
    value, j = parsed
    rest = _without_and(w, j)
    tail = parse_tail(rest, j) if rest else None
    return (value + tail[0], tail[1]) if tail else parsed


def _tens_units(w: list[str], i: int) -> _Parse:
    """1..99: ثلاثة، ثلاثة عشر، خمسة وعشرون، عشرون."""
    unit = _at(w, i, COMPOUND_UNITS)
    if unit is not None:
        if _at(w, i + 1, TEN):
            return unit + 10, i + 2
        rest = _without_and(w, i + 1)
        tens = _at(rest, i + 1, TENS) if rest else None
        if tens:
            return unit + tens, i + 2
    for table in (TENS, UNITS):
        value = _at(w, i, table)
        if value:
            return value, i + 1
    return None


def _hundreds(w: list[str], i: int) -> _Parse:
    """100..900: مئة، مئتان، ثلاثمئة، ثلاث مئة."""
    value = _at(w, i, HUNDREDS)
    if value:
        return value, i + 1
    unit = _at(w, i, UNITS)
    if unit and 3 <= unit <= 9 and _at(w, i + 1, HUNDRED):
        return unit * 100, i + 2
    return None


def _below_thousand(w: list[str], i: int) -> _Parse:
    """1..999: hundreds, optionally و + tens and units, or tens and units alone."""
    hundreds = _hundreds(w, i)
    return _and_more(w, hundreds, _tens_units) if hundreds else _tens_units(w, i)


def _digits(word: str) -> int | None:
    return int(word.replace(",", "")) if DIGITS.fullmatch(word) else None


def _cardinal(w: list[str], i: int) -> _Parse:
    """An exact number: digits or words up to 999,999, with an optional thousands part."""
    count = _below_thousand(w, i)
    if count is None:
        digits = _digits(w[i])
        count = (digits, i + 1) if digits is not None else None
    if count and _at(w, count[1], SCALE):
        thousands: _Parse = (count[0] * 1000, count[1] + 1)
    elif count:
        return count
    else:
        value = _at(w, i, THOUSANDS)
        thousands = (value, i + 1) if value else None
    return _and_more(w, thousands, _below_thousand)


def _vague(w: list[str], i: int) -> _Parse:
    """بضعة، عشرات، مئات الآلاف ..."""
    value = _at(w, i, VAGUE)
    if value is None:
        return None
    scale = _at(w, i + 1, VAGUE)
    if scale in (10, 100, 1000) and scale > value:
        return value * scale, i + 2
    return value, i + 1


def _dual(w: list[str], i: int) -> _Parse:
    """قتيلين، جنديان اثنان ..."""
    if w[i] not in DUALS:
        return None
    return 2, i + 2 if i + 1 < len(w) and w[i + 1] in TWO else i + 1


def _quantity(w: list[str]) -> tuple[int, int, bool] | None:
    """The longest quantity at the start of ``w``: (words used, value, approximate)."""
    best = None
    for parse, approximate in ((_cardinal, False), (_vague, True), (_dual, False)):
        parsed = parse(w, 0)
        if parsed and (best is None or parsed[1] > best[0]):
            best = (parsed[1], parsed[0], approximate)
    return best


def _approximator(phrase: list[str]) -> int:
    """How many leading words of ``phrase`` form an approximator (0 if none)."""
    if not phrase:
        return 0
    for words in APPROXIMATORS:
        n = len(words)
        if tuple(phrase[1:n]) == words[1:] and words[0] in _readings(phrase[0]):
            return n
    return 0


def _is_ordinal(word: _Word) -> bool:
    stems = (reading.removeprefix("ال") for reading in _readings(word.norm))
    return any(stem in ORDINALS or stem.removesuffix("ه") in ORDINALS for stem in stems)


def _match_at(text: str, words: list[_Word], joined: list[bool], i: int) -> NumberMatch | None:
    """The longest number expression that starts at word ``i``, or None."""
    stop = i + 1
    while stop < len(words) and stop - i < MAX_WORDS and joined[stop - 1]:
        stop += 1
    phrase = [word.norm for word in words[i:stop]]
    lead = _approximator(phrase)
    if lead >= len(phrase) or (lead == 0 and i > 0 and joined[i - 1] and _is_ordinal(words[i - 1])):
        return None
    best = None
    for core in _cores(words[i]) if lead == 0 else [phrase[lead]]:
        found = _quantity([core] + phrase[lead + 1:])
        if found and (best is None or found[0] > best[0][0]):
            best = (found, core)
    if best is None:
        return None
    (length, value, approximate), core = best
    after = lead + length
    if length == 1 and core in AMBIGUOUS and after < len(phrase) and phrase[after].startswith("ال"):
        return None
    before_at_least = i >= 2 and joined[i - 2] and joined[i - 1] and (words[i - 2].norm, words[i - 1].norm) == AT_LEAST
    after_at_least = AT_LEAST in (tuple(phrase[after:after + 2]), tuple(phrase[after + 1:after + 3]))
    start, end = words[i].start, words[i + after - 1].end
    return NumberMatch(value, approximate or lead > 0 or before_at_least or after_at_least, start, end, text[start:end])


def find_numbers(text: str) -> list[NumberMatch]:
    """All number expressions in text, left to right, non-overlapping, longest match."""
    words = _words(text)
    joined = [_is_blank(text[a.end:b.start]) for a, b in zip(words, words[1:])]
    matches: list[NumberMatch] = []
    i = 0
    while i < len(words):
        match = _match_at(text, words, joined, i)
        if match is None:
            i += 1
            continue
        matches.append(match)
        while i < len(words) and words[i].start < match.end:
            i += 1
    return matches


def parse_number(text: str) -> NumberMatch | None:
    """The first number expression in text, or None."""
    matches = find_numbers(text)
    return matches[0] if matches else None
