"""Question answering over a document index, with exact cited spans."""

from qa.answers import Answer, Citation, Passage
from qa.api import DocumentQA

__all__ = ["Answer", "Citation", "DocumentQA", "Passage"]
