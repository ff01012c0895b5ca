"""A store of some documentation pages, shared by the benchmarks that ask questions of real pages."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def open_pages(docs: Path, store: Path, pages: Iterable[str], suffix: str = "html") -> Any:
    """``DocumentQA`` over ``store``: opened as it is when it exists, else built from ``docs/<page>.<suffix>``
    for each page (``"tutorial/errors"`` or ``"errors"``), copied into a temporary folder first."""
    from qa import DocumentQA

    if store.exists():
        return DocumentQA.open(store)
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            shutil.copy(docs / f"{page}.{suffix}", Path(tmp) / f"{Path(page).name}.{suffix}")
        return DocumentQA.build([Path(tmp)], store)
