"""How many chunks a folder of HTML pages makes, how many hold navigation or footer text, and
which lines of text repeat on several pages (boilerplate the main-content rules missed).

    python bench/chunk_count.py FOLDER              # this tree's loader
    (cd OLD_WORKTREE && PYTHONPATH=. python /path/to/bench/chunk_count.py FOLDER)   # another commit's

Used for issue 16's real-corpus check (Debian's python3.11-doc pages: the tutorial and 20
library pages). The navigation test is a few Sphinx phrases; adapt it to another site.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

NAVIGATION = re.compile(r"Navigation|previous \|next|Theme Auto|Report a Bug|Show Source")


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.chunker import Chunker, ChunkerConfig
    from index.embedders import default_embedder
    from index.loaders import load_document

    pages = sorted(Path(sys.argv[1]).glob("*.html"))
    chunker = Chunker(default_embedder(), ChunkerConfig())
    started = time.perf_counter()
    documents = [load_document(p) for p in pages]
    parse_s = time.perf_counter() - started
    chunks = [c for d in documents for c in chunker.chunk(d)]
    navigation = sum(bool(NAVIGATION.search(c.text)) for c in chunks)
    sys.stdout.write(f"pages {len(pages)} chunks {len(chunks)} with navigation text {navigation} "
                     f"characters {sum(len(d.text) for d in documents)} parse {parse_s:.2f} s\n")
    repeats = Counter(line for d in documents for line in {x.strip() for x in d.text.splitlines() if len(x.strip()) > 20})
    common = [(n, line) for line, n in repeats.most_common() if n >= 3]
    sys.stdout.write(f"lines of 20+ characters on 3 or more pages: {len(common)}\n")
    for n, line in common[:20]:
        sys.stdout.write(f"  {n} pages: {line[:100]}\n")


if __name__ == "__main__":
    main()
