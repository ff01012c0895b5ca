"""Questions asked of the documentation Debian installs under /usr/share/doc, as a user who points
``qa index`` at a few package folders asks them: does the first citation hold the answer, with
the trained reader and with the heuristic, and are unrelated questions refused?

    python bench/debian_docs.py /usr/share/doc --store /tmp/debian-docs-store

Indexes ten package folders (bash, gzip, grep, sed, less, systemd, openssh-client, util-linux,
apt, coreutils: READMEs, NEWS files and changelogs, most of them gzip-compressed) into the store
once (reopened as it is afterwards), then asks each question with both answerers on the same
retrieved passages. The changelogs are most of the text and mention most commands, so they are
the distractors; a citation counts as right when it comes from the named file and holds the
phrase. Written 2026-12-05, before any change was measured on it; the package versions are
Debian 12's (a newer release may word its NEWS differently). Ten questions ask when a release
came out (NEWS files date it in the release's heading alone) and five ask it of versions never
released, which must be refused: added later that day (see ``DATED``). Eleven ask in which
release a change was made, which NEWS files write in the heading of the section the change's
item lies under (``VERSIONED``, added in the third session that day).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from real_docs import holds

PACKAGES = ("bash", "gzip", "grep", "sed", "less", "systemd", "openssh-client", "util-linux", "apt",
            "coreutils")
# (question, the file that answers it as package/name, or a tuple of such files where the same
# sentence is in more than one, a phrase the answering sentence holds)
Files = str | tuple[str, ...]
QUESTIONS: tuple[tuple[str, Files, str], ...] = (
    ("What is a restricted shell used for?", "bash/RBASH", "more controlled than"),
    ("When does rbash turn off its restrictions?", "bash/RBASH", "turns off any restrictions"),
    ("When does bash enter POSIX mode if it is invoked as sh?", ("bash/POSIX.gz", "bash/NEWS.gz"),
     "after reading the startup"),
    ("Which shells does Bash incorporate features from?", "bash/INTRO.gz", "Korn shell"),
    ("Can the bash history list be saved between sessions?", "bash/INTRO.gz", "saved across shell sessions"),
    ("Which algorithm does gzip use by default?", "gzip/README.gz", "LZ77 algorithm"),
    ("Which extension did previous versions of gzip use?", "gzip/README.gz", "used the .z extension"),
    ("What does gunzip check for the gzip format?", "gzip/README.gz", "32 bit CRC"),
    ("Which file lengths did gzip -l misreport?", "gzip/NEWS.gz", "4 GiB and larger"),
    ("What is the grep -P option based on?", "grep/NEWS.gz", "based on PCRE2"),
    ("What should egrep and fgrep be replaced by?", ("grep/NEWS.gz", "grep/NEWS.Debian.gz"),
     "replaced by grep -E and grep -F"),
    ("What should be used instead of GREP_COLOR?", "grep/NEWS.gz", "GREP_COLORS='mt=xxx'"),
    ("What happened when sed --follow-symlinks -i was given a symbolic link cycle?", "sed/NEWS.gz",
     "loops forever"),
    ("Where does less store its history file if XDG_DATA_HOME is set?", "less/NEWS.gz",
     "$XDG_DATA_HOME/lesshst"),
    ("What should LESSCHARSET be set to when Chinese text shows as garbage?", "less/README.Debian", '"utf-8"'),
    ("Which editor does Debian's less fall back to?", "less/README.Debian", "/usr/bin/editor"),
    ("How do I read the logs that used to be in /var/log?", "systemd/README.logs", 'invoke "journalctl"'),
    ("Which syslog implementations can be installed beside the journal?", "systemd/README.logs",
     "syslog-ng or rsyslog"),
    ("Which file restricts an OpenSSH client to a specified tunnel?", "openssh-client/README.tun.gz",
     "/root/.ssh/authorized_keys"),
    ("What was hwclock --debug renamed to?", "util-linux/deprecated.txt", "renamed to --verbose"),
    ("How often is the util-linux minor version incremented?", "util-linux/release-schedule.txt",
     "roughly twice per year"),
    ("Which day of the week was 1 Jan 1 according to cal?", "util-linux/cal.txt", "is a Saturday"),
    ("What is the Hardware Clock also called?", "util-linux/hwclock.txt", "Real Time Clock"),
    ("How can I stop apt from upgrading other binaries of the same source package?", "apt/NEWS.Debian.gz",
     "Upgrade-By-Source-Package"),
    ("What replaced the 'Yes, do as I say' prompt of apt?", "apt/NEWS.Debian.gz", "replaced by an error message"),
    ("Which keys does apt's GPG verification try first?", "apt/NEWS.Debian.gz", "trusted.gpg.d keys"),
    ("What did chmod -R do when it encountered symlinks?", "coreutils/NEWS.gz", "exits with error status"),
)
# Added 2026-12-05 (second session that day), after gzip 1.12's and sed 4.9's dates were seen to be
# refused: NEWS files date each release in its heading alone, "* Noteworthy changes in release 1.12
# (2022-04-07) [stable]". Versions never released must be refused, never given another's date.
DATED: tuple[tuple[str, Files, str], ...] = (
    ("When was gzip 1.12 released?", "gzip/NEWS.gz", "release 1.12 (2022-04-07)"),
    ("When was gzip 1.11 released?", "gzip/NEWS.gz", "release 1.11 (2021-09-03)"),
    ("When was gzip 1.10 released?", "gzip/NEWS.gz", "release 1.10 (2018-12-29)"),
    ("When was sed 4.9 released?", "sed/NEWS.gz", "release 4.9 (2022-11-06)"),
    ("When was sed 4.8 released?", "sed/NEWS.gz", "release 4.8 (2020-01-14)"),
    ("When was sed 4.7 released?", "sed/NEWS.gz", "release 4.7 (2018-12-20)"),
    ("When was grep 3.8 released?", "grep/NEWS.gz", "release 3.8 (2022-09-02)"),
    ("When was grep 3.7 released?", "grep/NEWS.gz", "release 3.7 (2021-08-14)"),
    ("When was coreutils 9.1 released?", "coreutils/NEWS.gz", "release 9.1 (2022-04-15)"),
    ("When was coreutils 9.0 released?", "coreutils/NEWS.gz", "release 9.0 (2021-09-24)"),
)
# Added 2026-12-05 (third session that day), with answering from the heading an item lies under
# (qa.section_heads): which release made a change that a NEWS item describes below its release's
# heading. The first three were tried while that was written; the other eight were written after it
# and asked once. Right when the first citation is the release's heading in that NEWS file.
VERSIONED: tuple[tuple[str, Files, str], ...] = (
    ("In which gzip release was gzip -l fixed for files of 4 GiB and larger?", "gzip/NEWS.gz", "release 1.12 ("),
    ("Which sed release fixed the --follow-symlinks symbolic link cycle bug?", "sed/NEWS.gz", "release 4.9 ("),
    ("Since which grep release is -P based on PCRE2?", "grep/NEWS.gz", "release 3.8 ("),
    ("Which gzip release added hardware-accelerated deflation on IBM Z?", "gzip/NEWS.gz", "release 1.11 ("),
    ("In which gzip release did compressed output stop containing the current time as a timestamp?",
     "gzip/NEWS.gz", "release 1.10 ("),
    ("Which sed release lets the r command accept address 0?", "sed/NEWS.gz", "release 4.9 ("),
    ("In which release did sed -i start creating temporary files with the correct umask?", "sed/NEWS.gz",
     "release 4.8 ("),
    ("Which grep release made the --unix-byte-offsets option evoke a warning?", "grep/NEWS.gz", "release 3.7 ("),
    ("In which grep release did GREP_OPTIONS stop affecting grep's behavior?", "grep/NEWS.gz", "release 3.6 ("),
    ("Which grep release sends the binary file matches message to standard error?", "grep/NEWS.gz",
     "release 3.5 ("),
    ("In which gzip release was gzip -d -S fixed for upper-case suffixes?", "gzip/NEWS.gz", "release 1.9 ("),
)
NEVER_RELEASED = ("When was gzip 2.0 released?", "When was sed 5.1 released?", "When was coreutils 10.2 released?",
                  "When was grep 4.1 released?", "When was bash 6.0 released?")
UNRELATED = ("What is the capital of France?", "Who wrote Pride and Prejudice?",
             "How many moons does Jupiter have?", "What is the boiling point of water at sea level?",
             "Which team won the 2014 FIFA World Cup?")


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa import DocumentQA
    from qa.answerer import AnswerConfig, Answerer, ExtractiveAnswerer
    from qa.model_answerer import ModelAnswerer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="the documentation folder (/usr/share/doc)")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--in-package", action="store_true",
                        help="ask each question within its package's folder (`qa ask --in /usr/share/doc/PACKAGE`)")
    parser.add_argument("--timing", action="store_true",
                        help="only time retrieval (3 rounds of the questions): over the whole store, within each "
                        "question's package, and within the first 420 folders of DOCS")
    parser.add_argument("--model", type=Path, default=None,
                        help="a reader folder with its calibration (default: the shipped qa/models/reader)")
    args = parser.parse_args()
    bot = (DocumentQA.open(args.store) if args.store.exists()
           else DocumentQA.build([args.docs / name for name in PACKAGES], args.store))
    if args.timing:
        try:
            time_retrieval(bot, args.docs)
        finally:
            bot.close()
        return
    answerers: dict[str, Answerer] = {"model": ModelAnswerer(bot.corpus, AnswerConfig(answerer="model"),
                                                             model_dir=args.model),
                                      "heuristic": ExtractiveAnswerer(bot.corpus, AnswerConfig(answerer="heuristic"))}
    ranks: list[int | None] = []  # of the first of the ten best passages that answers
    try:
        right = ask_answerable(bot, answerers, QUESTIONS, ranks, args.docs if args.in_package else None)
        dated = ask_answerable(bot, answerers, DATED, [], args.docs if args.in_package else None)
        versioned = ask_answerable(bot, answerers, VERSIONED, [], args.docs if args.in_package else None)
        refused = {label: ask_unanswerable(bot, answerers, group)
                   for label, group in (("unrelated", UNRELATED), ("never released", NEVER_RELEASED))}
    finally:
        bot.close()
    print(f"retrieval ({len(ranks)} questions): answering passage first {ranks.count(1)}, "
          f"in the first five {sum(r is not None and r <= 5 for r in ranks)}, "
          f"MRR@10 {sum(1 / r for r in ranks if r) / len(ranks):.3f}")
    for kind in answerers:
        print(f"{kind}: first citation right {right[kind][0]}/{len(QUESTIONS)}, refused {right[kind][1]}; "
              f"unrelated refused {refused['unrelated'][kind]}/{len(UNRELATED)}; release dates right "
              f"{dated[kind][0]}/{len(DATED)} (refused {dated[kind][1]}), never-released versions refused "
              f"{refused['never released'][kind]}/{len(NEVER_RELEASED)}; releases of a change right "
              f"{versioned[kind][0]}/{len(VERSIONED)} (refused {versioned[kind][1]})")


def ask_answerable(bot: Any, answerers: dict[str, Any], questions: tuple[tuple[str, Files, str], ...],
                   ranks: list[int | None], docs: Path | None) -> dict[str, tuple[int, int]]:
    """Ask each question (within its package's folder under ``docs`` if given) with each answerer
    on the same passages: ``(first citation right, refused)`` per answerer; where the first of
    the ten best passages that answers ranks goes into ``ranks``."""
    right = dict.fromkeys(answerers, 0)
    refused = dict.fromkeys(answerers, 0)
    for question, name, phrase in questions:
        package = (name if isinstance(name, str) else name[0]).split("/")[0]
        ten = bot.retrieve(question, top_k=10, within=None if docs is None else [str(docs / package)])
        ranks.append(next((i for i, p in enumerate(ten, 1) if answers(p, name, phrase)), None))
        print(f"{question} ({name}: {phrase}) passage rank {ranks[-1]}; first passages from "
              + ", ".join(_name(p.source) for p in ten[:3]))
        passages = ten[:bot.retriever.config.top_k]
        for kind, answerer in answerers.items():
            answer = answerer.answer(question, passages)
            first = answer.citations[0] if answer.citations else None
            ok = first is not None and answers(first, name, phrase)
            right[kind] += ok
            refused[kind] += first is None
            text = " ".join(first.text.split())[:80] if first else "(refused)"
            print(f"  {kind:9s} {'right' if ok else 'wrong'} {answer.confidence:.2f} "
                  f"{_name(first.source) if first else '-'}: {text}")
    return {kind: (right[kind], refused[kind]) for kind in answerers}


def ask_unanswerable(bot: Any, answerers: dict[str, Any], questions: tuple[str, ...]) -> dict[str, int]:
    """Ask each question the documents do not answer: how many each answerer refuses."""
    refused = dict.fromkeys(answerers, 0)
    for question in questions:
        passages = bot.retrieve(question)
        for kind, answerer in answerers.items():
            answer = answerer.answer(question, passages)
            refused[kind] += not answer.citations
            print(f"{question} {kind}: " + ("refused" if not answer.citations else
                  f"{answer.confidence:.2f} {_name(answer.citations[0].source)}: "
                  + " ".join(answer.citations[0].text.split())[:80]))
    return refused


def time_retrieval(bot: Any, docs: Path, rounds: int = 3) -> None:
    """Median and 95th percentile of ``bot.retrieve`` for each scope, the scopes interleaved."""
    import statistics
    import time

    folders = [str(p) for p in sorted(docs.iterdir()) if p.is_dir()][:420]
    scopes: dict[str, Any] = {"whole store": lambda package: None, "within its package": lambda package: [package],
                              f"within {len(folders)} folders": lambda package: folders}
    for within in ([str(docs / "bash")], folders, None):  # warm up
        bot.retrieve("How do I warm up?", top_k=5, within=within)
    times: dict[str, list[float]] = {name: [] for name in scopes}
    for _ in range(rounds):
        for question, name, _phrase in QUESTIONS:
            package = str(docs / (name if isinstance(name, str) else name[0]).split("/")[0])
            for label, scope in scopes.items():
                started = time.perf_counter()
                bot.retrieve(question, top_k=5, within=scope(package))
                times[label].append(1000 * (time.perf_counter() - started))
    for label, values in times.items():
        values.sort()
        print(f"{label}: p50 {statistics.median(values):.1f} ms, p95 {values[int(0.95 * len(values))]:.1f} ms "
              f"({len(values)} retrievals)")
    rows = bot.retriever.scope(folders)
    print(f"the {len(folders)} folders hold {len(rows)} documents, {len(bot.store.catalog.chunk_ids_of(rows))} chunks")


def _name(source: str) -> str:
    """``package/file`` of a source path under the documentation folder."""
    path = Path(source)
    return f"{path.parent.name}/{path.name}"


def answers(quote: Any, files: Files, phrase: str) -> bool:
    """Whether a passage or citation comes from one of ``files`` (``package/file``) and holds
    ``phrase`` (its whitespace, the file's line wraps and indents, read as single spaces)."""
    names = (files,) if isinstance(files, str) else files
    return _name(quote.source) in names and holds(" ".join(quote.text.split()), phrase)


if __name__ == "__main__":
    main()
