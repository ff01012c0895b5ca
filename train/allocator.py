"""Run reader training under jemalloc when the machine has it (Debian: ``libjemalloc2``).

Each training step allocates activations of tens of megabytes. The C library's allocator hands
blocks that large back to the kernel when they are freed, so the next step faults every page in
again: on the 2-core EPYC a third of the training process's CPU time went to the kernel (and as
much under jemalloc's defaults: 300,000 page faults a second). jemalloc told never to return
freed pages and to back its extents with transparent huge pages keeps them mapped
(train/README.md, "The allocator").

An allocator is chosen before the process starts, so the command re-runs itself once with
``LD_PRELOAD`` set. ``DOCQA_TRAIN_MALLOC=system`` keeps the C library's allocator.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

logger = logging.getLogger("train.allocator")

LIBRARY_NAME = "libjemalloc.so.2"
SEARCH_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib")
MALLOC_CONF = "thp:always,dirty_decay_ms:-1,muzzy_decay_ms:-1"
SWITCH = "DOCQA_TRAIN_MALLOC"
CHOICES = ("jemalloc", "system")


def find_jemalloc(dirs: Sequence[str] = SEARCH_DIRS) -> Path | None:
    """The first ``libjemalloc.so.2`` in ``dirs``, or None."""
    for folder in dirs:
        path = Path(folder) / LIBRARY_NAME
        if path.is_file():
            return path
    return None


def jemalloc_env(environ: Mapping[str, str], library: Path | None) -> dict[str, str] | None:
    """The environment to re-run the command in, or None to go on as it is: jemalloc is already
    preloaded, ``DOCQA_TRAIN_MALLOC=system`` asks for the C library's allocator, or ``library``
    is None (not installed). A ``LD_PRELOAD`` or ``MALLOC_CONF`` already set is kept."""
    choice = environ.get(SWITCH, "jemalloc")
    if choice not in CHOICES:
        raise ValueError(f"{SWITCH}={choice!r}: expected one of {', '.join(CHOICES)}")
    preloaded = environ.get("LD_PRELOAD", "")
    if choice == "system" or library is None or LIBRARY_NAME in preloaded:
        return None
    env = dict(environ)
    env["LD_PRELOAD"] = f"{library}:{preloaded}" if preloaded else str(library)
    env.setdefault("MALLOC_CONF", MALLOC_CONF)
    return env


def rerun_under_jemalloc(module: str, argv: Sequence[str]) -> None:
    """Replace this process with ``python -m module argv...`` under jemalloc, when
    :func:`jemalloc_env` says so; otherwise return (with a hint when it is not installed). A bad
    ``DOCQA_TRAIN_MALLOC`` ends the command with a message that names it."""
    library = find_jemalloc()
    try:
        env = jemalloc_env(os.environ, library)
    except ValueError as error:
        raise SystemExit(f"{module}: {error}") from None
    if env is None:
        if library is None and os.environ.get(SWITCH) != "system":
            logger.warning("%s not found: training runs on the C library's allocator, which spends much of a "
                           "CPU's time on page faults (apt-get install libjemalloc2)", LIBRARY_NAME)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", module, *argv], env)
