"""Arabic text handling pinned on exact offsets (as Stanza pins start_char/end_char)."""

from __future__ import annotations

import pytest

from libya_nlp.text import normalize, split_sentences, split_words


def words(text: str) -> list[tuple[str, int, int]]:
    return [(w.text, w.start, w.end) for w in split_words(text)]


def test_clitics_stay_attached_and_punctuation_splits():
    assert words("قصفت لقوات حفتر، وبصواريخ «غراد».") == [
        ("قصفت", 0, 4), ("لقوات", 5, 10), ("حفتر", 11, 15), ("وبصواريخ", 17, 25), ("غراد", 27, 31)]


def test_stray_shadda_is_a_word_and_nothing_is_dropped():
    text = "قتل ّ 5 أشخاص"
    assert words(text) == [("قتل", 0, 3), ("ّ", 4, 5), ("5", 6, 7), ("أشخاص", 8, 13)]


def test_tatweel_inside_a_name_stays_in_the_word():
    assert words("قوات حفـــتر") == [("قوات", 0, 4), ("حفـــتر", 5, 12)]


def test_rlm_is_not_part_of_a_word_but_zwnj_is():
    text = "\u200fطرابلس\u200f مي\u200cخواهم"
    assert words(text) == [("طرابلس", 1, 7), ("مي\u200cخواهم", 9, 17)]


def test_lam_alef_ligature_and_indic_digits():
    text = "ﻻ تراجع، ٤٨ قتيلا"
    assert words(text) == [("ﻻ", 0, 1), ("تراجع", 2, 7), ("٤٨", 9, 11), ("قتيلا", 12, 17)]


def test_mixed_latin():
    assert words("قالت (Reuters) إن GNA") == [("قالت", 0, 4), ("Reuters", 6, 13), ("إن", 15, 17), ("GNA", 18, 21)]


def sentences(text: str) -> list[tuple[str, int, int]]:
    return [(s.text, s.start, s.end) for s in split_sentences(text)]


def test_sentences_on_arabic_and_latin_punctuation_and_newlines():
    text = "قصفت القوات المطار. هل توقف القتال؟ نعم!\nطرابلس - وكالات"
    assert sentences(text) == [("قصفت القوات المطار.", 0, 19), ("هل توقف القتال؟", 20, 35), ("نعم!", 36, 40), ("طرابلس - وكالات", 41, 56)]


def test_no_split_inside_numbers_or_quotes():
    text = 'قطعت القوات 5.5 كلم. وقال: «لن نتراجع. سنقاتل» ثم غادر. وأضاف "هذا. ذاك" فقط.'
    assert [s[0] for s in sentences(text)] == ["قطعت القوات 5.5 كلم.", "وقال: «لن نتراجع. سنقاتل» ثم غادر.", 'وأضاف "هذا. ذاك" فقط.']


def test_unclosed_quote_ends_at_the_newline():
    text = "قال «لن نتراجع. أبدا\nسطر ثان. وثالث"
    assert [s[0] for s in sentences(text)] == ["قال «لن نتراجع. أبدا", "سطر ثان.", "وثالث"]


def test_sentences_cover_every_non_space_character():
    text = " أولا.  ثانيا؟\n\n ثالثا… رابعا "
    covered = {i for s in split_sentences(text) for i in range(s.start, s.end)}
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


@pytest.mark.parametrize(("original", "normalized"), [
    ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),
    ("مُحَمَّد", "محمد"),
    ("حفـــتر", "حفتر"),
    ("مستشفى", "مستشفي"),
    ("مدينة", "مدينه"),
    ("٤٨ و۱۲", "48 و12"),
    ("ﻻ", "لا"),
    ("\u200fطرابلس\u200c", "طرابلس"),
    ("مسؤول رئيس", "مسوول رييس"),
])
def test_normalize(original: str, normalized: str):
    assert normalize(original).text == normalized


def test_normalized_spans_map_back_to_original_offsets():
    original = "قال \u200fالمُتحدّث: قُتل ٤٨ في طرابلـــس ﻻ"
    result = normalize(original)
    assert len(result.to_original) == len(result.text)
    for target in ("المتحدث", "48", "طرابلس", "لا"):
        start = result.text.index(target)
        a, b = result.original_span(start, start + len(target))
        assert normalize(original[a:b]).text == target
    a, b = result.original_span(result.text.index("طرابلس"), result.text.index("طرابلس") + 6)
    assert original[a:b] == "طرابلـــس"
    with pytest.raises(ValueError, match="non-empty span"):
        result.original_span(3, 3)
