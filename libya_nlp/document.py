"""Typed results of :func:`libya_nlp.tag`: a Document with its entities and sentences."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Entity:
    """An entity span; ``text == document.text[start:end]`` always.

    CASUALTY entities also carry ``kind`` (killed / wounded / captured), ``value`` (the count),
    ``approximate`` and ``actor`` (index in ``Document.entities`` of the ACTOR they belong to).
    """

    label: str
    text: str
    start: int
    end: int
    score: float
    kind: str | None = None
    value: int | None = None
    approximate: bool | None = None
    actor: int | None = None


@dataclass
class Sentence:
    """A sentence with its event type and stance, and the probability of every label."""

    text: str
    start: int
    end: int
    event_type: str
    event_score: float
    stance: str
    stance_score: float
    event_probabilities: dict[str, float] = field(default_factory=dict)
    stance_probabilities: dict[str, float] = field(default_factory=dict)


@dataclass
class Document:
    """A tagged text. ``stance`` comes from its loaded sentences; ``event_types`` from its sentences' types other than ``other``."""

    text: str
    entities: list[Entity]
    sentences: list[Sentence]
    stance: str
    stance_score: float
    event_types: list[str]

    def to_dict(self) -> dict:
        """Plain JSON-serializable data (floats are Python floats)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        """Rebuild a Document from :meth:`to_dict` output."""
        return cls(
            text=data["text"],
            entities=[Entity(**e) for e in data["entities"]],
            sentences=[Sentence(**s) for s in data["sentences"]],
            stance=data["stance"],
            stance_score=data["stance_score"],
            event_types=list(data["event_types"]),
        )
