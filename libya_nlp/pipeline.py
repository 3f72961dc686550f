"""The ``"libya-nlp"`` task for ``transformers.pipeline``, registered when ``libya_nlp`` is imported.

``pipeline("libya-nlp")`` loads the shipped models; ``pipeline("libya-nlp", model=DIR)`` any folder
with ``tagger/``, ``event_type/``, ``stance/`` and a ``config.json`` of model type ``libya_nlp``
(written by ``libya-nlp train``). Each result is ``Document.to_dict()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from transformers import AutoConfig, AutoModel, Pipeline, PretrainedConfig, PreTrainedModel
from transformers.pipelines import PIPELINE_REGISTRY

from libya_nlp.modeling import LoadedModel
from libya_nlp.tagger import MODEL_PARTS, Tagger, default_models_dir

TASK = "libya-nlp"
MODEL_TYPE = "libya_nlp"


class LibyaNLPConfig(PretrainedConfig):
    """Marks a folder holding the three libya_nlp models."""

    model_type = MODEL_TYPE


class LibyaNLPModel(PreTrainedModel):
    """The three models of a :class:`~libya_nlp.tagger.Tagger` as one module, so pipelines can hold them."""

    config_class = LibyaNLPConfig
    base_model_prefix = "libya_nlp"

    def __init__(self, config: LibyaNLPConfig, tagger: Tagger | None = None):
        super().__init__(config)
        if tagger is None:
            raise ValueError("LibyaNLPModel is loaded with LibyaNLPModel.from_pretrained(folder), not built empty")
        self.tagger = tagger
        self.parts = torch.nn.ModuleDict({part: loaded.model for part, loaded in zip(MODEL_PARTS, _loaded(tagger))})

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path: str | Path, *args: Any, **kwargs: Any) -> "LibyaNLPModel":
        folder = Path(pretrained_model_name_or_path)
        return cls(LibyaNLPConfig(), Tagger.from_pretrained(folder))

    def forward(self, *args: Any, **kwargs: Any):
        raise NotImplementedError("call the pipeline or Tagger; LibyaNLPModel only holds the models")


def _loaded(tagger: Tagger) -> tuple[LoadedModel, LoadedModel, LoadedModel]:
    return tagger.entity_model, tagger.event_model, tagger.stance_model


class LibyaNLPPipeline(Pipeline):
    """Entities, event types and stances; returns ``Document.to_dict()`` for each input text."""

    _load_tokenizer = False
    _load_processor = False
    _load_image_processor = False
    _load_feature_extractor = False

    def _sanitize_parameters(self, batch_size: int | None = None, **kwargs: Any):
        return {}, {"batch_size": batch_size or 32}, {}

    def preprocess(self, text: str) -> dict:
        if not isinstance(text, str):
            raise TypeError(f"the libya-nlp pipeline takes str, got {type(text).__name__}")
        return {"text": text}

    def _forward(self, inputs: dict, batch_size: int = 32) -> dict:
        return self.model.tagger(inputs["text"], batch_size=batch_size).to_dict()

    def postprocess(self, outputs: dict) -> dict:
        return outputs


def mark_models_folder(folder: str | Path) -> None:
    """Write the ``config.json`` that lets ``transformers.pipeline("libya-nlp", model=folder)`` load the folder."""
    LibyaNLPConfig().save_pretrained(folder)


def register() -> None:
    """Register the config, the model class and the ``"libya-nlp"`` task (idempotent)."""
    try:
        AutoConfig.register(MODEL_TYPE, LibyaNLPConfig)
        AutoModel.register(LibyaNLPConfig, LibyaNLPModel)
    except ValueError:  # already registered by an earlier import
        pass
    PIPELINE_REGISTRY.register_pipeline(
        TASK, pipeline_class=LibyaNLPPipeline, pt_model=LibyaNLPModel,
        default={"model": (str(default_models_dir()), None)}, type="text",
    )
