"""The public entry point: :class:`Tagger` and :func:`tag`, composing the three models into Documents."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from libya_nlp.casualties import casualty_attributes
from libya_nlp.corpus.bio import bio_to_spans
from libya_nlp.document import Document, Entity, Sentence
from libya_nlp.inference import predict_label_probabilities, predict_word_tags
from libya_nlp.modeling import LoadedModel, load_model
from libya_nlp.schema import NEUTRAL_STANCE, NON_EVENT_TYPE
from libya_nlp.text.sentences import split_sentences
from libya_nlp.text.words import Segment

MODEL_PARTS = ("tagger", "event_type", "stance")
MODELS_ENV = "LIBYA_NLP_MODELS"


def default_models_dir() -> Path:
    """``$LIBYA_NLP_MODELS``, else the repository's ``models/`` folder beside the package."""
    return Path(os.environ.get(MODELS_ENV) or Path(__file__).resolve().parent.parent / "models")


class Tagger:
    """Entities, sentence event types and stances for Arabic news.

    >>> tagger = Tagger.from_pretrained("models")
    >>> doc = tagger("قصفت قوات حفتر مطار معيتيقة")
    """

    def __init__(self, entities: LoadedModel, event_type: LoadedModel, stance: LoadedModel):
        self.entity_model, self.event_model, self.stance_model = entities, event_type, stance

    @classmethod
    def from_pretrained(cls, path: str | Path | None = None) -> "Tagger":
        """Load from a folder holding ``tagger/``, ``event_type/`` and ``stance/`` (default: the shipped models)."""
        root = Path(path) if path is not None else default_models_dir()
        missing = [part for part in MODEL_PARTS if not (root / part).is_dir()]
        if missing:
            raise FileNotFoundError(
                f"{root} lacks {', '.join(f'{m}/' for m in missing)}; pass the folder that holds the trained models "
                f"(the repo ships them in models/; set {MODELS_ENV} or train them with `libya-nlp train`)"
            )
        loaded = [load_model(root / part) for part in MODEL_PARTS]
        share_input_embeddings(loaded)
        return cls(*loaded)

    def __call__(self, texts: str | Iterable[str], batch_size: int = 32, show_progress: bool = False) -> Document | list[Document]:
        """Tag one text (returns a Document) or many (returns a list in the same order)."""
        if isinstance(texts, str):
            return self.tag_many([texts], batch_size, show_progress)[0]
        if isinstance(texts, bytes):
            raise TypeError("tag() got bytes; decode them first, e.g. tag(data.decode('utf-8'))")
        return self.tag_many(list(texts), batch_size, show_progress)

    def tag_many(self, texts: Sequence[str], batch_size: int = 32, show_progress: bool = False) -> list[Document]:
        """Tag a list of texts; sentences of all texts are batched together."""
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] is {type(text).__name__}, not str; pass strings (decode bytes, skip None)")
        sentences = [split_sentences(text) for text in texts]
        flat = [s.text for doc in sentences for s in doc]
        progress = _progress_bar(show_progress)
        word_tags = predict_word_tags(self.entity_model, flat, batch_size, progress)
        events = predict_label_probabilities(self.event_model, flat, batch_size, progress)
        stances = predict_label_probabilities(self.stance_model, flat, batch_size, progress)
        if progress:
            progress.close()
        documents, k = [], 0
        for text, doc_sentences in zip(texts, sentences):
            n = len(doc_sentences)
            documents.append(self._document(text, doc_sentences, word_tags[k:k + n], events[k:k + n], stances[k:k + n]))
            k += n
        return documents

    def _document(self, text: str, sentences: Sequence[Segment], word_tags, events, stances) -> Document:
        entities: list[Entity] = []
        results: list[Sentence] = []
        for sentence, predictions, event_row, stance_row in zip(sentences, word_tags, events, stances):
            words = [Segment(p.word.text, p.word.start + sentence.start, p.word.end + sentence.start) for p in predictions]
            first = len(entities)
            for span in bio_to_spans(words, [p.tag for p in predictions]):
                scores = [p.score for p, w in zip(predictions, words) if span["start"] <= w.start < span["end"]]
                entities.append(Entity(span["label"], text[span["start"]:span["end"]], span["start"], span["end"], round(sum(scores) / len(scores), 4)))
            actors = [(i, e.start, e.end) for i, e in enumerate(entities[first:], start=first) if e.label == "ACTOR"]
            for entity in entities[first:]:
                if entity.label == "CASUALTY":
                    attributes = casualty_attributes(text, entity.start, entity.end, actors)
                    entity.kind, entity.value, entity.approximate, entity.actor = attributes.kind, attributes.value, attributes.approximate, attributes.actor
            results.append(_sentence(sentence, self.event_model.labels, event_row, self.stance_model.labels, stance_row))
        stance, stance_score = document_stance(results)
        event_types = sorted({s.event_type for s in results if s.event_type != NON_EVENT_TYPE})
        return Document(text, entities, results, stance, stance_score, event_types)


def share_input_embeddings(models: Sequence[LoadedModel]) -> int:
    """Let models whose input embeddings are identical use one matrix (LoRA never changes them).

    With multilingual-e5-small the matrix is 250k x 384 floats, so this saves about 384 MB per extra
    model. Returns how many models now share the first model's embeddings.
    """
    import torch

    first = models[0].model.get_input_embeddings()
    shared = 0
    for other in models[1:]:
        embeddings = other.model.get_input_embeddings()
        if embeddings.weight.shape == first.weight.shape and torch.equal(embeddings.weight, first.weight):
            other.model.set_input_embeddings(first)
            shared += 1
    return shared


def _sentence(segment: Segment, event_labels: list[str], event_row, stance_labels: list[str], stance_row) -> Sentence:
    event_probabilities = {label: round(float(p), 4) for label, p in zip(event_labels, event_row)}
    stance_probabilities = {label: round(float(p), 4) for label, p in zip(stance_labels, stance_row)}
    event = max(event_probabilities, key=event_probabilities.get)
    stance = max(stance_probabilities, key=stance_probabilities.get)
    return Sentence(segment.text, segment.start, segment.end, event, event_probabilities[event], stance,
                    stance_probabilities[stance], event_probabilities, stance_probabilities)


def document_stance(sentences: Sequence[Sentence]) -> tuple[str, float]:
    """The stance of the loaded sentences (the camp with the larger summed score), neutral only if none is loaded."""
    totals: dict[str, list[float]] = {}
    for sentence in sentences:
        if sentence.stance != NEUTRAL_STANCE:
            totals.setdefault(sentence.stance, []).append(sentence.stance_score)
    if not totals:
        scores = [s.stance_score for s in sentences]
        return NEUTRAL_STANCE, round(sum(scores) / len(scores), 4) if scores else 1.0
    stance = max(totals, key=lambda label: sum(totals[label]))
    return stance, round(sum(totals[stance]) / len(totals[stance]), 4)


def _progress_bar(enabled: bool):
    """A bar over model windows (three models per sentence); the predictors add their windows to its total."""
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=0, desc="libya_nlp", unit="window")


_DEFAULT: Tagger | None = None


def tag(texts: str | Iterable[str], batch_size: int = 32, show_progress: bool = False) -> Document | list[Document]:
    """Tag with the default (shipped) models, loaded on first use. See :class:`Tagger`."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Tagger.from_pretrained()
    return _DEFAULT(texts, batch_size=batch_size, show_progress=show_progress)
