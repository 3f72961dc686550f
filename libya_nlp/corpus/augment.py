"""Train-only variants of corpus units (``source: augmented``) that break known corpus shortcuts.

In the written corpus, headlines carry no final period and report sentences end with one, so a
classifier can type a sentence ``other`` from its missing period alone. A punctuation variant
flips that: a unit ending in final punctuation loses it, a unit without gains a period. The
words, labels and entity offsets are unchanged (spans never cover final punctuation).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

FINAL_PUNCTUATION = ".!?؟…"
PUNCTUATION_VARIANT_SHARE = 0.25
"""Share of the written train units that ``training/build_corpus.py`` also adds as a punctuation variant."""


def without_final_punctuation(record: dict) -> dict:
    """A copy of ``record`` whose text has its final punctuation (and trailing spaces) removed."""
    text = record["text"].rstrip()
    core = text.rstrip(FINAL_PUNCTUATION).rstrip()
    return {**record, "text": core} if core else dict(record)


def punctuation_variant(record: dict) -> dict | None:
    """The unit with its final punctuation flipped, as an augmented unit; None if it cannot be flipped."""
    stripped = without_final_punctuation(record)
    if stripped["text"] != record["text"].rstrip():
        return {**stripped, "id": f"{record['id']}-nopunct", "source": "augmented"}
    if record["text"] != record["text"].rstrip() or not record["text"].strip():
        return None
    return {**record, "text": record["text"] + ".", "id": f"{record['id']}-punct", "source": "augmented"}


def _chosen(unit_id: str, share: float) -> bool:
    return int(hashlib.sha1(unit_id.encode("utf-8")).hexdigest(), 16) % 1000 < share * 1000


def punctuation_variants(records: Iterable[dict], share: float) -> list[dict]:
    """Punctuation variants of a stable ``share`` of the written units (chosen by a hash of the unit id)."""
    variants = (punctuation_variant(r) for r in records if r["source"] == "written" and _chosen(r["id"], share))
    return [v for v in variants if v is not None]
