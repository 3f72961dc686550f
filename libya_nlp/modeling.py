"""Building, saving and loading the token and sequence classifiers (LoRA or fully fine-tuned)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libya_nlp.config import ModelConfig
from libya_nlp.encoder import resolve_model_path
from libya_nlp.logger import get_logger

META_FILE = "libya_nlp.json"
ADAPTER_CONFIG = "adapter_config.json"
HEAD_MODULE = "classifier"
logger = get_logger("modeling")


@dataclass
class LoadedModel:
    """A ready-to-run model with its tokenizer and the metadata saved beside it."""

    model: Any
    tokenizer: Any
    meta: dict

    @property
    def labels(self) -> list[str]:
        return list(self.meta["labels"])

    @property
    def task(self) -> str:
        return self.meta["task"]


def _model_class(task: str):
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    return AutoModelForTokenClassification if task == "tagger" else AutoModelForSequenceClassification


def _label_kwargs(labels: Sequence[str], num_layers: int | None) -> dict:
    kwargs: dict[str, Any] = {
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {label: i for i, label in enumerate(labels)},
    }
    if num_layers is not None:
        kwargs["num_hidden_layers"] = num_layers
    return kwargs


def build_model(task: str, labels: Sequence[str], config: ModelConfig) -> tuple[Any, Any]:
    """A fresh classifier on ``config.base_model`` (wrapped with LoRA adapters when asked) and its tokenizer."""
    from transformers import AutoTokenizer

    path = resolve_model_path(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = _model_class(task).from_pretrained(path, **_label_kwargs(labels, config.num_layers))
    if config.finetuning == "lora":
        from peft import LoraConfig, TaskType, get_peft_model

        lora = LoraConfig(
            task_type=TaskType.TOKEN_CLS if task == "tagger" else TaskType.SEQ_CLS,
            r=config.lora_r,
            lora_alpha=config.lora_alpha,
            lora_dropout=config.lora_dropout,
            target_modules=config.lora_target_modules,
            modules_to_save=[HEAD_MODULE] + (["pooler"] if task != "tagger" and hasattr(model, "bert") and model.bert.pooler is not None else []),
        )
        model = get_peft_model(model, lora)
    return model, tokenizer


def is_head_parameter(name: str) -> bool:
    """True for the classification head's parameters (which train at their own learning rate)."""
    return HEAD_MODULE in name.split(".")


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide transformers' load report while a shipped model's base is loaded (its head comes from the adapter file).

    Only for the duration of the block: the previous verbosity is restored afterwards.
    """
    from transformers.utils import logging as transformers_logging

    previous = transformers_logging.get_verbosity()
    transformers_logging.set_verbosity_error()
    try:
        yield
    finally:
        transformers_logging.set_verbosity(previous)


@contextlib.contextmanager
def atomic_directory(final: str | Path) -> Iterator[Path]:
    """Yield a temporary sibling directory that replaces ``final`` only if the block succeeds."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.parent / f".{final.name}.partial-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    backup = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(backup)
    temporary.rename(final)
    shutil.rmtree(backup, ignore_errors=True)


def save_model(model: Any, tokenizer: Any, directory: str | Path, meta: dict) -> Path:
    """Save atomically: adapters and head (LoRA) or the full model and tokenizer, plus ``libya_nlp.json``."""
    with atomic_directory(directory) as temporary:
        model.save_pretrained(temporary, safe_serialization=True)
        if (temporary / ADAPTER_CONFIG).exists():
            (temporary / "README.md").unlink(missing_ok=True)  # peft's blank adapter card; models/README.md is the card
        else:
            tokenizer.save_pretrained(temporary)
        (temporary / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return Path(directory)


def load_model(directory: str | Path) -> LoadedModel:
    """Load a model saved by :func:`save_model`, merging LoRA adapters into the encoder."""
    from transformers import AutoTokenizer

    directory = Path(directory)
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise FileNotFoundError(f"{directory} has no {META_FILE}; pass a folder written by libya_nlp training (e.g. models/tagger)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    model_class = _model_class(meta["task"])
    if (directory / ADAPTER_CONFIG).exists():
        from peft import PeftModel

        base_path = resolve_model_path(meta["base_model"])
        with _quiet_transformers():
            base = model_class.from_pretrained(base_path, **_label_kwargs(meta["labels"], meta.get("num_layers")))
        model = PeftModel.from_pretrained(base, directory).merge_and_unload()
        tokenizer = AutoTokenizer.from_pretrained(base_path)
    else:
        model = model_class.from_pretrained(directory)
        tokenizer = AutoTokenizer.from_pretrained(directory)
    model.eval()
    return LoadedModel(model, tokenizer, meta)
