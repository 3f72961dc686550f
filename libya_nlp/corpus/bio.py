"""Conversions between span records and word-level BIO tags (exact round trip of spans)."""

from __future__ import annotations

from collections.abc import Sequence

from libya_nlp.schema import ENTITY_LABELS
from libya_nlp.text.words import Segment, split_words


def spans_to_bio(text: str, entities: Sequence[dict], words: Sequence[Segment] | None = None) -> tuple[list[Segment], list[str]]:
    """Tag each word of ``text`` with B-/I-/O from entity spans that start and end on word boundaries."""
    words = list(split_words(text) if words is None else words)
    tags = ["O"] * len(words)
    for entity in entities:
        inside = [i for i, w in enumerate(words) if w.start >= entity["start"] and w.end <= entity["end"]]
        if not inside or words[inside[0]].start != entity["start"] or words[inside[-1]].end != entity["end"]:
            raise ValueError(
                f"entity [{entity['start']}, {entity['end']}) {text[entity['start']:entity['end']]!r} does not start and end "
                "on word boundaries; run `libya-nlp validate` on the file"
            )
        tags[inside[0]] = f"B-{entity['label']}"
        for i in inside[1:]:
            tags[i] = f"I-{entity['label']}"
    return words, tags


def bio_to_spans(words: Sequence[Segment], tags: Sequence[str]) -> list[dict]:
    """Turn word tags back into ``{"start", "end", "label"}`` spans; an I- that follows no span of its label starts one."""
    if len(words) != len(tags):
        raise ValueError(f"{len(words)} words but {len(tags)} tags; give one tag per word")
    spans: list[dict] = []
    previous_label: str | None = None
    for word, tag in zip(words, tags):
        if tag == "O":
            previous_label = None
            continue
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or label not in ENTITY_LABELS:
            raise ValueError(f"unknown tag {tag!r}; use O or B-/I- with one of {', '.join(ENTITY_LABELS)}")
        if prefix == "I" and previous_label == label:
            spans[-1]["end"] = word.end
        else:
            spans.append({"start": word.start, "end": word.end, "label": label})
        previous_label = label
    return spans
