"""The code's label lists agree with docs/annotation-guidelines.md (and the shared spec it copies)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from libya_nlp.schema import BIO_TAGS, CASUALTY_KINDS, ENTITY_LABELS, EVENT_TYPES, STANCES

DOCS = Path(__file__).parent.parent / "docs" / "annotation-guidelines.md"
SHARED = Path(__file__).parent.parent.parent / "shared" / "spec" / "annotation-guidelines.md"


def table_first_column(text: str, header: str) -> list[str]:
    """The first column of the markdown table whose header row starts with ``| header |``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line.split("|")[1].strip())
    return rows


@pytest.fixture(scope="module")
def guidelines() -> str:
    return DOCS.read_text(encoding="utf-8")


def test_entity_labels(guidelines: str):
    assert tuple(table_first_column(guidelines, "label")[:4]) == ENTITY_LABELS
    assert BIO_TAGS[0] == "O" and len(BIO_TAGS) == 1 + 2 * len(ENTITY_LABELS)


def test_event_types_and_stances(guidelines: str):
    rest = guidelines.split("Event type (ACLED-aligned", 1)[1]
    assert tuple(table_first_column(rest, "label")) == EVENT_TYPES
    stance_part = rest.split("Stance: how the sentence frames", 1)[1]
    assert tuple(table_first_column(stance_part, "label")) == STANCES


def test_casualty_kinds(guidelines: str):
    match = re.search(r"Every CASUALTY gets `kind` \(([^)]*)\)", guidelines)
    assert match and tuple(re.findall(r"`(\w+)`", match.group(1))) == CASUALTY_KINDS


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside this checkout")
def test_project_copy_starts_with_the_shared_spec_unchanged(guidelines: str):
    assert guidelines.startswith(SHARED.read_text(encoding="utf-8"))
