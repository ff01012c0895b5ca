"""The Python API: :class:`DocumentQA`."""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from index.catalog import DocumentInfo
from index.chunker import ChunkerConfig
from index.documents import Document
from index.embedders import Embedder, default_embedder
from index.errors import InvalidInputError, StoreChangedError, StoreNotFoundError
from index.options import StoreOptions
from index.store import Store
from index.sync import rebuild as rebuild_store
from index.sync import stale_extractions, sync
from index.sync_report import SyncReport
from qa.answerer import AnswerConfig, Answerer
from qa.answers import Answer, Passage
from qa.config import MAX_QUESTION_CHARS
from qa.conversation import follow_up, resolve_query, user_turns
from qa.corpus import StoreCorpus
from qa.generative import generative_answer, generative_stream
from qa.llm import ChatClient, LLMConfig, OpenAICompatibleClient
from qa.model_answerer import make_answerer
from qa.more import asks_more, more_of
from qa.named import cited_elsewhere, named_passages
from qa.reader import SpanReader
from qa.retriever import HybridRetriever, RetrievalConfig

logger = logging.getLogger(__name__)


def validate_question(question: object) -> str:
    if not isinstance(question, str):
        raise InvalidInputError(f"question must be a string, got {type(question).__name__}")
    cleaned = question.strip()
    if not cleaned:
        raise InvalidInputError("question is empty; ask something about the documents")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise InvalidInputError(
            f"question is {len(cleaned)} characters long; the limit is {MAX_QUESTION_CHARS}"
        )
    return cleaned


class DocumentQA:
    """Answers questions over an index store, citing exact spans of the documents.

    >>> bot = DocumentQA.build(["seeds/"], store="./my-store")   # doctest: +SKIP
    >>> answer = bot.ask("How many Azerbaijani soldiers provide security at Kabul International Airport?")  # doctest: +SKIP
    >>> answer.citations[0].text  # doctest: +SKIP
    """

    def __init__(
        self,
        store: Store,
        *,
        retrieval: RetrievalConfig | None = None,
        answering: AnswerConfig | None = None,
        reader: SpanReader | None = None,
        options: StoreOptions | None = None,
        llm: LLMConfig | None = None,
        chat_client: ChatClient | None = None,
    ) -> None:
        """``answering.answerer`` chooses the answerer; ``reader`` replaces the shipped reader model
        (with the shipped calibration; ``answering.model_dir`` gives a reader folder with its own);
        ``options`` (parse limits) apply to later :meth:`index` calls; ``llm`` turns on generative
        answers through that OpenAI-compatible server (``chat_client`` replaces the HTTP client)."""
        self.store = store
        self.options = options or StoreOptions()
        self.llm = llm
        self.chat_client = chat_client or (OpenAICompatibleClient(llm) if llm is not None else None)
        self.retriever = HybridRetriever(store, retrieval)
        self.corpus = StoreCorpus(store)  # what the answerers may read: documents, statistics, embeddings
        self.answerer: Answerer = make_answerer(self.corpus, answering, reader=reader)
        self.last_report: SyncReport | None = None
        self._warming: tuple[Answerer, threading.Thread] | None = None

    @classmethod
    def open(
        cls,
        store: str | Path,
        *,
        options: StoreOptions | None = None,
        embedder: Embedder | None = None,
        retrieval: RetrievalConfig | None = None,
        answering: AnswerConfig | None = None,
        reader: SpanReader | None = None,
        llm: LLMConfig | None = None,
    ) -> DocumentQA:
        """Open an existing store (its own embedder, chunker and vector backend are used unless given;
        ``options.milvus_uri`` overrides the Milvus URI the store recorded, ``options.milvus_token``
        authenticates)."""
        options = options or StoreOptions()
        opened = Store.open(store, embedder, options=options)
        try:
            return cls(opened, retrieval=retrieval, answering=answering, reader=reader, options=options, llm=llm)
        except BaseException:  # a bad config: let go of the store (a Milvus Lite file's lock) before the error
            opened.close()
            raise

    @classmethod
    def build(
        cls,
        paths: Iterable[str | Path],
        store: str | Path,
        *,
        options: StoreOptions | None = None,
        embedder: Embedder | None = None,
        chunker: ChunkerConfig | None = None,
        rebuild: bool = False,
        progress: bool = False,
        retrieval: RetrievalConfig | None = None,
        answering: AnswerConfig | None = None,
        reader: SpanReader | None = None,
        llm: LLMConfig | None = None,
    ) -> DocumentQA:
        """Index ``paths`` into ``store`` (created if missing, synced if present) and open it.

        ``options`` (:class:`StoreOptions`): the vector store of a new store (an existing one keeps
        its own), where Milvus is, and the parse limits for each file.

        With ``rebuild``, a fresh store is built beside the old one and swapped in
        only when complete, so a failed rebuild leaves the old store as it was.
        The sync report is in :attr:`last_report`.
        """
        paths = list(paths)
        if not paths:
            raise InvalidInputError("paths is empty; give at least one file or folder to index")
        target = Path(store)
        o = options or StoreOptions()
        rebuilding = rebuild and Store.exists(target)
        if rebuilding:
            report = rebuild_store(target, paths, embedder or default_embedder(), chunker, options=o, progress=progress)
            opened = Store.open(target, embedder, options=o)
        else:
            try:
                opened = Store.open(target, embedder, chunker, check=False, options=o)
            except StoreNotFoundError:
                opened = Store.create(target, embedder or default_embedder(), chunker, options=o)
        try:  # a failed sync lets go of the store (its files, a Milvus Lite file's lock) before the error propagates
            if not rebuilding:
                report = sync(opened, paths, progress=progress, options=o)
            bot = cls(opened, retrieval=retrieval, answering=answering, reader=reader, options=o, llm=llm)
        except BaseException:
            opened.close()
            raise
        bot.last_report = report
        return bot

    def index(self, paths: Iterable[str | Path], *, progress: bool = False) -> SyncReport:
        """Sync more files or folders into this store."""
        self.last_report = sync(self.store, paths, progress=progress, options=self.options)
        return self.last_report

    def retrieve(self, question: str, *, top_k: int | None = None,
                 within: Sequence[str | Path] | None = None) -> list[Passage]:
        """The ``top_k`` passages hybrid retrieval finds for ``question`` (no answering); ``within``
        as for :meth:`ask`."""
        return self.retriever.retrieve(validate_question(question), top_k=top_k, within=within)

    def ask(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        *,
        top_k: int | None = None,
        threshold: float | None = None,
        lexical: bool | None = None,
        generative: bool | None = None,
        within: Sequence[str | Path] | None = None,
    ) -> Answer:
        """Answer ``question``; ``history`` (earlier turns) resolves follow-ups for retrieval.

        ``within`` answers from the documents of those files and folders only (each a source as
        :meth:`documents` lists it, or a path; NotFoundError if none is indexed).
        ``top_k``, ``threshold`` and ``lexical`` override the configured values for this call;
        ``generative`` (default: whether an LLM is configured) lets the language model write the
        answer from the same passages, each of its quotes verified (see :mod:`qa.generative`). The
        model is not asked when the extractive answer abstains.
        """
        if generative and self.chat_client is None:
            raise InvalidInputError("generative=True but no language model is configured; pass llm=LLMConfig(...)")
        question = validate_question(question)
        client = self.chat_client if generative is not False else None
        then = None if client is None else (lambda p, a: generative_answer(question, p, a, client, self.corpus))
        return self._answer(question, history, top_k, threshold, lexical, then, within)[0]

    def ask_stream(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        *,
        top_k: int | None = None,
        threshold: float | None = None,
        lexical: bool | None = None,
        within: Sequence[str | Path] | None = None,
    ) -> Iterator[str | Answer]:
        """:meth:`ask` with the language model's reply as it is written: yields the growing draft
        (``str``, unverified), then the verified :class:`Answer` (the extractive one, with a notice,
        if nothing verifies or the model fails; the refusal alone if the extractive answer abstains)."""
        if self.chat_client is None:
            raise InvalidInputError("ask_stream needs a language model; pass llm=LLMConfig(...)")
        question = validate_question(question)
        answer, passages = self._answer(question, history, top_k, threshold, lexical, None, within)
        yield from generative_stream(question, passages, answer, self.chat_client, self.corpus)

    def _answer(self, question: str, history: Sequence[Any] | None, top_k: int | None, threshold: float | None,
                lexical: bool | None, then: Callable[[list[Passage], Answer], Answer] | None,
                within: Sequence[str | Path] | None = None) -> tuple[Answer, list[Passage]]:
        """Retrieve and answer extractively (then ``then``), again if a re-index changed a document meanwhile."""
        started = time.perf_counter()
        self._warm_up_answerer()
        borrowed = resolve_query(question, history)  # a follow-up retrieves with the earlier turn's topic
        for attempt in range(3):  # a concurrent re-index may replace a document between retrieval and citing
            try:  # (or a rebuild in another process the whole store: see Store.refresh)
                if asks_more(question) and (turns := user_turns(history)):  # ("Tell me more": what the document says next)
                    earlier, passages = self._answer(turns[-1], turns[:-1], top_k, threshold, lexical, None, within)
                    return more_of(question, earlier, self.corpus), passages
                retrieved = functools.cache(lambda text: self.retriever.retrieve(text, top_k=top_k, lexical=lexical,
                                                                                 within=within))
                read = follow_up(question, history, retrieved) if borrowed != question else None
                if read is not None:  # asked of the thing "it" stands for, or the last question of another, as if alone
                    answer, passages = self._answered(read, top_k, threshold, lexical, within)
                    answer = dataclasses.replace(answer, question=question)
                else:  # the question as written, with the earlier turn's words
                    answer, passages = self._answered(question, top_k, threshold, lexical, within, borrowed, retrieved(borrowed))
                if then is not None:
                    answer = then(passages, answer)
                break
            except StoreChangedError:
                if attempt == 2:
                    raise
                logger.info("the store changed while answering; answering again from the new generation")
        logger.debug("answered in %.1f ms", 1000 * (time.perf_counter() - started))
        return answer, passages

    def _answered(self, question: str, top_k: int | None, threshold: float | None, lexical: bool | None,
                  within: Sequence[str | Path] | None, query: str | None = None,
                  passages: list[Passage] | None = None) -> tuple[Answer, list[Passage]]:
        """``question`` answered over the passages retrieved for ``query`` (``passages``, where given;
        ``query`` the question where not), or over those of the documents it names where the answer
        cites another (:func:`~qa.named.cited_elsewhere`), with those passages."""
        query = query or question
        if passages is None:
            passages = self.retriever.retrieve(query, top_k=top_k, lexical=lexical, within=within)
        answer = self.answerer.answer(question, passages, retrieval_query=query, threshold=threshold)
        if cited_elsewhere(answer, named := named_passages(query, passages)):  # the document asked of answers
            passages = named
            answer = self.answerer.answer(question, passages, retrieval_query=query, threshold=threshold)
        return answer, passages

    def warm_up(self) -> None:
        """Load the models answering needs now, the embedder and the answerer's model (together, on
        two threads): a server calls it before it listens, so that its first question does not
        wait for them. Asking loads them anyway; this only moves the wait."""
        self._warm_up_answerer()
        self.store.embedder.embed(["warm up"])
        assert self._warming is not None
        self._warming[1].join()
        self.answerer.warm_up()  # raises here what the worker thread only logged (a missing model)

    def _warm_up_answerer(self) -> None:
        """Load the answerer's model on a worker thread while retrieval loads the embedder and
        searches (a cold ``qa ask`` waits for both loads one after the other otherwise). Once per
        answerer; a failure there is left for the answer itself to raise, with its message."""
        if self._warming is not None and self._warming[0] is self.answerer:
            return
        answerer = self.answerer

        def load() -> None:
            try:
                answerer.warm_up()
            except Exception:  # noqa: BLE001 - answering calls warm_up again and raises it where it is handled
                logger.debug("warming up the %s answerer failed; answering will raise it", answerer.name,
                             exc_info=True)

        # not a daemon: the interpreter waits for it at exit, instead of tearing down onnxruntime under
        # a session still loading (which aborts the process: "terminate called without an active exception")
        thread = threading.Thread(target=load, name="docqa-answerer-warm-up")
        self._warming = (answerer, thread)
        thread.start()

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents with their chunk counts (of the last commit, another process's too)."""
        self.store.refresh()
        return self.store.documents()

    def document(self, source: str) -> Document:
        """The stored canonical text of an indexed document (what citations point into);
        :class:`NotFoundError` if no indexed document has that source."""
        return self.store.catalog.document_by_source(source)

    def remove(self, *sources: str) -> None:
        """Remove documents (their chunks and vectors) from the store, in one commit; NotFoundError
        names a source that is not indexed, and then nothing is removed."""
        for source in sources:
            self.document(source)  # raises if unknown
        if sources:
            self.store.apply([], removals=list(dict.fromkeys(sources)))

    def status(self) -> dict[str, Any]:
        """What the store holds and how it was built: counts, model, vector index, size on disk, last
        commit, the answerer (its name and threshold, and the model answerer's reader folder, ``model``),
        and how many indexed files an older extraction read (``stale``: the next
        :meth:`index` of their folders reads them again). ``vectors`` above ``chunks``: vectors no
        chunk names, which an interrupted write to a Milvus store leaves and the next index drops."""
        self.store.refresh()  # what another process committed since, as a question would see it
        manifest = self.store.manifest
        docs, chunks = self.store.catalog.counts()
        commit = self.store.catalog.meta()  # the last commit, which may be newer than the manifest read at open
        on_disk = sum(f.stat().st_size for f in self.store.path.rglob("*") if f.is_file())
        vectors = self.store.vectors.count() if self.store.vectors is not None else 0
        return {"store": str(self.store.path), "documents": docs, "chunks": chunks, "vectors": vectors,
                "embedder": manifest.embedder, "vector_store": manifest.vector_store,
                "bytes_on_disk": on_disk, "generation": int(commit.get("generation", manifest.generation)),
                "updated": manifest.updated, "format_version": manifest.format_version,
                "written_by": manifest.written_by, "stale": len(stale_extractions(self.store)),
                "answerer": self._answerer_status()}

    def _answerer_status(self) -> dict[str, Any]:
        """The answerer's name and threshold, and the reader folder it reads with (the model answerer)."""
        status: dict[str, Any] = {"name": self.answerer.name, "threshold": self.answerer.threshold}
        model_dir = getattr(self.answerer, "model_dir", None)
        if model_dir is not None:
            status["model"] = str(model_dir)
        return status

    def close(self) -> None:
        """Release the store (files, connections, a Milvus client); the object is unusable after."""
        if self._warming is not None:
            self._warming[1].join()
        self.retriever.close()
        self.store.close()
        close = getattr(self.chat_client, "close", None)
        if callable(close):
            close()
