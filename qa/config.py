"""Where things live by default. Read when called, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

MAX_QUESTION_CHARS = 2000


def default_store_path() -> Path:
    """``$QA_STORE``, else ``$XDG_DATA_HOME/docqa/store`` (``~/.local/share/docqa/store``)."""
    if os.environ.get("QA_STORE"):
        return Path(os.environ["QA_STORE"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "docqa" / "store"


def default_seeds_path() -> Path:
    """``$QA_SEEDS``, else the ``seeds/`` folder beside the installed packages (the repository's)."""
    if os.environ.get("QA_SEEDS"):
        return Path(os.environ["QA_SEEDS"]).expanduser()
    return Path(__file__).resolve().parent.parent / "seeds"
