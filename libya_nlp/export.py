"""Export the models as plain transformers checkpoints (LoRA adapters merged into the encoder)."""

from __future__ import annotations

import json
from pathlib import Path

from libya_nlp.modeling import META_FILE, atomic_directory, load_model
from libya_nlp.pipeline import mark_models_folder
from libya_nlp.tagger import MODEL_PARTS, default_models_dir


def export_models(out: str | Path, models: str | Path | None = None) -> Path:
    """Write ``out/tagger``, ``out/event_type`` and ``out/stance``, each loadable with the Auto classes.

    ``out`` itself is also a models folder for :class:`~libya_nlp.Tagger` and ``pipeline("libya-nlp", model=out)``.
    """
    root = Path(models) if models is not None else default_models_dir()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for part in MODEL_PARTS:
        loaded = load_model(root / part)
        with atomic_directory(out / part) as folder:
            loaded.model.save_pretrained(folder, safe_serialization=True)
            loaded.tokenizer.save_pretrained(folder)
            meta = {k: v for k, v in loaded.meta.items() if k != "log_history"}
            (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    mark_models_folder(out)
    return out
