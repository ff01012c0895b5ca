"""The ``qa`` command: index folders, ask questions, serve the chat UI.

argparse (standard library) parses the command line: it is well kept, has no
start-up cost, and keeps ``qa ask`` fast to launch.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from index.embedders import BACKENDS, make_embedder
from index.errors import InvalidInputError, NotFoundError, QAError, StoreNotFoundError
from index.loaders import SUPPORTED_SUFFIXES, format_suffix
from qa.answers import Answer, Citation, prose
from qa.cli_logging import configure_logging
from qa.cli_options import add_llm_arguments, add_model_argument, add_vector_store_arguments, llm_config, store_options
from qa.config import default_seeds_path, default_store_path

if TYPE_CHECKING:
    from qa.answerer import AnswerConfig

logger = logging.getLogger(__name__)


def _display_path(source: str) -> str:
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


def _ensure_default_store(store: Path, err: TextIO, *, reread_seeds: bool = False) -> None:
    """Build the default store from ``seeds/`` when it is missing or holds no documents (a store
    with the user's own documents is never given the seed article again). With ``reread_seeds``,
    seed files an older docqa extracted or chunked are read again (``qa serve`` after an upgrade)."""
    from index.manifest import read_manifest
    from index.store import Store

    seeds = default_seeds_path()
    if Store.exists(store) and read_manifest(store).documents:
        if reread_seeds and seeds.is_dir():
            _reread_seeds(store, seeds, err)
        return
    if not seeds.is_dir():
        raise StoreNotFoundError(
            f"no index store at {store} and no seeds folder at {seeds}; run `qa index FOLDER` first"
        )
    from qa.api import DocumentQA

    print(f"Building the default store at {store} from {seeds} ...", file=err)
    bot = DocumentQA.build([seeds], store, progress=err.isatty())
    print(bot.last_report.summary() if bot.last_report else "", file=err)
    bot.close()


def _reread_seeds(store: Path, seeds: Path, err: TextIO) -> None:
    from index.sync import stale_extractions
    from qa.api import DocumentQA

    bot = DocumentQA.open(store)
    try:
        root = seeds.resolve()
        if any(Path(s).is_relative_to(root) for s in stale_extractions(bot.store)):
            print(f"Reading {seeds} again: this docqa extracts or chunks some of its files differently ...", file=err)
            print(bot.index([seeds]).summary(), file=err)
    finally:
        bot.close()


def _resolve_store(args: argparse.Namespace, err: TextIO, *, reread_seeds: bool = False) -> Path:
    if args.store is not None:
        return Path(args.store)
    store = default_store_path()
    _ensure_default_store(store, err, reread_seeds=reread_seeds)
    return store


QUOTE_SHOWN = 400  # the most characters of a citation's quote shown under the answer (a section's items: the answer shows them)


def _citation_line(n: int, c: Citation) -> str:
    where = c.location(_display_path(c.source)) + (f" § {c.section}" if c.section else "")
    quote = " ".join(c.text.split())
    if len(quote) > QUOTE_SHOWN:
        quote = quote[:QUOTE_SHOWN].rsplit(" ", 1)[0] + " …"
    return f"[{n}] {where}\n    “{quote}”"


def format_answer(answer: Answer) -> str:
    lines = [answer.text, ""]
    if answer.abstained:
        if answer.suggestions:
            lines.append("Closest passages (maybe related, not an answer):")
            lines += [_citation_line(i, c) for i, c in enumerate(answer.suggestions, 1)]
    else:
        if answer.short_answer:
            lines.insert(0, f"Short answer: {prose(answer.short_answer)}")
        lines += [_citation_line(i, c) for i, c in enumerate(answer.citations, 1)]
    lines.append(f"\nconfidence {answer.confidence:.2f} (abstains below {answer.threshold:.2f})")
    if answer.mode == "generative":
        verified = sum(c.status == "verified" for c in answer.claims)
        lines.append(f"written by the language model: {verified} of {len(answer.claims)} claims verified against "
                     "the documents (the others were dropped)")
    return "\n".join(lines)


def _check_kept_vector_store(args: argparse.Namespace, store: Path) -> None:
    """An existing store keeps its vector store: asking for another one is an error, not ignored."""
    from index.manifest import read_manifest
    from index.store import Store

    if args.rebuild or not args.vector_store or not Store.exists(store):
        return
    kind = read_manifest(store).vector_kind
    if kind != args.vector_store:
        raise InvalidInputError(
            f"--vector-store {args.vector_store}: the store {store} keeps its vectors in {kind}; to move it, "
            f"rebuild it: `qa index --rebuild --vector-store {args.vector_store} --store {store} FOLDER...`")


def cmd_index(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qa.api import DocumentQA

    store = Path(args.store) if args.store is not None else default_store_path()
    _check_kept_vector_store(args, store)
    embedder = make_embedder(args.backend) if args.backend else None
    bot = DocumentQA.build(args.paths, store, rebuild=args.rebuild, progress=err.isatty(), embedder=embedder,
                           options=store_options(args))
    report = bot.last_report
    if report is None:  # build() always syncs; a missing report is a bug, not a user error
        raise RuntimeError("DocumentQA.build returned no sync report")
    for path, reason in report.failed:
        print(f"failed: {_display_path(path)}: {reason}", file=err)
    for old, new in report.moved:
        how = "read again by a newer extraction or chunking" if new in report.reparsed else "kept, not re-embedded"
        print(f"moved: {_display_path(old)} -> {_display_path(new)} ({how})", file=err)
    for path, same in report.duplicates:
        print(f"duplicate: {_display_path(path)} has the same content as {_display_path(same)}; not indexed twice",
              file=err)
    if args.json:
        print(json.dumps(report.as_dict()), file=out)
    else:
        print(f"{store}: {report.summary()}", file=out)
    bot.close()
    return 0 if report.ok else 1


def cmd_ask(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qa.answerer import AnswerConfig
    from qa.api import DocumentQA, validate_question
    from qa.retriever import RetrievalConfig

    validate_question(args.question)
    llm = llm_config(args)
    store = _resolve_store(args, err)
    answering = AnswerConfig(threshold=args.threshold, answerer=args.answerer, model_dir=args.model)
    retrieval = RetrievalConfig(top_k=args.top_k, lexical=not args.no_lexical)
    bot = DocumentQA.open(store, retrieval=retrieval, answering=answering, options=store_options(args), llm=llm)
    try:
        if args.within:  # named in the error as the argument the user gave
            bot.retriever.scope(args.within)
    except NotFoundError as exc:
        bot.close()
        raise InvalidInputError(f"--in: {exc}") from exc
    answer = bot.ask(args.question, within=args.within)
    if answer.notice:
        print(f"note: {answer.notice}", file=err)
    if args.json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False), file=out)
    else:
        print(format_answer(answer), file=out)
    bot.close()
    return 0


def _open_existing(args: argparse.Namespace, err: TextIO,  # noqa: ANN202 - DocumentQA, imported lazily
                   answering: AnswerConfig | None = None):
    """The store the arguments name, answering as ``answering`` says (by default: the shipped reader)."""
    from qa.api import DocumentQA

    return DocumentQA.open(_resolve_store(args, err), answering=answering, options=store_options(args))


def cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    bot = _open_existing(args, err)
    rows = [{"source": d.source, "title": d.title, "type": (format_suffix(d.source) or Path(d.source).suffix).lstrip(".").lower(),
             "pages": d.pages, "chunks": d.chunks, "characters": d.characters, "bytes": d.bytes,
             "indexed_at": d.indexed_at or None, "doc_id": d.doc_id} for d in bot.documents()]
    bot.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False), file=out)
        return 0
    for row in rows:
        pages = f"{row['pages']} pages\t" if row["pages"] else ""
        print(f"{_display_path(row['source'])}\t{row['type']}\t{pages}{row['chunks']} chunks\t"
              f"{row['characters']:,} chars\t{row['bytes']:,} bytes\t{row['indexed_at'] or '-'}\t{row['title']}",
              file=out)
    print(f"{len(rows)} documents", file=out)
    return 0


def cmd_remove(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Remove documents from the index (never the files): each SOURCE as `qa list` shows it, or a
    folder, whose indexed documents all go (in one commit)."""
    from qa.retriever import path_names

    bot = _open_existing(args, err)
    wanted: dict[str, None] = {}
    missing = []
    for given in args.sources:  # a source itself, or the documents under a folder
        inside = bot.store.catalog.sources_within(path_names(given))
        wanted.update(dict.fromkeys(inside.values()))
        if not inside:
            missing.append(given)
    if missing:
        bot.close()
        raise InvalidInputError(f"not in the index: {', '.join(missing)} (no indexed document is that source or lies "
                                "in that folder); `qa list` shows the indexed sources")
    bot.remove(*wanted)
    for source in wanted:
        print(f"removed {_display_path(source)} from the index (the file is untouched)", file=out)
    bot.close()
    return 0


def cmd_status(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qa.answerer import AnswerConfig

    # the answerer line shows the threshold of the reader named
    bot = _open_existing(args, err, AnswerConfig(answerer=args.answerer, model_dir=args.model))
    status = bot.status()
    bot.close()
    if args.json:
        print(json.dumps(status), file=out)
        return 0
    embedder, vectors = status["embedder"] or {}, status["vector_store"] or {}
    print(f"store      {status['store']}\n"
          f"documents  {status['documents']:,}   chunks {status['chunks']:,}\n"
          f"model      {embedder.get('model')} ({embedder.get('backend')}, {embedder.get('precision')})\n"
          f"vectors    {status['vectors']:,} ({vectors.get('kind', 'faiss')} {vectors.get('index', '')}){_extra(status)}\n"
          f"on disk    {status['bytes_on_disk'] / 1e6:.1f} MB\n"
          f"last commit generation {status['generation']} at {status['updated']}\n"
          f"answerer   {status['answerer']['name']}{_reader(status)} (abstains below "
          f"{status['answerer']['threshold']:.2f})", file=out)
    if status["stale"]:
        one = status["stale"] == 1
        files, where, them = ("1 file was", "its folder", "it") if one else (
            f"{status['stale']:,} files were", "their folders", "them")
        print(f"upgrade    {files} read by an older docqa: the next `qa index` of {where} reads {them} again "
              "(nothing is re-embedded where the text and its chunks are the same)", file=out)
    return 0


def _reader(status: dict[str, Any]) -> str:
    model = status["answerer"].get("model")
    return f", reader {_display_path(model)}" if model else ""


def _extra(status: dict[str, Any]) -> str:
    extra = status["vectors"] - status["chunks"]
    if extra <= 0:
        return ""
    return (f"; {extra:,} no chunk names: left by a `qa index` that was stopped; searches pass over them, "
            "and the next `qa index` drops them")


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qa.answerer import AnswerConfig
    from qa.api import DocumentQA
    from ui.app import launch  # the one place qa/ imports ui/

    llm = llm_config(args)
    store = _resolve_store(args, err, reread_seeds=True)
    answering = AnswerConfig(answerer=args.answerer, model_dir=args.model)
    bot = DocumentQA.open(store, answering=answering, options=store_options(args), llm=llm)
    bot.warm_up()  # the models load before the server listens, not on its first question
    api_key = args.api_key or os.environ.get("QA_API_KEY") or None
    what = "the OpenAI-compatible API" if args.api_only else "the chat UI and the OpenAI-compatible API (/v1)"
    print(f"Serving {store}: {what} on http://{args.host}:{args.port} (Ctrl+C to stop)", file=err)
    launch(bot, host=args.host, port=args.port, auth=args.auth, api_key=api_key, api_only=args.api_only)
    return 0


def add_answerer_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--answerer", choices=("model", "heuristic"), default="model",
                   help="who picks the cited sentence and decides to abstain: the trained reader model (default) "
                        "or the similarity heuristic")
    add_model_argument(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Answer questions over your documents with cited spans.")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log progress details, and libraries' logged errors with their full tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    store_help = "the index store folder (default: $QA_STORE or ~/.local/share/docqa/store)"

    p = sub.add_parser("index", help="index files and folders (new and changed files only)")
    p.add_argument("paths", nargs="+", help=f"files or folders ({' '.join(sorted(SUPPORTED_SUFFIXES))}; also "
                   "gzip-compressed, and plain text named README, NEWS, changelog or in capitals)")
    p.add_argument("--store", help=store_help)
    p.add_argument("--rebuild", action="store_true", help="build the store anew (the old one stays until done)")
    p.add_argument("--json", action="store_true", help="print the sync report as JSON")
    p.add_argument("--backend", choices=BACKENDS, default=None,
                   help="embedding backend for a new store or a --rebuild (default onnx-int8); an existing store "
                   "keeps its own and refuses another")
    add_vector_store_arguments(p, new_store=True)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p.add_argument("--top-k", type=int, default=5, help="passages to read (default 5)")
    p.add_argument("--threshold", type=float, default=None, help="abstain below this confidence (0..1)")
    p.add_argument("--no-lexical", action="store_true", help="dense retrieval only (no BM25)")
    p.add_argument("--in", dest="within", action="append", metavar="PATH",
                   help="answer only from the documents of this file or folder (again for more; a source as "
                   "`qa list` shows it, or a path)")
    add_answerer_argument(p)
    add_vector_store_arguments(p, new_store=False)
    add_llm_arguments(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="serve the chat web UI")
    p.add_argument("--store", help=store_help)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", default=None, help="require a login, as user:password (or set $QA_AUTH)")
    p.add_argument("--api-key", default=None, help="bearer key for the OpenAI-compatible API under /v1 (default "
                   "$QA_API_KEY; without one the API answers only on this machine)")
    p.add_argument("--api-only", action="store_true", help="serve only the OpenAI-compatible API, not the web UI")
    add_answerer_argument(p)
    add_vector_store_arguments(p, new_store=False)
    add_llm_arguments(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("list", help="list the indexed documents")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print one JSON list")
    add_vector_store_arguments(p, new_store=False)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("remove", help="remove documents from the index (the files are not touched)")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a source as `qa list` shows it, or a folder: every document indexed under it")
    p.add_argument("--store", help=store_help)
    add_vector_store_arguments(p, new_store=False)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("status", help="what the store holds and how it was built")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_answerer_argument(p)  # whose threshold the answerer line shows
    add_vector_store_arguments(p, new_store=False)
    p.set_defaults(func=cmd_status)

    sub.add_parser("eval", help="evaluate on a dataset (see qa eval --help)")
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    try:
        return _main(argv, out, err)
    except BrokenPipeError:  # the reader of the output stopped (`qa ask ... | head -3`): end quietly
        if out is None:  # the interpreter's last flush of stdout must not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a tool its reader stopped


def _main(argv: list[str] | None, out: TextIO | None, err: TextIO | None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:  # qa eval has its own parser (python -m qa.eval_cli)
        from qa import eval_cli as evaluation

        return evaluation.main(argv[1:])
    args = build_parser().parse_args(argv)
    configure_logging(verbose=args.verbose)
    try:
        return int(args.func(args, out, err))
    except QAError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
