"""The label schema of ``docs/annotation-guidelines.md``: the one place the code reads labels from."""

from __future__ import annotations

ENTITY_LABELS: tuple[str, ...] = ("ACTOR", "LOCATION", "WEAPON", "CASUALTY")
"""Entity span labels (flat, non-overlapping)."""

BIO_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I"))
"""Word-level BIO tags derived from :data:`ENTITY_LABELS`; index 0 is ``O``."""

EVENT_TYPES: tuple[str, ...] = (
    "battle",
    "remote_violence",
    "violence_against_civilians",
    "strategic_development",
    "political",
    "humanitarian",
    "other",
)
"""Sentence event types (ACLED-aligned plus ``political``, ``humanitarian`` and ``other``)."""

STANCES: tuple[str, ...] = ("pro_gna", "pro_lna", "neutral")
"""Sentence stances: framing that favours the Tripoli camp, Haftar's camp, or neither."""

CASUALTY_KINDS: tuple[str, ...] = ("killed", "wounded", "captured")
"""The ``kind`` attribute of a CASUALTY span."""

SOURCES: tuple[str, ...] = ("written", "real", "augmented")
"""Where a corpus unit comes from: written for this project, real published text, or generated variants."""

NEUTRAL_STANCE = "neutral"
NON_EVENT_TYPE = "other"


def bio_to_id() -> dict[str, int]:
    """Map each BIO tag to its class index."""
    return {tag: i for i, tag in enumerate(BIO_TAGS)}
