"""Reading corpus JSONL into records or a ``datasets.Dataset``, refusing invalid input."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from libya_nlp.corpus.validate import Problem, validate_files

if TYPE_CHECKING:
    import datasets

SPLITS = ("train", "dev", "test")
ENTITY_KEYS = ("start", "end", "label", "kind", "value", "approximate", "actor")


class CorpusError(ValueError):
    """Invalid corpus input; the message lists every problem as file:line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the corpus (run `libya-nlp validate` for all):\n{shown}{more}")


def read_jsonl(paths: str | Path | Iterable[str | Path]) -> list[dict]:
    """Read and validate one or more JSONL corpus files; raise :class:`CorpusError` if any line is bad."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    problems = validate_files(paths)
    if problems:
        raise CorpusError(problems)
    records: list[dict] = []
    for path in paths:
        with Path(path).open(encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle)
    return records


def write_jsonl(records: Iterable[dict], path: str | Path) -> None:
    """Write records as UTF-8 JSONL (Arabic kept readable)."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def to_dataset(records: list[dict]) -> "datasets.Dataset":
    """Records as a ``datasets.Dataset`` with a fixed schema (absent entity attributes are None, meta as JSON)."""
    import datasets

    rows = {
        "id": [r["id"] for r in records],
        "doc_id": [r["doc_id"] for r in records],
        "text": [r["text"] for r in records],
        "entities": [[{k: e.get(k) for k in ENTITY_KEYS} for e in r["entities"]] for r in records],
        "event_type": [r["event_type"] for r in records],
        "stance": [r["stance"] for r in records],
        "source": [r["source"] for r in records],
        "meta": [json.dumps(r.get("meta", {}), ensure_ascii=False) for r in records],
    }
    entity = {
        "start": datasets.Value("int32"), "end": datasets.Value("int32"), "label": datasets.Value("string"),
        "kind": datasets.Value("string"), "value": datasets.Value("int64"), "approximate": datasets.Value("bool"),
        "actor": datasets.Value("int32"),
    }
    features = datasets.Features({
        "id": datasets.Value("string"), "doc_id": datasets.Value("string"), "text": datasets.Value("string"),
        "entities": datasets.List(entity), "event_type": datasets.Value("string"),
        "stance": datasets.Value("string"), "source": datasets.Value("string"), "meta": datasets.Value("string"),
    })
    return datasets.Dataset.from_dict(rows, features=features)


def load_corpus(paths: str | Path | Iterable[str | Path]) -> "datasets.Dataset":
    """Validate and load corpus JSONL files as one ``datasets.Dataset``."""
    return to_dataset(read_jsonl(paths))


def load_splits(data_dir: str | Path) -> "datasets.DatasetDict":
    """Load ``train.jsonl``, ``dev.jsonl`` and ``test.jsonl`` from ``data_dir``."""
    import datasets

    data_dir = Path(data_dir)
    missing = [s for s in SPLITS if not (data_dir / f"{s}.jsonl").is_file()]
    if missing:
        raise FileNotFoundError(
            f"{data_dir} lacks {', '.join(s + '.jsonl' for s in missing)}; point data_dir at a folder with "
            "train/dev/test JSONL files (the repo's corpus is built by `python training/build_corpus.py`)"
        )
    return datasets.DatasetDict({s: load_corpus(data_dir / f"{s}.jsonl") for s in SPLITS})
