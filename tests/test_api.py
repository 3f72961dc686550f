"""The public contract: tag(), Document, offsets, long inputs, the pipeline, export, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libya_nlp import Document, Tagger
from libya_nlp.cli import main as cli


@pytest.fixture(scope="module")
def tagger(trained_models: Path) -> Tagger:
    return Tagger.from_pretrained(trained_models)


TEXTS = [
    "قصفت مليشيات حفتر مطار معيتيقة بصواريخ غراد، ما أسفر عن مقتل 8 أشخاص. وقال الناطق إن القصف مستمر!",
    "\u200fأعلن الجيش الوطني الليبي تقدم وحداته في محور طريق المطار\u200f؛ وأسرت قواته ٥ مقاتلين.",
    "",
    "ّ حفـــتر ﻻ يريد السلام - Reuters",
]


def test_offsets_index_the_original_string(tagger: Tagger):
    for doc in tagger(TEXTS):
        for entity in doc.entities:
            assert doc.text[entity.start:entity.end] == entity.text
        for sentence in doc.sentences:
            assert doc.text[sentence.start:sentence.end] == sentence.text


def test_str_gives_a_document_and_lists_keep_order(tagger: Tagger):
    single = tagger(TEXTS[0])
    assert isinstance(single, Document)
    many = tagger(iter(TEXTS))
    assert [d.text for d in many] == TEXTS
    assert many[0].to_dict() == single.to_dict()


def test_every_sentence_has_a_probability_for_every_label(tagger: Tagger):
    doc = tagger(TEXTS[0])
    assert len(doc.sentences) == 2
    for sentence in doc.sentences:
        assert set(sentence.stance_probabilities) == {"pro_gna", "pro_lna", "neutral"}
        assert len(sentence.event_probabilities) == 7
        assert abs(sum(sentence.event_probabilities.values()) - 1) < 1e-3
        assert sentence.event_score == max(sentence.event_probabilities.values())


def test_json_round_trip(tagger: Tagger):
    for doc in tagger(TEXTS):
        data = json.loads(json.dumps(doc.to_dict(), ensure_ascii=False))
        assert Document.from_dict(data) == doc
        assert all(type(e["score"]) is float for e in data["entities"])


def test_empty_text_gives_an_empty_neutral_document(tagger: Tagger):
    doc = tagger("")
    assert doc.entities == [] and doc.sentences == [] and doc.stance == "neutral" and doc.event_types == []


def test_long_sentence_is_windowed_not_truncated(tagger: Tagger):
    """The tiny models have a 32-token window; a 600-word sentence must still be tagged to its last word."""
    words = ("قوات حفتر قصفت مطار معيتيقة " * 120).split()
    text = " ".join(words) + " وقتل 8 أشخاص"
    doc = tagger(text)
    assert len(doc.sentences) == 1 and doc.sentences[0].end == len(text)
    from libya_nlp.inference import predict_word_tags

    predictions = predict_word_tags(tagger.entity_model, [text])[0]
    assert len(predictions) == len(words) + 3
    assert predictions[-1].word.end == len(text)


def test_bad_input_is_a_clear_error(tagger: Tagger):
    with pytest.raises(TypeError, match="decode"):
        tagger(b"bytes")
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType"):
        tagger(["نص", None])
    with pytest.raises(FileNotFoundError, match="tagger/"):
        Tagger.from_pretrained("/nonexistent")


def test_pipeline_results_equal_tag_results(tagger: Tagger, trained_models: Path, tmp_path: Path):
    import transformers

    from libya_nlp.export import export_models

    out = export_models(tmp_path / "export", trained_models)
    pipe = transformers.pipeline("libya-nlp", model=str(out))
    assert pipe(TEXTS[0]) == tagger(TEXTS[0]).to_dict()
    assert pipe(TEXTS[:2]) == [d.to_dict() for d in tagger(TEXTS[:2])]


def test_export_loads_with_auto_classes_and_stock_pipelines(trained_models: Path, tmp_path: Path):
    import transformers

    from libya_nlp.export import export_models

    out = export_models(tmp_path / "export", trained_models)
    model = transformers.AutoModelForTokenClassification.from_pretrained(out / "tagger")
    assert model.config.id2label[0] == "O"
    assert not (out / "tagger" / "adapter_config.json").exists()
    tokens = transformers.pipeline("token-classification", model=str(out / "tagger"), aggregation_strategy="simple")
    assert isinstance(tokens(TEXTS[0]), list)
    stance = transformers.pipeline("text-classification", model=str(out / "stance"))
    assert stance(TEXTS[0])[0]["label"] in {"pro_gna", "pro_lna", "neutral"}
    # the export holds the same weights as the LoRA model: merged predictions agree
    assert Tagger.from_pretrained(out)(TEXTS[0]).to_dict() == Tagger.from_pretrained(trained_models)(TEXTS[0]).to_dict()


def test_cli_tag_jsonl_table_and_stdin(trained_models: Path, tmp_path: Path, capsys, monkeypatch):
    assert cli(["tag", "--models", str(trained_models), TEXTS[0], TEXTS[1]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["text"] for line in lines] == TEXTS[:2]
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": TEXTS[0], "url": "x"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert cli(["tag", "--models", str(trained_models), "--input", str(source)]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["url"] == "x" and record["text"] == TEXTS[0]
    assert cli(["tag", "--models", str(trained_models), "--format", "table", TEXTS[0]]) == 0
    assert "stance:" in capsys.readouterr().out
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(TEXTS[0] + "\n" + TEXTS[1] + "\n"))
    assert cli(["tag", "--models", str(trained_models)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_cli_evaluate(trained_models: Path, mini_data_dir: Path, capsys):
    assert cli(["evaluate", "--models", str(trained_models), "--data", str(mini_data_dir / "test.jsonl")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"tagger", "event_type", "stance"}
    assert 0.0 <= report["stance"]["macro_f1"] <= 1.0


def test_progress_bar_counts_every_window(tagger: Tagger, capsys):
    texts = [TEXTS[0], " ".join(["قوات حفتر قصفت المطار"] * 50)]
    tagger(texts, show_progress=True)
    err = capsys.readouterr().err
    last = [part for part in err.replace("\r", "\n").splitlines() if "window" in part][-1]
    done, total = last.split("|")[2].split()[0].split("/")
    assert done == total and int(total) > 3 * 3  # the long sentence needs several 32-token windows


def test_models_share_one_embedding_matrix(tagger: Tagger):
    first = tagger.entity_model.model.get_input_embeddings()
    assert tagger.event_model.model.get_input_embeddings() is first
    assert tagger.stance_model.model.get_input_embeddings() is first
