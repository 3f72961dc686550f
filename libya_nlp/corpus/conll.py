"""CoNLL import/export (one ``token<TAB>tag`` per line, a blank line between units)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from libya_nlp.casualties import casualty_attributes
from libya_nlp.corpus.bio import bio_to_spans, spans_to_bio
from libya_nlp.text.words import Segment


def write_conll(records: Iterable[dict], path: str | Path) -> None:
    """Export records as word-level BIO in CoNLL format."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            words, tags = spans_to_bio(record["text"], record["entities"])
            handle.writelines(f"{w.text}\t{t}\n" for w, t in zip(words, tags))
            handle.write("\n")


def read_conll(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Read CoNLL units as (tokens, tags); the tag is the last tab- or space-separated column."""
    units: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    units.append((tokens, tags))
                    tokens, tags = [], []
                continue
            columns = line.split("\t") if "\t" in line else line.split()
            if len(columns) < 2:
                raise ValueError(f"{path}:{number}: expected 'token<TAB>tag', got {line!r}")
            tokens.append(columns[0])
            tags.append(columns[-1])
    if tokens:
        units.append((tokens, tags))
    return units


def conll_to_record(tokens: list[str], tags: list[str], unit_id: str, doc_id: str, event_type: str, stance: str) -> dict:
    """Build a corpus record from one CoNLL unit: tokens joined by single spaces, spans from the tags.

    CoNLL carries no sentence labels, so the caller states ``event_type`` and ``stance``; CASUALTY
    attributes are computed by :func:`~libya_nlp.casualties.casualty_attributes` (check them by hand).
    """
    words: list[Segment] = []
    position = 0
    for token in tokens:
        words.append(Segment(token, position, position + len(token)))
        position += len(token) + 1
    text = " ".join(tokens)
    entities = bio_to_spans(words, tags)
    actors = [(i, e["start"], e["end"]) for i, e in enumerate(entities) if e["label"] == "ACTOR"]
    for entity in entities:
        if entity["label"] == "CASUALTY":
            attributes = casualty_attributes(text, entity["start"], entity["end"], actors)
            entity.update(kind=attributes.kind, value=attributes.value, approximate=attributes.approximate, actor=attributes.actor)
    return {"id": unit_id, "doc_id": doc_id, "text": text, "entities": entities,
            "event_type": event_type, "stance": stance, "source": "real"}
