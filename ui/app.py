"""The Gradio chat UI: thin, it calls :class:`qa.DocumentQA` and renders (see ui.render)."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from index.errors import QAError
from index.loaders import SUPPORTED_SUFFIXES, format_suffix
from index.store_files import UPLOADS
from qa.answers import Answer
from qa.api import DocumentQA
from qa.config import MAX_QUESTION_CHARS
from qa.pdf_evidence import PdfEvidence
from ui import render
from ui.document_view import document_view_html
from ui.openai_api import OpenAIRoutes, build_api, serve_api

EXAMPLES = [
    "How many soldiers guard the Kabul International Airport?",
    "Since when has Azerbaijan contributed to NATO operations in Afghanistan?",
    "How many troops did the ISAF task force include?",
]
MAX_UPLOAD = "50mb"
# Gradio passes a progress tracker to handlers whose default is one; it shows the indexer's tqdm bar
_PROGRESS = gr.Progress(track_tqdm=True)


def stored_name(original: str) -> str:
    """The upload's own file name, made safe: no folder part, no control or reserved characters,
    no leading dot. Uploading a file of the same name again stores it as that file's new version."""
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", Path(original).name).strip(" .")
    return name[-120:] or "upload"


class ChatUI:
    """The event handlers, bound to one DocumentQA and one upload folder."""

    def __init__(self, bot: DocumentQA, upload_dir: Path) -> None:
        self.bot = bot
        self.upload_dir = upload_dir
        self.pages = PdfEvidence()  # renders PDF citations' pages (cached per instance)

    # ---- chat -----------------------------------------------------------
    def respond(
        self, message: str, chat: list[dict[str, Any]], turns: list, top_k: float, lexical: bool, threshold: float,
        generative: bool = True, within: list[str] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message or len(message) > MAX_QUESTION_CHARS:  # a notice, not an error: nothing went wrong
            gr.Warning("Type a question first." if not message else
                       f"That question is {len(message)} characters long; the limit is {MAX_QUESTION_CHARS}. "
                       "Shorten it and ask again.")
            yield (gr.skip(),) * 6
            return
        history = chat
        settings: dict[str, Any] = {"top_k": int(top_k), "threshold": float(threshold), "lexical": bool(lexical),
                                    "within": list(within) if within else None}
        chat = [*chat, {"role": "user", "content": message}, {"role": "assistant", "content": ""}]
        try:
            if generative and self.bot.chat_client is not None:  # the model's draft streams, then the verified answer
                for item in self.bot.ask_stream(message, history, **settings):
                    if isinstance(item, Answer):
                        answer = item
                        break
                    chat[-1] = {"role": "assistant", "content": render.draft_markdown(item)}
                    yield chat, "", gr.skip(), gr.skip(), gr.skip(), turns
            else:
                answer = self.bot.ask(message, history, generative=False, **settings)
        except QAError as exc:
            raise gr.Error(str(exc)) from exc
        turns = [*turns, (message, answer)]
        full = render.answer_markdown(answer)
        words = full.split(" ")
        step = max(1, len(words) // 8)
        for n in range(step, len(words), step):  # stream the answer in a few pieces
            chat[-1] = {"role": "assistant", "content": " ".join(words[:n])}
            yield chat, "", gr.skip(), gr.skip(), gr.skip(), turns
        chat[-1] = {"role": "assistant", "content": full}
        labels = [self._label(i, c) for i, c in enumerate(self._cites(answer), 1)]
        yield (chat, "", render.sources_html(answer, self.bot.document),
               gr.update(choices=labels, value=None), "", turns)

    @staticmethod
    def _cites(answer: Answer) -> list:
        return answer.suggestions if answer.abstained else answer.citations

    @staticmethod
    def _label(i: int, c: Any) -> str:
        return f"[{i}] {c.location()}"

    def show_citation(self, label: str | None, turns: list) -> str:
        if not label or not turns:
            return ""
        answer = turns[-1][1]
        index = int(label[1 : label.index("]")]) - 1
        cites = self._cites(answer)
        if not 0 <= index < len(cites):
            return ""
        citation = cites[index]
        try:
            document = self.bot.document(citation.source)
        except QAError as exc:  # removed or re-indexed since the answer
            raise gr.Error(str(exc)) from exc
        text_view = document_view_html(document, citation, str(index + 1))
        if citation.page is None or format_suffix(citation.source) != ".pdf":
            return text_view
        name = Path(citation.source).name
        try:
            page = render.pdf_page_html(self.pages.evidence(document, citation), name, citation.page)
        except QAError as exc:  # the file moved, was deleted or changed since it was indexed
            page = render.pdf_page_html(None, name, citation.page, str(exc))
        return page + text_view

    def export(self, turns: list) -> Any:
        if not turns:
            raise gr.Error("Nothing to export yet: ask a question first.")
        folder = self.upload_dir.parent / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"conversation-{time.strftime('%Y%m%d-%H%M%S')}.md"
        path.write_text(render.conversation_markdown(turns), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    # ---- documents ----------------------------------------------------
    def table(self) -> list[list[Any]]:
        return [[Path(d.source).name, d.title, d.chunks, d.characters, d.indexed_at, d.source]
                for d in self.bot.documents()]

    def _refresh(self, status: str) -> tuple[Any, ...]:
        return status, *self.documents_view()

    def documents_view(self) -> tuple[Any, Any]:
        """The table and the delete choices as the store has them now (on page load and after a change)."""
        sources = [d.source for d in self.bot.documents()]
        return self.table(), gr.update(choices=sources, value=None)

    def scope_view(self) -> Any:
        """The folders and documents a question can be kept to, as the store has them now."""
        sources = [d.source for d in self.bot.documents()]
        return gr.update(choices=sorted({str(Path(s).parent) for s in sources}) + sources)

    def ask_to_delete(self, source: str | None) -> tuple[Any, Any]:
        if not source:
            raise gr.Error("Choose a document to delete.")
        return (gr.update(value=f"Delete **{render.md_text(Path(source).name)}** from the index? "
                          "The file itself is not touched.", visible=True), gr.update(visible=True))

    def _report(self, report: Any) -> str:
        lines = [f"**{report.summary()}**"]
        lines += [f"- ❌ `{Path(p).name}`: {reason}" for p, reason in report.failed]
        lines += [f"- ↪ `{Path(p).name}` is already indexed as `{Path(q).name}` (same content): not indexed twice"
                  for p, q in report.duplicates]
        lines += [f"- ➜ `{Path(a).name}` moved to `{Path(b).name}`" for a, b in report.moved]
        return "\n".join(lines)

    def index_uploads(self, files: list[str] | None, progress: Any = _PROGRESS) -> tuple[Any, ...]:
        if not files:
            raise gr.Error("Choose one or more files to upload first.")
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        stored = []
        for file in files:  # Gradio's file_types gate refuses unsupported types; sync reports any that slip by
            data = Path(str(file)).read_bytes()
            target = self.upload_dir / stored_name(Path(str(file)).name)
            if not target.is_file() or target.read_bytes() != data:  # the same bytes again: left as is
                partial = target.with_name(f".{target.name}.part")
                partial.write_bytes(data)
                os.replace(partial, target)
            stored.append(target)
        try:
            report = self.bot.index(stored, progress=True)
        except QAError as exc:
            raise gr.Error(str(exc)) from exc
        status = self._report(report)
        return self._refresh(status)

    def resync(self, folder: str, progress: Any = _PROGRESS) -> tuple[Any, ...]:
        if not folder or not folder.strip():
            raise gr.Error("Enter the path of a folder to re-sync.")
        try:
            report = self.bot.index([folder.strip()], progress=True)
        except QAError as exc:
            raise gr.Error(str(exc)) from exc
        return self._refresh(self._report(report))

    def delete(self, source: str | None) -> tuple[Any, ...]:
        if not source:
            raise gr.Error("Choose a document to delete.")
        try:
            self.bot.remove(source)
        except QAError as exc:
            raise gr.Error(str(exc)) from exc
        return self._refresh(f"Deleted `{Path(source).name}` from the index (the file itself is untouched).")

    def ask_api(self, question: str, top_k: int = 5, threshold: float | None = None, lexical: bool = True,
                within: list[str] | None = None) -> dict:
        """The stable client endpoint ``/ask``: the same JSON object as ``qa ask --json`` (``within``
        as ``qa ask --in``: files or folders to answer from)."""
        try:
            return self.bot.ask(question, top_k=int(top_k), threshold=threshold, lexical=bool(lexical),
                                within=within or None).as_dict()
        except QAError as exc:
            raise gr.Error(str(exc)) from exc


def build_app(bot: DocumentQA, upload_dir: Path | None = None) -> Any:
    """``upload_dir`` defaults to the store's ``uploads/`` folder, so uploads survive a restart."""
    ui = ChatUI(bot, upload_dir or bot.store.path / UPLOADS)
    retrieval = bot.retriever.config
    with gr.Blocks(title="Document QA", analytics_enabled=False) as app:
        turns = gr.State([])
        gr.Markdown("# Document QA\nAnswers from your documents only, each claim with its exact cited span.")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="Chat", height=460, elem_id="chatbot")
                    question = gr.Textbox(placeholder="Ask about your documents…", show_label=False,
                                          elem_id="question")
                    with gr.Row():
                        send = gr.Button("Ask", variant="primary", elem_id="send", scale=3)
                        export = gr.Button("⬇ Export conversation", variant="secondary", elem_id="export", scale=1)
                    exported = gr.File(label="Exported conversation (Markdown)", interactive=False, visible=False)
                    gr.Markdown("**Try an example about the seed article:**")
                    example_buttons = [gr.Button(text, size="sm", elem_classes=["example"]) for text in EXAMPLES]
                with gr.Column(scale=2):
                    sources = gr.HTML("<p>The sources of the latest answer appear here, highlighted.</p>",
                                      elem_id="sources")
                    pick = gr.Radio(label="Show a citation in its document", choices=[], elem_id="pick")
                    doc_view = gr.HTML(elem_id="doc-view", max_height=420)
            with gr.Accordion("Settings", open=False):
                top_k = gr.Slider(1, 20, value=retrieval.top_k, step=1, label="Passages to read (top-k)",
                                  info="How many retrieved passages the answer is chosen from.")
                lexical = gr.Checkbox(value=retrieval.lexical, label="Lexical search (BM25)",
                                      info="Also match exact words, not only meaning; helps with names and numbers.")
                threshold = gr.Slider(0.0, 1.0, value=bot.answerer.threshold, step=0.01, label="Abstention threshold",
                                      info="Below this confidence the bot says it could not find the answer.")
                generative = gr.Checkbox(value=bot.chat_client is not None, visible=bot.chat_client is not None,
                                         label=f"Let the language model write the answer ({bot.llm.model if bot.llm else ''})",
                                         info="Its quotes are checked against the documents; unverified claims are "
                                              "dropped, and without any the extractive answer is shown.")
            scope = gr.Dropdown(choices=[], value=[], multiselect=True, allow_custom_value=True, elem_id="scope",
                                label="Answer only from", info="Folders or documents to answer from; none chosen: all.")
        with gr.Tab("Documents"):
            upload = gr.File(file_count="multiple", file_types=[*sorted(SUPPORTED_SUFFIXES), ".gz"], label="Upload documents")
            index_button = gr.Button("Index uploaded files", variant="primary")
            with gr.Row():
                folder = gr.Textbox(label="Re-sync a folder", placeholder="/path/to/folder", scale=4)
                sync_button = gr.Button("Re-sync folder", scale=1)
            status = gr.Markdown(elem_id="doc-status")
            table = gr.Dataframe(headers=["file", "title", "chunks", "characters", "indexed at (UTC)", "source"],
                                 interactive=False, label="Indexed documents", elem_id="doc-table")
            # the choices are read from the store on page load; any source is accepted from API clients
            which = gr.Dropdown(choices=[], value=None, label="Document to delete", allow_custom_value=True,
                                elem_id="which")
            delete_button = gr.Button("Delete document from the index…", variant="stop", elem_id="delete")
            confirm_text = gr.Markdown(visible=False, elem_id="confirm-text")
            with gr.Row(visible=False) as confirm_row:
                confirm = gr.Button("Yes, delete it", variant="stop", elem_id="confirm-delete")
                cancel = gr.Button("Cancel", elem_id="cancel-delete")

        chat_io: dict[str, Any] = dict(inputs=[question, chatbot, turns, top_k, lexical, threshold, generative, scope],
                       outputs=[chatbot, question, sources, pick, doc_view, turns], concurrency_limit=2)
        send.click(ui.respond, api_name="chat", **chat_io)
        question.submit(ui.respond, api_visibility="private", **chat_io)
        for button, text in zip(example_buttons, EXAMPLES, strict=True):
            button.click(lambda t=text: t, outputs=question, api_visibility="private").then(
                ui.respond, api_visibility="private", **chat_io)
        pick.change(ui.show_citation, [pick, turns], doc_view, api_visibility="private")
        export.click(ui.export, turns, exported, api_visibility="private")
        app.load(ui.documents_view, outputs=[table, which], api_visibility="private").then(
            ui.scope_view, outputs=scope, api_visibility="private")
        doc_outputs = [status, table, which]
        index_button.click(ui.index_uploads, upload, doc_outputs, api_name="index", concurrency_id="writes",
                           concurrency_limit=1).then(ui.scope_view, outputs=scope, api_visibility="private")
        sync_button.click(ui.resync, folder, doc_outputs, api_name="resync", concurrency_id="writes").then(
            ui.scope_view, outputs=scope, api_visibility="private")
        delete_button.click(ui.ask_to_delete, which, [confirm_text, confirm_row], api_visibility="private")
        hide = (lambda: (gr.update(visible=False), gr.update(visible=False)), None, [confirm_text, confirm_row])
        cancel.click(*hide, api_visibility="private")
        confirm.click(ui.delete, which, doc_outputs, api_name="delete", concurrency_id="writes").then(
            *hide, api_visibility="private").then(ui.scope_view, outputs=scope, api_visibility="private")
        gr.api(ui.ask_api, api_name="ask")
    return app


def auth_from(value: str | None) -> tuple[str, str] | None:
    """``user:password`` (from --auth or $QA_AUTH) as Gradio's auth pair."""
    value = value or os.environ.get("QA_AUTH")
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        from index.errors import InvalidInputError

        raise InvalidInputError("auth must look like user:password")
    return user, password


class DenyProxy:
    """ASGI middleware: this app proxies nothing, so Gradio's Space-proxy route answers 404
    (instead of 400) and can never be turned into a request to another host."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and "/proxy=" in scope.get("path", ""):
            await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"Not Found"})
            return
        await self.app(scope, receive, send)


def launch(bot: DocumentQA, host: str = "127.0.0.1", port: int = 7860, *, auth: str | None = None,
           block: bool = True, upload_dir: Path | None = None, queue_size: int = 64, api_key: str | None = None,
           api_only: bool = False) -> Any:
    """Serve the UI, and the OpenAI-compatible API under ``/v1`` (see :mod:`ui.openai_api`;
    ``api_key`` guards it); with ``block=False`` return the running app (for tests).

    At most ``queue_size`` requests wait; beyond that a request is refused at once with
    Gradio's "Queue is full" message rather than left hanging. ``api_only`` serves the API alone."""
    if api_only:
        return serve_api(bot, host, port, api_key=api_key, block=block)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    app = build_app(bot, upload_dir)
    app.queue(default_concurrency_limit=2, max_size=queue_size)
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth_from(auth),
        max_file_size=MAX_UPLOAD,
        show_error=True,
        enable_monitoring=False,
        mcp_server=False,
        app_kwargs={"middleware": [Middleware(DenyProxy), Middleware(OpenAIRoutes, api=build_api(bot, api_key=api_key))]},
        prevent_thread_lock=not block,
        quiet=True,  # no "set share=True" hint: sharing is off by design (`qa serve` prints the address)
    )
    return app
