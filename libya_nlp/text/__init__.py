"""Arabic text handling that never changes the caller's offsets."""

from libya_nlp.text.normalize import NormalizedText, normalize
from libya_nlp.text.sentences import split_sentences
from libya_nlp.text.words import Segment, is_word_char, split_words

__all__ = ["NormalizedText", "Segment", "is_word_char", "normalize", "split_sentences", "split_words"]
