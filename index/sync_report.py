"""What a sync did, file by file (:class:`SyncReport`), and how ``qa index`` sums it up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["SyncReport"]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _types(counts: Counter[str], shown: int = 5) -> str:
    """The commonest suffixes with their counts: ``.json 3, .py 2, and 4 more types``."""
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:shown]
    rest = len(counts) - len(top)
    return ", ".join(f"{suffix} {n}" for suffix, n in top) + (f", and {_count(rest, 'more type')}" if rest else "")


@dataclass
class SyncReport:
    """What a sync did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # (old source, new source): kept, not re-embedded (unless also in ``reparsed``: read again at the new path)
    moved: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (skipped path, source indexed with that content)
    # unchanged files read again because docqa now extracts or chunks them differently (in
    # ``unchanged`` when the text and its chunks came out the same, else re-embedded)
    reparsed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    # chunks that took the vector of an equal text: one already indexed, or one embedded for several chunks
    chunks_reused: int = 0
    seconds: float = 0.0
    # files in the folders synced of types docqa does not read, by suffix (".json": 3)
    not_read: Counter[str] = field(default_factory=Counter)
    # a Sphinx build's page sources (``_sources/page.rst.txt``) found beside their HTML pages: not read
    page_sources: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed, {len(self.moved)} moved, "
            f"{_count(len(self.duplicates), 'duplicate')} skipped ({_count(self.chunks_embedded, 'chunk')} embedded"
            + (f", {_count(self.chunks_reused, 'vector')} reused" if self.chunks_reused else "")
            + f" in {self.seconds:.1f}s)"
            + (f"; {_count(len(self.reparsed), 'unchanged file')} read again by a newer extraction or chunking"
               if self.reparsed else "")
            + (f"; {_count(sum(self.not_read.values()), 'file')} of other types not read ({_types(self.not_read)})"
               if self.not_read else "")
            + (self._page_sources_line() if self.page_sources else "")
        )

    def _page_sources_line(self) -> str:
        pages = "its HTML page is" if len(self.page_sources) == 1 else "their HTML pages are"
        return f"; {_count(len(self.page_sources), 'Sphinx page source')} (_sources/*.txt) not read: {pages}"

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "moved": [{"from": a, "to": b} for a, b in self.moved],
            "duplicates": [{"path": p, "same_as": q} for p, q in self.duplicates],
            "reparsed": self.reparsed,
            "chunks_embedded": self.chunks_embedded,
            "chunks_reused": self.chunks_reused,
            "seconds": round(self.seconds, 3),
            "not_read": dict(sorted(self.not_read.items())),
            "page_sources": self.page_sources,
        }
