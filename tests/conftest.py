"""Shared fixtures: a tiny random BERT with a tokenizer trained on the fly, a mini corpus, tiny trained models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libya_nlp.corpus.markup import convert_markup

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def mini_records() -> list[dict]:
    records, problems = convert_markup((FIXTURES / "mini_corpus.txt").read_text(encoding="utf-8").splitlines(), "mini_corpus.txt")
    assert not problems, problems
    return records


@pytest.fixture(scope="session")
def mini_data_dir(tmp_path_factory, mini_records) -> Path:
    """train/dev/test JSONL made from the mini corpus (the same units in each: for plumbing, not for scores)."""
    folder = tmp_path_factory.mktemp("data")
    for split in ("train", "dev", "test"):
        with (folder / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
            for record in mini_records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, mini_records) -> Path:
    """A 2-layer random BERT and a WordPiece tokenizer trained on the mini corpus, saved like a Hub checkpoint."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    backend = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    backend.normalizer = normalizers.NFC()
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.train_from_iterator([r["text"] for r in mini_records], trainers.WordPieceTrainer(vocab_size=400, special_tokens=specials))
    backend.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
                                                           special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                        sep_token="[SEP]", mask_token="[MASK]")
    config = BertConfig(vocab_size=backend.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128, pad_token_id=0)
    folder = tmp_path_factory.mktemp("tiny-model")
    BertModel(config, add_pooling_layer=False).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def tiny_overrides(model_dir: Path, data_dir: Path, out: Path, **extra: str) -> list[str]:
    """Dotted overrides that point a tiny config at the test's model, data and output folders."""
    pairs = {"model.base_model": str(model_dir), "data.data_dir": str(data_dir), "train.output_dir": str(out / "runs"),
             "output.save_dir": str(out / "models"), **extra}
    return [item for key, value in pairs.items() for item in (f"--{key}", value)]


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory, tiny_model_dir, mini_data_dir) -> Path:
    """Tiny tagger and classifiers trained from the shipped tiny configs, saved like the shipped models."""
    from libya_nlp.config import load_config
    from libya_nlp.trainer import train_from_config

    out = tmp_path_factory.mktemp("trained")
    for name in ("tagger-tiny", "classifier-tiny"):
        config = load_config(REPO / "configs" / f"{name}.yaml", tiny_overrides(tiny_model_dir, mini_data_dir, out, **{"train.epochs": "2"}))
        train_from_config(config, show_progress=False)
    return out / "models"
