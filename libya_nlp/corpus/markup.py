"""An inline markup that annotators write by hand, converted to the JSONL corpus format.

A markup file holds documents::

    ### doc lnw-001
    meta: period=2019; framing=pro_gna; genre=wire
    remote_violence | pro_gna | قصفت [[مليشيات حفتر|ACTOR]] [[مطار معيتيقة|LOCATION]] ...
    battle | neutral | ... مقتل [[نحو 30|CASUALTY|killed|~30|of=قوات الوفاق]] من [[قوات الوفاق|ACTOR]]

Each unit line is ``event_type | stance | text``. ``[[surface|LABEL]]`` marks a span; a CASUALTY
adds ``kind`` and ``value`` (``~`` before the value marks it approximate) and optionally
``of=<exact text of an ACTOR span in the same unit>``. Lines starting with ``//`` are comments.
Offsets are computed here, so nobody counts characters by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from libya_nlp.corpus.validate import Problem, validate_record

SPAN_PATTERN = re.compile(r"\[\[(.+?)\]\]")
DOC_HEADER = re.compile(r"^###\s*doc\s+(\S+)\s*$")


def _parse_span(body: str) -> tuple[str, dict, str | None]:
    """Return (surface, entity fields without offsets, actor surface or None)."""
    parts = [p.strip() for p in body.split("|")]
    if len(parts) < 2 or not parts[0]:
        raise ValueError(f"span [[{body}]] needs at least 'surface|LABEL'")
    surface, label, rest = parts[0], parts[1], parts[2:]
    fields: dict = {"label": label}
    actor = None
    if label == "CASUALTY":
        if len(rest) < 2:
            raise ValueError(f"CASUALTY [[{body}]] needs 'surface|CASUALTY|kind|value' (value like 8 or ~30)")
        kind, value = rest[0], rest[1]
        approximate = value.startswith("~")
        try:
            number = int(value.lstrip("~"))
        except ValueError as error:
            raise ValueError(f"CASUALTY [[{body}]] value {value!r} is not an integer like 8 or ~30") from error
        fields.update(kind=kind, value=number, approximate=approximate)
        for extra in rest[2:]:
            if not extra.startswith("of="):
                raise ValueError(f"CASUALTY [[{body}]]: unknown part {extra!r}; only 'of=<ACTOR text>' may follow the value")
            actor = extra[3:].strip()
    elif rest:
        raise ValueError(f"span [[{body}]]: only CASUALTY spans take extra parts")
    return surface, fields, actor


def parse_unit(markup: str) -> tuple[str, list[dict]]:
    """Turn one marked-up text into plain text and entity dicts with offsets."""
    pieces: list[str] = []
    entities: list[dict] = []
    actors_wanted: list[tuple[int, str]] = []
    cursor, length = 0, 0
    for match in SPAN_PATTERN.finditer(markup):
        before = markup[cursor:match.start()]
        pieces.append(before)
        length += len(before)
        surface, fields, actor = _parse_span(match.group(1))
        if actor is not None:
            actors_wanted.append((len(entities), actor))
        entities.append({"start": length, "end": length + len(surface), **fields})
        pieces.append(surface)
        length += len(surface)
        cursor = match.end()
    pieces.append(markup[cursor:])
    text = "".join(pieces)
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced '[[' or ']]' left in the text")
    for index, actor in actors_wanted:
        candidates = [i for i, e in enumerate(entities) if e["label"] == "ACTOR" and text[e["start"]:e["end"]] == actor]
        if not candidates:
            raise ValueError(f"of={actor!r}: no ACTOR span with exactly that text in this unit")
        entities[index]["actor"] = candidates[0]
    return text, entities


def convert_markup(lines: list[str], path: str, source: str = "written") -> tuple[list[dict], list[Problem]]:
    """Convert a markup file's lines to JSONL records, validating each one."""
    records: list[dict] = []
    problems: list[Problem] = []
    doc_id: str | None = None
    meta: dict[str, str] = {}
    unit_number = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        header = DOC_HEADER.match(line)
        if header:
            doc_id, meta, unit_number = header.group(1), {}, 0
            continue
        if line.startswith("meta:"):
            meta = dict(item.split("=", 1) for item in (p.strip() for p in line[5:].split(";")) if "=" in item)
            meta = {k.strip(): v.strip() for k, v in meta.items()}
            continue
        if doc_id is None:
            problems.append(Problem(path, number, "unit before any '### doc <id>' header; start each document with one"))
            continue
        parts = line.split(" | ", 2)
        if len(parts) != 3:
            problems.append(Problem(path, number, "a unit line is 'event_type | stance | text' (spaces around each '|')"))
            continue
        event_type, stance, markup = (p.strip() for p in parts)
        try:
            text, entities = parse_unit(markup)
        except ValueError as error:
            problems.append(Problem(path, number, str(error)))
            continue
        unit_number += 1
        record = {"id": f"{doc_id}-s{unit_number}", "doc_id": doc_id, "text": text, "entities": entities,
                  "event_type": event_type, "stance": stance, "source": source}
        if meta:
            record["meta"] = dict(meta)
        problems.extend(Problem(path, number, message) for message in validate_record(record))
        records.append(record)
    return records, problems


def summarize(records: list[dict]) -> dict[str, Counter]:
    """Counts of documents, units, event types, stances, entity labels and casualty kinds."""
    return {
        "documents": Counter({"documents": len({r["doc_id"] for r in records}), "units": len(records)}),
        "event_type": Counter(r["event_type"] for r in records),
        "stance": Counter(r["stance"] for r in records),
        "entities": Counter(e["label"] for r in records for e in r["entities"]),
        "casualty_kind": Counter(e.get("kind") for r in records for e in r["entities"] if e["label"] == "CASUALTY"),
    }


def main(argv: list[str] | None = None) -> int:
    """Check markup files (and optionally write them as JSONL): ``python -m libya_nlp.corpus.markup FILE...``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, help="write the converted records to this JSONL file")
    args = parser.parse_args(argv)
    records: list[dict] = []
    problems: list[Problem] = []
    for path in args.files:
        file_records, file_problems = convert_markup(path.read_text(encoding="utf-8").splitlines(), str(path))
        records += file_records
        problems += file_problems
    seen: Counter = Counter(r["id"] for r in records)
    problems += [Problem("<all files>", 0, f"duplicate unit id {i!r}: document ids must be unique") for i, c in seen.items() if c > 1]
    for problem in problems:
        print(problem, file=sys.stderr)
    for name, counts in summarize(records).items():
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))
    if args.out and not problems:
        with args.out.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
