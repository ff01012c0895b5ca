"""Question answering over a document index, with exact cited spans.

The public surface: :class:`DocumentQA` (build, open, ask, index, remove, documents, status),
its settings (:class:`RetrievalConfig`, :class:`AnswerConfig`, :class:`ChunkerConfig`,
:class:`StoreOptions`), what it
returns (:class:`Answer`, :class:`Citation`, :class:`Passage`, each carrying a :class:`Span` of a
stored document) and the root of every error it
raises on purpose (:class:`QAError`)."""

from index.chunker import ChunkerConfig
from index.documents import Span
from index.errors import QAError
from index.options import StoreOptions
from qa.answerer import AnswerConfig
from qa.answers import Answer, Citation, Passage
from qa.api import DocumentQA
from qa.retriever import RetrievalConfig

__all__ = ["Answer", "AnswerConfig", "ChunkerConfig", "Citation", "DocumentQA", "Passage", "QAError", "RetrievalConfig",
           "Span", "StoreOptions"]
