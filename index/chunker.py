"""Sentence-aware chunking sized in the embedding model's word pieces."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from index.documents import Chunk, Document, Span
from index.errors import InvalidInputError
from index.sentences import split_sentences

SPECIAL_TOKENS = 2  # [CLS] and [SEP] take two places of the model's window

#: The chunking's revision: bump it when a change here or in ``index.sentences`` would cut the same
#: text into other chunks. A store records it per file beside the file's extraction
#: (``index.sync.readings``), and the next sync reads such files again: a file whose chunks come out
#: the same keeps its vectors, the others are embedded again. (Stores written before it was
#: recorded read every file again once.)
CHUNKING_VERSION = 3  # 2 (2026-12-04): a chunk ends before a heading in its second half (HEADING_FILL);
# 3 (2026-12-07): a bullet ("•", "◦", "▪", "‣") starts a sentence, at a line's start or inside one

#: A chunk that would run on past a heading ends before it when the text before that heading fills
#: at least this share of the budget; the next chunk then starts at the heading, with no overlap.
#: A reference page's entry (a signature heading and its definition) then stays in one chunk instead
#: of its definition opening the next one with the previous entry's tail in front.
HEADING_FILL = 0.5


class Tokenizing(Protocol):
    """The part of an embedder the chunker needs."""

    @property
    def max_tokens(self) -> int: ...

    def token_spans(self, text: str) -> list[tuple[int, int]]: ...


@dataclass(frozen=True)
class ChunkerConfig:
    """How documents are cut: at most ``max_tokens`` word pieces a chunk, and
    about ``overlap_tokens`` of whole sentences repeated between neighbours."""

    max_tokens: int = 220
    overlap_tokens: int = 40

    def __post_init__(self) -> None:
        if self.max_tokens < 8:
            raise InvalidInputError(f"max_tokens must be at least 8, got {self.max_tokens!r}")
        if not 0 <= self.overlap_tokens <= self.max_tokens // 2:
            raise InvalidInputError(
                f"overlap_tokens must be between 0 and max_tokens/2 ({self.max_tokens // 2}), "
                f"got {self.overlap_tokens!r}"
            )

    def as_dict(self) -> dict[str, Any]:
        """The settings as recorded in a store's manifest (compared when the store is opened)."""
        return {"splitter": "blingfire-sentences", **asdict(self)}


class Chunker:
    """Cuts a document into chunks of whole sentences.

    A sentence longer than the budget is cut at word-piece boundaries, at a
    space where one is near. A chunk that would cross one of the document's
    headings late in its budget ends before it (``HEADING_FILL``). Every chunk
    satisfies ``document.text[chunk.start:chunk.end] == chunk.text``.
    """

    def __init__(self, tokenizer: Tokenizing, config: ChunkerConfig | None = None) -> None:
        self.tokenizer = tokenizer
        self.config = config or ChunkerConfig()
        window = tokenizer.max_tokens - SPECIAL_TOKENS
        if self.config.max_tokens > window:
            raise InvalidInputError(
                f"max_tokens={self.config.max_tokens} does not fit the model's window of "
                f"{tokenizer.max_tokens} word pieces (at most {window} of text)"
            )

    def chunk(self, document: Document) -> list[Chunk]:
        text = document.text
        spans = self.tokenizer.token_spans(text)
        starts = [s for s, _ in spans]

        def count(a: int, b: int) -> int:
            return bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)

        budget = self.config.max_tokens
        units: list[tuple[int, int]] = []
        for s, e in split_sentences(text):
            if count(s, e) <= budget:
                units.append((s, e))
            else:
                units.extend(self._split_long(text, s, e, spans, starts, budget))

        headings = sorted(offset for offset, _, _ in document.headings)

        def opens_heading(unit: tuple[int, int]) -> bool:
            k = bisect.bisect_left(headings, unit[0])
            return k < len(headings) and headings[k] < unit[1]

        chunks: list[Chunk] = []
        i = 0
        while i < len(units):
            j = i + 1
            while j < len(units) and count(units[i][0], units[j][1]) <= budget:
                j += 1
            cut = next((m for m in range(j - 1, i, -1) if opens_heading(units[m])
                        and count(units[i][0], units[m - 1][1]) >= HEADING_FILL * budget), None) if j < len(units) else None
            start, end = units[i][0], units[(cut or j) - 1][1]
            span = Span(0, document.doc_id, document.source, document.title, start, end, text[start:end])
            chunks.append(Chunk(span, count(start, end)))
            if cut is not None:
                i = cut
                continue
            if j == len(units):
                break
            k = j
            while k - 1 > i and count(units[k - 1][0], units[j - 1][1]) <= self.config.overlap_tokens:
                k -= 1
            i = k
        return chunks

    @staticmethod
    def _split_long(
        text: str, s: int, e: int, spans: list[tuple[int, int]], starts: list[int], budget: int
    ) -> list[tuple[int, int]]:
        """Cut an over-long sentence into pieces of at most ``budget`` word pieces."""
        first, last = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        cuts: list[int] = []
        i = first
        while last - i > budget:
            j = i + budget
            # prefer a cut before a word piece that follows a space
            for cand in range(j, i + budget // 2, -1):
                if spans[cand - 1][1] < spans[cand][0]:
                    j = cand
                    break
            cuts.append(spans[j][0])
            i = j
        bounds = [s, *cuts, e]
        pieces = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                pieces.append((a, b))
        return pieces
