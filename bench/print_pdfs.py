"""Print the real-docs benchmark's HTML pages to PDF the way a user saves a web page: headless
Chromium's "Save as PDF", with its header (date, title) and footer (address, "page/pages") on
every page, so that `bench/real_docs.py --pdfs OUT` asks the same questions of PDFs.

    apt-get install chromium
    python bench/print_pdfs.py /usr/share/doc/python3.11/html --out /tmp/pdfdocs

Writes OUT/<page>.pdf for each page of `bench/real_docs.py` (tutorial/ and library/ kept).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from real_docs import PAGES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="the python3.11-doc html folder (/usr/share/doc/python3.11/html)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise SystemExit("no Chromium found: apt-get install chromium")
    for page in PAGES:
        target = args.out / f"{page}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        source = (args.docs / f"{page}.html").resolve().as_uri()
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={target}", source],
                       check=True, capture_output=True, timeout=300)
        print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
