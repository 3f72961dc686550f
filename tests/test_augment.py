"""Punctuation variants: train-only, labels and entity offsets unchanged, stable choice."""

from __future__ import annotations

from libya_nlp.corpus.augment import punctuation_variant, punctuation_variants, without_final_punctuation
from libya_nlp.corpus.validate import validate_record

REPORT = {"id": "d1-s2", "doc_id": "d1", "text": "قصفت قوات حفتر مطار معيتيقة.", "source": "written",
          "event_type": "remote_violence", "stance": "neutral",
          "entities": [{"start": 5, "end": 14, "label": "ACTOR"}, {"start": 15, "end": 27, "label": "LOCATION"}]}
HEADLINE = {**REPORT, "id": "d1-s1", "text": "قوات حفتر تقصف مطار معيتيقة", "event_type": "other",
            "entities": [{"start": 0, "end": 9, "label": "ACTOR"}, {"start": 15, "end": 27, "label": "LOCATION"}]}


def _surfaces(record: dict) -> list[str]:
    return [record["text"][e["start"]:e["end"]] for e in record["entities"]]


def test_report_loses_its_period_and_keeps_labels_and_spans():
    variant = punctuation_variant(REPORT)
    assert variant["text"] == "قصفت قوات حفتر مطار معيتيقة"
    assert (variant["id"], variant["source"], variant["event_type"]) == ("d1-s2-nopunct", "augmented", "remote_violence")
    assert _surfaces(variant) == _surfaces(REPORT) == ["قوات حفتر", "مطار معيتيقة"]
    assert validate_record(variant) == []


def test_headline_gains_a_period():
    variant = punctuation_variant(HEADLINE)
    assert variant["text"] == HEADLINE["text"] + "."
    assert variant["id"] == "d1-s1-punct" and _surfaces(variant) == _surfaces(HEADLINE)


def test_only_final_punctuation_is_removed():
    record = {**REPORT, "text": "قال: «انتهى القتال»؟! ", "entities": []}
    assert without_final_punctuation(record)["text"] == "قال: «انتهى القتال»"
    assert without_final_punctuation({**REPORT, "text": "...", "entities": []})["text"] == "..."


def test_variants_are_a_stable_share_of_written_units():
    records = [{**REPORT, "id": f"d{i}-s1"} for i in range(400)]
    first = punctuation_variants(records, 0.25)
    assert first == punctuation_variants(records, 0.25)
    assert 60 < len(first) < 140
    assert punctuation_variants([{**r, "source": "augmented"} for r in records], 0.25) == []
    assert punctuation_variants(records, 0.0) == []
