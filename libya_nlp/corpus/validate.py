"""Checks every corpus line against the guidelines; each problem names file:line, what and the fix."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libya_nlp.schema import CASUALTY_KINDS, ENTITY_LABELS, EVENT_TYPES, SOURCES, STANCES
from libya_nlp.text.words import is_word_char

REQUIRED_FIELDS = ("id", "doc_id", "text", "entities", "event_type", "stance", "source")
OPTIONAL_FIELDS = ("meta",)
SPAN_FIELDS = {"start", "end", "label"}
CASUALTY_FIELDS = {"kind", "value", "approximate", "actor"}


@dataclass(frozen=True)
class Problem:
    """One validation failure at ``path:line``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _fmt_choices(choices: Iterable[str]) -> str:
    return ", ".join(choices)


def _check_span(text: str, span: Any, index: int, n_spans: int) -> list[str]:
    where = f"entities[{index}]"
    if not isinstance(span, dict):
        return [f"{where} is {type(span).__name__}; write an object like {{\"start\": 0, \"end\": 4, \"label\": \"ACTOR\"}}"]
    problems: list[str] = []
    label = span.get("label")
    allowed = SPAN_FIELDS | (CASUALTY_FIELDS if label == "CASUALTY" else set())
    unknown = sorted(set(span) - allowed)
    if unknown:
        problems.append(f"{where} has unknown field(s) {unknown}; allowed for {label}: {sorted(allowed)}")
    if label not in ENTITY_LABELS:
        problems.append(f"{where} has unknown label {label!r}; use one of {_fmt_choices(ENTITY_LABELS)}")
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        problems.append(f"{where} needs integer 'start' and 'end' (character offsets into 'text')")
        return problems
    if not 0 <= start < end <= len(text):
        problems.append(f"{where} [{start}, {end}) is outside the {len(text)}-character text or empty; offsets are 0-based, end exclusive")
        return problems
    if not is_word_char(text[start]) or not is_word_char(text[end - 1]):
        problems.append(f"{where} {text[start:end]!r} begins or ends on a space or punctuation; leave quotes, brackets and punctuation outside the span")
    if start > 0 and is_word_char(text[start - 1]):
        problems.append(f"{where} {text[start:end]!r} starts inside a word; extend it to the word start (clitics such as و ب ل stay inside)")
    if end < len(text) and is_word_char(text[end]):
        problems.append(f"{where} {text[start:end]!r} ends inside a word; extend it to the end of the word")
    if label == "CASUALTY":
        problems.extend(_check_casualty(span, where, n_spans))
    return problems


def _check_casualty(span: dict, where: str, n_spans: int) -> list[str]:
    problems: list[str] = []
    if span.get("kind") not in CASUALTY_KINDS:
        problems.append(f"{where} CASUALTY needs 'kind' in {_fmt_choices(CASUALTY_KINDS)}, got {span.get('kind')!r}")
    value = span.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        problems.append(f"{where} CASUALTY needs a positive integer 'value' (the count, words and Arabic-Indic digits converted), got {value!r}")
    if not isinstance(span.get("approximate"), bool):
        problems.append(f"{where} CASUALTY needs 'approximate': true or false (true for نحو، قرابة، أكثر من، عشرات، حوالي)")
    actor = span.get("actor")
    if actor is not None and not (isinstance(actor, int) and not isinstance(actor, bool) and 0 <= actor < n_spans):
        problems.append(f"{where} 'actor' must be null or the index of an ACTOR in 'entities' (0..{n_spans - 1}), got {actor!r}")
    return problems


def validate_record(record: Any) -> list[str]:
    """Return the problems of one decoded JSONL record (empty when it is valid)."""
    if not isinstance(record, dict):
        return [f"line is a JSON {type(record).__name__}; each line must be one JSON object"]
    problems: list[str] = []
    missing = [f for f in REQUIRED_FIELDS if f not in record]
    if missing:
        problems.append(f"missing field(s) {missing}; every line needs {list(REQUIRED_FIELDS)}")
    unknown = sorted(set(record) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        problems.append(f"unknown field(s) {unknown}; put free-form information under 'meta'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append("'text' must be a non-empty string")
        return problems
    for field in ("id", "doc_id"):
        if field in record and (not isinstance(record[field], str) or not record[field]):
            problems.append(f"'{field}' must be a non-empty string such as 'doc12-s3'")
    if "event_type" in record and record["event_type"] not in EVENT_TYPES:
        problems.append(f"unknown event_type {record['event_type']!r}; use one of {_fmt_choices(EVENT_TYPES)}")
    if "stance" in record and record["stance"] not in STANCES:
        problems.append(f"unknown stance {record['stance']!r}; use one of {_fmt_choices(STANCES)}")
    if "source" in record and record["source"] not in SOURCES:
        problems.append(f"unknown source {record['source']!r}; use one of {_fmt_choices(SOURCES)}")
    if "meta" in record and not isinstance(record["meta"], dict):
        problems.append("'meta' must be a JSON object")
    spans = record.get("entities", [])
    if not isinstance(spans, list):
        return problems + ["'entities' must be a list (use [] when the unit has none)"]
    for i, span in enumerate(spans):
        problems.extend(_check_span(text, span, i, len(spans)))
    problems.extend(_check_overlaps_and_links(spans))
    return problems


def _check_overlaps_and_links(spans: list) -> list[str]:
    problems: list[str] = []
    good = [(s["start"], s["end"], i) for i, s in enumerate(spans) if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
    good.sort()
    for (s1, e1, i1), (s2, e2, i2) in zip(good, good[1:]):
        if s2 < e1:
            problems.append(f"entities[{i1}] [{s1}, {e1}) and entities[{i2}] [{s2}, {e2}) overlap; spans are flat: keep the longest span that names one thing")
    if [i for _, _, i in good] != sorted(i for _, _, i in good):
        problems.append("entities are not in text order; sort them by 'start'")
    for i, span in enumerate(spans):
        if isinstance(span, dict) and isinstance(span.get("actor"), int) and 0 <= span["actor"] < len(spans):
            target = spans[span["actor"]]
            if not isinstance(target, dict) or target.get("label") != "ACTOR":
                problems.append(f"entities[{i}] 'actor' points to entities[{span['actor']}], which is not an ACTOR")
    return problems


def validate_lines(lines: Iterable[str], path: str = "<input>") -> list[Problem]:
    """Validate JSONL lines; also checks that ``id`` values are unique."""
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            problems.append(Problem(path, number, "empty line; remove it (JSONL has one object per line)"))
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(path, number, f"invalid JSON ({error.msg} at column {error.colno}); fix the quoting or escape the character"))
            continue
        problems.extend(Problem(path, number, message) for message in validate_record(record))
        unit_id = record.get("id") if isinstance(record, dict) else None
        if isinstance(unit_id, str):
            if unit_id in seen_ids:
                problems.append(Problem(path, number, f"duplicate id {unit_id!r} (first on line {seen_ids[unit_id]}); give every unit its own id"))
            seen_ids.setdefault(unit_id, number)
    return problems


def validate_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Validate JSONL files; a missing file is reported as a problem, not an exception."""
    problems: list[Problem] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            problems.append(Problem(str(path), 0, "no such file; pass the path of a .jsonl corpus file"))
            continue
        with path.open(encoding="utf-8") as handle:
            problems.extend(validate_lines(handle, str(path)))
    return problems
