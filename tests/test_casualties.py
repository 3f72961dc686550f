"""Casualty attributes computed from a span and its neighbours."""

from __future__ import annotations

import pytest

from libya_nlp.casualties import casualty_attributes


def attributes(text: str, span: str, actor: str | None = None):
    start = text.index(span)
    actors = [(0, text.index(actor), text.index(actor) + len(actor))] if actor else []
    return casualty_attributes(text, start, start + len(span), actors)


@pytest.mark.parametrize(("text", "span", "kind", "value", "approximate"), [
    ("أسفر القصف عن مقتل 8 أشخاص", "8 أشخاص", "killed", 8, False),
    ("أسفر القصف عن مقتل وإصابة 45 مدنيا", "45 مدنيا", "killed", 45, False),
    ("قتل 3 وأصيب 5 آخرون", "5 آخرون", "wounded", 5, False),
    ("وأسرت القوات 12 مقاتلا على الأقل", "12 مقاتلا", "captured", 12, True),
    ("سقط ٤٨ قتيلا في الهجوم", "٤٨ قتيلا", "killed", 48, False),
    ("ونقل عشرات الجرحى إلى المستشفى", "عشرات الجرحى", "wounded", 10, True),
    ("لقي نحو 30 من المقاتلين حتفهم", "نحو 30", "killed", 30, True),
    ("استشهاد ثلاثة من عناصرنا", "ثلاثة", "killed", 3, False),
    ("أصيب جنديين بجروح", "جنديين", "wounded", 2, False),
])
def test_kind_value_and_approximation(text, span, kind, value, approximate):
    result = attributes(text, span)
    assert (result.kind, result.value, result.approximate) == (kind, value, approximate)


def test_owner_actor_after_min_or_lam():
    assert attributes("مقتل 5 عناصر من قوات حفتر", "5 عناصر", "قوات حفتر").actor == 0
    assert attributes("عثر على 27 جثة لعناصر كتيبة طارق بن زياد", "27 جثة", "لعناصر كتيبة طارق بن زياد").actor == 0
    assert attributes("قالت قوات حفتر إنها قتلت 5 في المدينة", "5", "قوات حفتر").actor is None
