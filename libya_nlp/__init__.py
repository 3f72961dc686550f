"""libya_nlp: entities, event types and stances from Arabic news about the Libyan conflict.

>>> from libya_nlp import tag
>>> doc = tag("قصفت قوات حفتر مطار معيتيقة بصواريخ غراد مما أسفر عن مقتل 8 أشخاص")
>>> [(e.label, e.text) for e in doc.entities]

Importing the package registers the ``"libya-nlp"`` task with ``transformers.pipeline``. The
corpus and text tools (``libya_nlp.corpus``, ``libya_nlp.text``, ``libya_nlp.numbers``) need only
the standard library, so they also run where torch is not installed.
"""

from importlib.util import find_spec

from libya_nlp.document import Document, Entity, Sentence
from libya_nlp.logger import get_logger, set_verbosity

__version__ = "0.1.0"
__all__ = ["Document", "Entity", "Sentence", "Tagger", "get_logger", "set_verbosity", "tag"]

if find_spec("torch") and find_spec("transformers"):
    from libya_nlp.pipeline import register as _register_pipeline
    from libya_nlp.tagger import Tagger, tag

    _register_pipeline()
