"""Build data/{train,dev,test}.jsonl from the annotators' markup in data/markup/.

Splits are by document, about 80/10/10, and recorded in data/splits.json: a document keeps its
split forever once recorded; a new document gets one from a stable hash of its id, or of its
``story`` (meta) when it has one, so the three wordings of one story share a split. The train
split then gets punctuation variants of a stable share of its units (``source: augmented``, see
``libya_nlp/corpus/augment.py``). Prints the datasheet's count tables (markdown, written units
only) with ``--stats``.

    python training/build_corpus.py [--stats]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from libya_nlp.corpus.augment import PUNCTUATION_VARIANT_SHARE, punctuation_variants
from libya_nlp.corpus.io import SPLITS, write_jsonl
from libya_nlp.corpus.markup import convert_markup
from libya_nlp.numbers import find_numbers
from libya_nlp.schema import CASUALTY_KINDS, ENTITY_LABELS, EVENT_TYPES, STANCES

DATA = Path(__file__).resolve().parent.parent / "data"


def split_for(doc_id: str) -> str:
    """A stable 80/10/10 assignment from the document id's hash."""
    bucket = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def load_markup(folder: Path) -> list[dict]:
    records, problems = [], []
    for path in sorted(folder.glob("*.txt")):
        file_records, file_problems = convert_markup(path.read_text(encoding="utf-8").splitlines(), str(path.relative_to(folder.parent.parent)))
        records += file_records
        problems += file_problems
    duplicates = [i for i, c in Counter(r["id"] for r in records).items() if c > 1]
    if problems or duplicates:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(f"{len(problems)} problem(s), duplicate ids: {duplicates[:5]}; fix the markup first")
    return records


def stats_markdown(splits: dict[str, list[dict]]) -> str:
    """Count tables per split: units/documents, event types, stances, entity labels, casualty kinds and forms."""
    rows = ["| | " + " | ".join(SPLITS) + " | all |", "|---|" + "---|" * (len(SPLITS) + 1)]

    def add(name: str, count) -> None:
        values = [count(splits[s]) for s in SPLITS]
        rows.append(f"| {name} | " + " | ".join(str(v) for v in values) + f" | {sum(values)} |")

    add("documents", lambda rs: len({r["doc_id"] for r in rs}))
    add("units", len)
    add("units of 40+ words", lambda rs: sum(len(r["text"].split()) >= 40 for r in rs))
    for event in EVENT_TYPES:
        add(f"event: {event}", lambda rs, e=event: sum(r["event_type"] == e for r in rs))
    for stance in STANCES:
        add(f"stance: {stance}", lambda rs, s=stance: sum(r["stance"] == s for r in rs))
    for label in ENTITY_LABELS:
        add(f"entity: {label}", lambda rs, l=label: sum(e["label"] == l for r in rs for e in r["entities"]))
    for kind in CASUALTY_KINDS:
        add(f"casualty: {kind}", lambda rs, k=kind: sum(e.get("kind") == k for r in rs for e in r["entities"]))
    add("casualty: approximate", lambda rs: sum(bool(e.get("approximate")) for r in rs for e in r["entities"]))
    add("casualty: number in words", lambda rs: sum(e["label"] == "CASUALTY" and not any(c.isdigit() for c in r["text"][e["start"]:e["end"]]) for r in rs for e in r["entities"]))
    add("numbers outside CASUALTY spans", lambda rs: sum(_non_casualty_numbers(r) for r in rs))
    add("units with a non-casualty number", lambda rs: sum(_non_casualty_numbers(r) > 0 for r in rs))
    return "\n".join(rows)


def _non_casualty_numbers(record: dict) -> int:
    casualties = [(e["start"], e["end"]) for e in record["entities"] if e["label"] == "CASUALTY"]
    return sum(not any(s <= m.start < e for s, e in casualties) for m in find_numbers(record["text"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stats", action="store_true", help="print the datasheet's count tables")
    args = parser.parse_args()
    records = load_markup(DATA / "markup")
    splits_path = DATA / "splits.json"
    assignment: dict[str, str] = json.loads(splits_path.read_text()) if splits_path.exists() else {}
    for record in records:
        assignment.setdefault(record["doc_id"], split_for(record.get("meta", {}).get("story", record["doc_id"])))
    known = {r["doc_id"] for r in records}
    assignment = {doc: split for doc, split in sorted(assignment.items()) if doc in known}
    splits_path.write_text(json.dumps(assignment, indent=1) + "\n")
    splits = {s: [r for r in records if assignment[r["doc_id"]] == s] for s in SPLITS}
    variants = punctuation_variants(splits["train"], PUNCTUATION_VARIANT_SHARE)
    for split, split_records in splits.items():
        write_jsonl(split_records + (variants if split == "train" else []), DATA / f"{split}.jsonl")
    print(" ".join(f"{s}: {len(rs)} units / {len({r['doc_id'] for r in rs})} docs" for s, rs in splits.items())
          + f"; train also has {len(variants)} augmented punctuation variants")
    if args.stats:
        print(stats_markdown(splits))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
