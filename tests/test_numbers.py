"""Tests for libya_nlp.numbers: values, approximation flags, spans and rejections."""

import pytest

from libya_nlp.numbers import NumberMatch, find_numbers, parse_number

VALUES = [
    # digits in every script, thousands groups, digits with a word scale
    ("8 أشخاص", 8, False),
    ("٤٨", 48, False),
    ("۱۲", 12, False),
    ("1,200", 1200, False),
    ("2,500 نازح", 2500, False),
    ("١٬٢٠٠", 1200, False),
    ("و30 جريحا", 30, False),
    ("3 آلاف", 3000, False),
    ("10 آلاف", 10000, False),
    ("200 ألف", 200000, False),
    ("عام 2019", 2019, False),
    # units in both genders and every case form, with and without clitics
    ("واحد", 1, False),
    ("واحدة", 1, False),
    ("اثنان", 2, False),
    ("اثنين", 2, False),
    ("اثنتان", 2, False),
    ("اثنتين", 2, False),
    ("ثلاثة", 3, False),
    ("ثلاث", 3, False),
    ("أربع دبابات", 4, False),
    ("أربعة", 4, False),
    ("خمسة", 5, False),
    ("ستة", 6, False),
    ("ست سنوات", 6, False),
    ("سبع ساعات", 7, False),
    ("ثماني", 8, False),
    ("ثمان سنوات", 8, False),
    ("ثمانية", 8, False),
    ("تسع نساء", 9, False),
    ("تسعة", 9, False),
    ("عشر سنوات", 10, False),
    ("عشرة", 10, False),
    ("وثلاثة", 3, False),
    ("بخمسة", 5, False),
    ("لسبعة", 7, False),
    ("وبعشرة", 10, False),
    # a stray shadda, tatweel, full diacritics or a zero-width mark inside a number word
    ("ثلاثّة", 3, False),
    ("خمســة", 5, False),
    ("ثَلاثَةُ", 3, False),
    ("ست\u200cة", 6, False),
    # 11..19
    ("أحد عشر", 11, False),
    ("إحدى عشرة", 11, False),
    ("اثنا عشر", 12, False),
    ("اثني عشر", 12, False),
    ("اثنتا عشرة", 12, False),
    ("ثلاثة عشر", 13, False),
    ("ثلاث عشرة", 13, False),
    ("خمسة عشر", 15, False),
    ("ست عشرة", 16, False),
    ("ثمانية عشر", 18, False),
    ("تسعة عشر", 19, False),
    ("وأحد عشر", 11, False),
    # tens
    ("عشرون", 20, False),
    ("عشرين", 20, False),
    ("ثلاثون", 30, False),
    ("ثلاثين", 30, False),
    ("أربعين", 40, False),
    ("خمسون", 50, False),
    ("ستين", 60, False),
    ("سبعون", 70, False),
    ("ثمانين", 80, False),
    ("تسعون", 90, False),
    # unit-and-tens compounds
    ("خمسة وعشرين", 25, False),
    ("واحد وثلاثون", 31, False),
    ("إحدى وعشرين", 21, False),
    ("أحد وعشرون", 21, False),
    ("اثنان وأربعون", 42, False),
    ("ثلاث وستين", 63, False),
    ("تسعة وتسعون", 99, False),
    # hundreds
    ("مئة", 100, False),
    ("مائة", 100, False),
    ("مئتان", 200, False),
    ("مئتين", 200, False),
    ("مائتان", 200, False),
    ("مائتين", 200, False),
    ("ثلاثمئة", 300, False),
    ("ثلاثمائة", 300, False),
    ("ثلاث مئة", 300, False),
    ("ثلاث مائة", 300, False),
    ("خمسمائة", 500, False),
    ("ثمانمائة", 800, False),
    ("تسعمئة", 900, False),
    ("مائة وعشرة", 110, False),
    ("مئة وخمسة وعشرون", 125, False),
    ("مئتين وواحد", 201, False),
    # thousands
    ("ألف", 1000, False),
    ("ألفان", 2000, False),
    ("ألفين", 2000, False),
    ("ثلاثة آلاف", 3000, False),
    ("عشرة آلاف", 10000, False),
    ("أحد عشر ألفا", 11000, False),
    ("خمسة وعشرين ألف", 25000, False),
    ("مئة ألف", 100000, False),
    ("مئتي ألف", 200000, False),
    ("ألف وخمسمائة", 1500, False),
    ("ألفين وثلاثمئة وأربعة", 2304, False),
    ("ثلاثة آلاف وأحد عشر", 3011, False),
    ("تسعمائة وتسعة وتسعون ألفا وتسعمائة وتسعة وتسعون", 999999, False),
    # duals of counted nouns
    ("قتيلين", 2, False),
    ("قتيلان", 2, False),
    ("جنديين", 2, False),
    ("جنديان", 2, False),
    ("جريحان", 2, False),
    ("شخصين", 2, False),
    ("وطفلين", 2, False),
    ("امرأتين", 2, False),
    ("أسيرين", 2, False),
    ("قتيلين اثنين", 2, False),
    # vague quantifiers
    ("عشرات", 10, True),
    ("العشرات", 10, True),
    ("مئات الجرحى", 100, True),
    ("آلاف", 1000, True),
    ("بضعة أشخاص", 3, True),
    ("بضع ساعات", 3, True),
    ("عدة أشخاص", 3, True),
    ("عشرات الآلاف", 10000, True),
    ("بضعة آلاف", 3000, True),
    # approximators
    ("نحو 30", 30, True),
    ("قرابة 200", 200, True),
    ("حوالي ٥٠", 50, True),
    ("حوالى 50", 50, True),
    ("أكثر من 100", 100, True),
    ("ما يقارب 40", 40, True),
    ("ما يزيد عن 20", 20, True),
    ("ما يزيد على عشرين", 20, True),
    ("ما لا يقل عن 15", 15, True),
    ("زهاء ألف", 1000, True),
    ("أقل من عشرة", 10, True),
    ("بنحو عشرين", 20, True),
    ("مقتل 12 على الأقل", 12, True),
    ("مقتل 5 أشخاص على الأقل", 5, True),
    ("قتل على الأقل 7 أشخاص", 7, True),
]


@pytest.mark.parametrize(("text", "value", "approximate"), VALUES)
def test_value(text: str, value: int, approximate: bool) -> None:
    match = parse_number(text)
    assert match is not None
    assert (match.value, match.approximate) == (value, approximate)
    assert match.text == text[match.start:match.end]


@pytest.mark.parametrize(("text", "expected"), [
    ("أسفر عن مقتل نحو 30 من قوات الوفاق", "نحو 30"),
    ("مقتل 12 على الأقل", "12"),
    ("قُتل خمسةٌ وعشرونَ مسلحاً", "خمسةٌ وعشرونَ"),
    ("وصل وبنحو ثلاثة آلاف.", "وبنحو ثلاثة آلاف"),
    ("سقط قتيلين اثنين من الجيش", "قتيلين اثنين"),
    ("سقط 1,200 قتيل", "1,200"),
    ("إصابة (١١) شخصا", "١١"),
])
def test_span(text: str, expected: str) -> None:
    match = parse_number(text)
    assert match is not None
    assert match.text == expected
    assert text[match.start:match.end] == expected
    assert match.start == text.index(expected)


def test_exact_offsets() -> None:
    text = "أسفر عن مقتل نحو 30 من قوات الوفاق"
    assert find_numbers(text) == [NumberMatch(30, True, 13, 19, "نحو 30")]


@pytest.mark.parametrize(("text", "values"), [
    ("قتل 3 وأصيب 7 بينهم طفلان", [3, 7, 2]),
    ("مقتل ستة وإصابة 11 آخرين", [6, 11]),
    ("ثلاثة، عشرون", [3, 20]),
    ("خمسة. وعشرين", [5, 20]),
    ("قتل أحد عناصر الأمن و3 مدنيين", [3]),
    ("في 2019 قتل عشرات وأصيب مئات", [2019, 10, 100]),
])
def test_several_in_order(text: str, values: list[int]) -> None:
    matches = find_numbers(text)
    assert [m.value for m in matches] == values
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))


def test_parse_number_returns_first() -> None:
    match = parse_number("قتل 3 وأصيب 7")
    assert match is not None and match.value == 3


@pytest.mark.parametrize("text", [
    "الثالث",
    "الخامس والعشرين من يناير",
    "القرن التاسع عشر",
    "أحد عناصر",
    "وأحد عناصر الشرطة",
    "إحدى المدن",
    "يوم الأحد",
    "يوم الاثنين",
    "الثلاثاء",
    "عشيرة",
    "ست البيت",
    "خمس السكان",
    "مثل سبع الغابة",
    "لست متأكدا",
    "بعده",
    "مسلحين",
    "مدنيين",
    "5.5",
    "1.200",
    "٣٫٥",
    "توجه نحو المدينة",
    "سيطرت قوات الوفاق على مدينة غريان",
    "",
])
def test_no_number(text: str) -> None:
    assert find_numbers(text) == []
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "word"), [
    ("مقتل 12 على الأقل", "على الأقل"),
    ("قتل على الأقل 7 أشخاص", "على"),
    ("قتل أحد عناصر الأمن و3 مدنيين", "أحد"),
    ("مقتل 8 أشخاص", "أشخاص"),
])
def test_word_left_out(text: str, word: str) -> None:
    assert all(word not in m.text for m in find_numbers(text))
