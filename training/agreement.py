"""Second-pass annotation: export raw text for a second annotator, then measure agreement.

    python training/agreement.py export --docs DOC_ID... --out data/second_pass/raw.txt
    python training/agreement.py compare data/second_pass/pass2-*.txt [--first-rev first-pass] [--disagreements OUT.md]

``compare`` matches the second pass's units to the first pass (data/markup) by document id and
position, refuses any unit whose text differs, and prints entity precision/recall/F1 (exact
span and label, first pass as reference) per label and Cohen's kappa for event type and stance.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from libya_nlp.corpus.markup import convert_markup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import DATA, load_markup  # noqa: E402


def export_raw(doc_ids: list[str], out: Path) -> None:
    """Write the documents' plain text, one unit per line, under ``### doc`` headers."""
    records = load_markup(DATA / "markup")
    wanted = set(doc_ids)
    lines: list[str] = []
    current = None
    for record in records:
        if record["doc_id"] not in wanted:
            continue
        if record["doc_id"] != current:
            current = record["doc_id"]
            lines.append(f"### doc {current}")
        lines.append(record["text"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(wanted)} documents to {out}")


def _spans(record: dict) -> set[tuple[int, int, str]]:
    return {(e["start"], e["end"], e["label"]) for e in record["entities"]}


def _first_pass(revision: str | None) -> dict[str, dict]:
    """The reference annotation: data/markup as it is, or as it was at a git revision."""
    if revision is None:
        return {r["id"]: r for r in load_markup(DATA / "markup")}
    names = subprocess.run(["git", "ls-tree", "--name-only", revision, "data/markup/"], capture_output=True, text=True,
                           check=True, cwd=DATA.parent).stdout.split()
    records: dict[str, dict] = {}
    for name in names:
        text = subprocess.run(["git", "show", f"{revision}:{name}"], capture_output=True, text=True, check=True, cwd=DATA.parent).stdout
        converted, problems = convert_markup(text.splitlines(), f"{revision}:{name}")
        if problems:
            raise SystemExit("\n".join(map(str, problems)))
        records.update((r["id"], r) for r in converted)
    return records


def compare(paths: list[Path], disagreements: Path | None, revision: str | None = None) -> None:
    from sklearn.metrics import cohen_kappa_score

    first = _first_pass(revision)
    second = []
    for path in paths:
        records, problems = convert_markup(path.read_text(encoding="utf-8").splitlines(), str(path))
        if problems:
            raise SystemExit("\n".join(map(str, problems)))
        second += records
    pairs = []
    for record in second:
        reference = first.get(record["id"])
        if reference is None or reference["text"] != record["text"]:
            raise SystemExit(f"{record['id']}: the second pass must keep the first pass's units and text unchanged")
        pairs.append((reference, record))
    labels = sorted({s[2] for a, b in pairs for s in _spans(a) | _spans(b)})
    print(f"{len(pairs)} units in {len({a['doc_id'] for a, _ in pairs})} documents")
    print("| label | precision | recall | F1 | first-pass spans |\n|---|---|---|---|---|")
    for label in labels + ["all"]:
        keep = (lambda s: True) if label == "all" else (lambda s, l=label: s[2] == l)
        gold = sum(len({s for s in _spans(a) if keep(s)}) for a, _ in pairs)
        predicted = sum(len({s for s in _spans(b) if keep(s)}) for _, b in pairs)
        both = sum(len({s for s in _spans(a) & _spans(b) if keep(s)}) for a, b in pairs)
        p, r = both / max(predicted, 1), both / max(gold, 1)
        print(f"| {label} | {p:.3f} | {r:.3f} | {2 * p * r / max(p + r, 1e-9):.3f} | {gold} |")
    for field in ("event_type", "stance"):
        a, b = [x[field] for x, _ in pairs], [y[field] for _, y in pairs]
        agree = sum(x == y for x, y in zip(a, b)) / len(a)
        print(f"{field}: Cohen's kappa {cohen_kappa_score(a, b):.3f}, raw agreement {agree:.3f}")
    if disagreements:
        rows = []
        for a, b in pairs:
            spans_a, spans_b = _spans(a), _spans(b)
            if spans_a != spans_b or a["event_type"] != b["event_type"] or a["stance"] != b["stance"]:
                text = a["text"]
                rows.append(f"## {a['id']}\n{text}\n- first: {a['event_type']} / {a['stance']}; second: {b['event_type']} / {b['stance']}\n"
                            f"- only first: {[(text[s:e], l) for s, e, l in sorted(spans_a - spans_b)]}\n"
                            f"- only second: {[(text[s:e], l) for s, e, l in sorted(spans_b - spans_a)]}\n")
        disagreements.write_text("\n".join(rows), encoding="utf-8")
        print(f"{len(rows)} units with disagreements written to {disagreements}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export")
    export.add_argument("--docs", nargs="+", required=True)
    export.add_argument("--out", type=Path, required=True)
    comparison = commands.add_parser("compare")
    comparison.add_argument("paths", nargs="+", type=Path)
    comparison.add_argument("--disagreements", type=Path)
    comparison.add_argument("--first-rev", help="compare with data/markup as it was at this git revision (e.g. the tag first-pass)")
    args = parser.parse_args()
    if args.command == "export":
        export_raw(args.docs, args.out)
    else:
        compare(args.paths, args.disagreements, args.first_rev)


if __name__ == "__main__":
    main()
