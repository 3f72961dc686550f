"""End-to-end training on tiny models: configs, Trainer, metrics files, atomic saves, reload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, tiny_overrides
from libya_nlp.config import load_config
from libya_nlp.modeling import META_FILE, atomic_directory, load_model
from libya_nlp.schema import BIO_TAGS, EVENT_TYPES, STANCES
from libya_nlp.trainer import train_from_config


def test_trained_models_have_label_maps_and_configs(trained_models: Path):
    for part, labels in (("tagger", BIO_TAGS), ("event_type", EVENT_TYPES), ("stance", STANCES)):
        meta = json.loads((trained_models / part / META_FILE).read_text(encoding="utf-8"))
        assert meta["labels"] == list(labels)
        assert meta["config"]["model"]["finetuning"] == "lora"
        assert (trained_models / part / "adapter_model.safetensors").is_file()
        assert not list((trained_models / part).glob("*.bin")), "models must be saved with safetensors, not pickles"


def test_run_writes_metrics_and_predictions(trained_models: Path):
    runs = trained_models.parent / "runs"
    tagger_metrics = json.loads((runs / "tagger" / "metrics.json").read_text())
    assert set(tagger_metrics) == {"dev", "test", "baseline_test", "checks"}
    # every test mention is also a train mention here, so none is unseen
    assert tagger_metrics["checks"]["unseen_mentions"]["mentions"] == 0
    assert set(tagger_metrics["test"]["per_label"]) <= {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"}
    # the mini corpus is its own train split, so the lexicon baseline finds every entity it saw
    assert tagger_metrics["baseline_test"]["micro"]["f1"] > 0.9
    predictions = [json.loads(line) for line in (runs / "tagger" / "predictions_test.jsonl").read_text().splitlines()]
    assert len(predictions) == 14 and {"gold", "predicted"} <= set(predictions[0])
    stance = json.loads((runs / "stance" / "metrics.json").read_text())
    assert len(stance["test"]["confusion_matrix"]) == len(STANCES)
    assert stance["checks"]["final_punctuation_removed"]["units"] == 14
    assert "stance_triples" not in stance["checks"]  # the mini corpus has no stories written three times
    assert (runs / "stance" / "confusion_stance.png").stat().st_size > 1000


def test_reloaded_model_predicts_like_the_trained_one(trained_models: Path, mini_records):
    from libya_nlp.inference import predict_word_tags

    first = load_model(trained_models / "tagger")
    second = load_model(trained_models / "tagger")
    texts = [r["text"] for r in mini_records[:3]]
    assert [[p.tag for p in words] for words in predict_word_tags(first, texts)] == \
        [[p.tag for p in words] for words in predict_word_tags(second, texts)]


def test_full_finetuning_path_saves_a_plain_checkpoint(tmp_path, tiny_model_dir, mini_data_dir):
    """The AraBERT configs fine-tune every weight; the same code path runs here on the tiny stand-in model."""
    config = load_config(REPO / "configs" / "tagger-arabert.yaml",
                         tiny_overrides(tiny_model_dir, mini_data_dir, tmp_path, **{"train.epochs": "1", "model.max_length": "32",
                                                                                      "data.max_train_units": "8"}))
    assert config.model.finetuning == "full"
    (result,) = train_from_config(config, show_progress=False)
    assert (result.saved_to / "model.safetensors").is_file()
    assert load_model(result.saved_to).labels == list(BIO_TAGS)


def test_failed_save_leaves_the_previous_model_intact(tmp_path):
    target = tmp_path / "model"
    target.mkdir()
    (target / "weights").write_text("good")
    with pytest.raises(RuntimeError):
        with atomic_directory(target) as temporary:
            (temporary / "weights").write_text("half-written")
            raise RuntimeError("training crashed")
    assert (target / "weights").read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_missing_split_is_a_clear_error(tmp_path, tiny_model_dir):
    (tmp_path / "train.jsonl").write_text("")
    config = load_config(REPO / "configs" / "tagger-tiny.yaml", tiny_overrides(tiny_model_dir, tmp_path, tmp_path))
    with pytest.raises(FileNotFoundError, match="dev.jsonl"):
        train_from_config(config, show_progress=False)


def test_rescore_recomputes_metrics_on_corrected_data(tmp_path, trained_models: Path, mini_data_dir: Path):
    """After an annotation fix, rescoring changes the stored test metrics without retraining."""
    import shutil

    from libya_nlp.trainer import rescore

    models = tmp_path / "models"
    shutil.copytree(trained_models / "stance", models / "stance")
    data = tmp_path / "data"
    shutil.copytree(mini_data_dir, data)
    records = [json.loads(line) for line in (data / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        record["stance"] = "pro_gna"
    (data / "test.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    metrics = rescore(models / "stance", data)
    assert metrics["test"]["per_class"]["pro_gna"]["support"] == 14
    saved = json.loads((models / "stance" / META_FILE).read_text(encoding="utf-8"))
    assert saved["metrics"]["test"] == metrics["test"]


def test_model_card_renders_from_saved_metadata(tmp_path, trained_models: Path):
    from libya_nlp.model_card import write_model_card

    card = write_model_card(tmp_path / "README.md", trained_models).read_text(encoding="utf-8")
    assert "| **micro** |" in card and "### stance" in card and "confusion_stance.png" in card
    assert "$" not in card.replace("$ ", "")  # every template field was filled


def test_early_stopping_stops_before_the_last_epoch(tmp_path, tiny_model_dir, mini_data_dir):
    config = load_config(REPO / "configs" / "classifier-tiny.yaml",
                         tiny_overrides(tiny_model_dir, mini_data_dir, tmp_path, **{
                             "task": "stance", "train.epochs": "30", "train.early_stopping_patience": "1",
                             "train.learning_rate": "1e-9", "train.head_learning_rate": "1e-9"}))
    (result,) = train_from_config(config, show_progress=False)
    saved = json.loads((result.saved_to / META_FILE).read_text())
    epochs = [e["epoch"] for e in saved["log_history"] if "eval_macro_f1" in e]
    assert len(epochs) < 30
