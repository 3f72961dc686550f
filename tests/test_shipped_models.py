"""The shipped models in models/: they load offline and honour the contract on real-looking text."""

from __future__ import annotations

from pathlib import Path

import pytest

MODELS = Path(__file__).parent.parent / "models"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (MODELS / "tagger").is_dir(), reason="no shipped models")]
SAMPLE = "قصفت قوات حفتر مطار معيتيقة بصواريخ غراد مما أسفر عن مقتل 8 أشخاص"


@pytest.fixture(scope="module")
def doc():
    from libya_nlp import tag

    return tag(SAMPLE)


def test_sample_sentence(doc):
    for entity in doc.entities:
        assert SAMPLE[entity.start:entity.end] == entity.text
    labels = {e.label for e in doc.entities}
    assert {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"} <= labels
    casualty = next(e for e in doc.entities if e.label == "CASUALTY")
    assert (casualty.kind, casualty.value) == ("killed", 8)


@pytest.mark.xfail(strict=True, reason="known defect: the corpus's headlines have no final period and are typed "
                   "'other', so the shipped event model types an unpunctuated report as 'other' (see models/README.md)")
def test_unpunctuated_report_gets_its_event_type(doc):
    assert doc.sentences[0].event_type in {"remote_violence", "battle"}


def test_punctuated_report_gets_its_event_type():
    from libya_nlp import tag

    assert tag(SAMPLE + ".").sentences[0].event_type in {"remote_violence", "battle"}


def test_default_pipeline_equals_tag(doc):
    import transformers

    import libya_nlp  # noqa: F401  (registers the task)

    assert transformers.pipeline("libya-nlp")(SAMPLE) == doc.to_dict()


def test_shipped_artifacts_are_small_and_safe():
    sizes = {p.name: p.stat().st_size for p in MODELS.rglob("*") if p.is_file()}
    assert sum(sizes.values()) < 40 * 2**20, sizes
    assert not [name for name in sizes if name.endswith((".bin", ".pt", ".pkl"))]
