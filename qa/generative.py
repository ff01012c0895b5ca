"""Generative answers whose every quote is checked against the stored text.

The language model gets the numbered passages and is asked for claims, each with a verbatim
quote and the number of its passage. Each quote is looked up in the stored text of that passage
(then of the others), comparing text normalised for Unicode forms, whitespace, quote marks and
dashes; a quote found becomes a citation of the stored characters at exact offsets, never the
model's wording. A claim whose quote is not found, or whose numbers and dates are not in its
quote (or whose names are in neither the quote nor the question), is dropped. With no claim
left, or when the model says the passages do not answer, the extractive answer stands.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from index.documents import Document
from index.errors import LLMError
from index.lexical import STOPWORDS
from qa.answerer import cite
from qa.answers import Answer, Citation, Passage
from qa.corpus import Corpus
from qa.extract import DATE, NAME, NUMBER
from qa.llm import ChatClient, Message

SYSTEM = (
    "You answer a question using only the numbered passages the user gives. Reply with JSON: "
    '{"answerable": true|false, "claims": [{"text": "one sentence of the answer", "quote": "the exact words '
    'of the passage that support it, copied character for character", "passage": n}]}. '
    "Use one to three short claims. Copy each quote verbatim from passage n: no paraphrase, no ellipsis. "
    'If the passages do not answer the question, reply {"answerable": false, "claims": []}. '
    "Never use knowledge that is not in the passages."
)
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "answerable": {"type": "boolean"},
        "claims": {"type": "array", "items": {
            "type": "object",
            "properties": {"text": {"type": "string"}, "quote": {"type": "string"}, "passage": {"type": "integer"}},
            "required": ["text", "quote", "passage"], "additionalProperties": False}},
    },
    "required": ["answerable", "claims"],
    "additionalProperties": False,
}
STREAM_SYSTEM = (
    "You answer a question using only the numbered passages the user gives. Write one to three short "
    'claims, one per line, each as: the claim, then the exact words of the passage that support it in double '
    'quotes, then the passage number in brackets, e.g.: The bridge opened in 1887. "It was completed in 1887" [2]. '
    "Copy each quote character for character: no paraphrase, no ellipsis. If the passages do not answer the "
    "question, reply only: The passages do not answer this question. Never use knowledge that is not in the passages."
)
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                       "‟": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-"})
_PLAIN_CLAIM = re.compile(r"(?P<text>[^\n\"“”]*?)\s*[\"“](?P<quote>[^\"“”]+)[\"”]\s*\[(?P<n>\d+)\]")
_NO_ANSWER = re.compile(r"\b(?:cannot|can't|can not|unable to) (?:be )?answer|\bnot (?:in|answered by) the passages\b|"
                        r"\bdo(?:es)? not (?:answer|contain|say|mention)\b", re.I)


@dataclass(frozen=True)
class ClaimReport:
    """What became of one claim of the model: ``status`` is "verified" (then ``citation`` is its
    1-based citation number), "quote not found", or "unsupported: ..." naming the missing facts."""

    text: str
    quote: str
    passage: int | None
    status: str
    citation: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict: one entry of ``claims`` in ``qa ask --json``."""
        return asdict(self)


def messages_for(question: str, passages: list[Passage]) -> list[Message]:
    """The chat request: the rules, then the numbered passages and the question."""
    numbered = "\n\n".join(f"[{i}] {p.text}" for i, p in enumerate(passages, 1))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Passages:\n\n{numbered}\n\nQuestion: {question}"}]


def parse_reply(reply: str) -> tuple[bool, list[tuple[str, str, int | None]]]:
    """(answerable, [(claim, quote, passage number)]) from JSON (fenced or not) or from plain text
    lines like ``claim "quote" [n]``; :class:`LLMError` if neither can be read."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        try:
            data = json.loads(text[start : end + 1])
        except ValueError:
            data = None
        if isinstance(data, dict):
            claims = []
            for item in data.get("claims") or []:
                if isinstance(item, dict) and isinstance(item.get("quote"), str):
                    n = item.get("passage")
                    claims.append((str(item.get("text") or item["quote"]), item["quote"], n if isinstance(n, int) else None))
            return bool(data.get("answerable", bool(claims))), claims
    claims = [(m["text"].strip(" -*•:") or m["quote"], m["quote"], int(m["n"])) for m in _PLAIN_CLAIM.finditer(text)]
    if claims:
        return True, claims
    if _NO_ANSWER.search(text):
        return False, []
    raise LLMError(f"the language model's reply could not be read as claims with quotes: {reply[:200]!r}")


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC with quote marks and dashes folded and whitespace runs as one space, with
    the offset in ``text`` of every character of the result."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_FOLD):
            if c.isspace():
                if not out or out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` (offsets in ``text``), comparing normalised forms."""
    needle = normalise(quote.strip().strip("\"'“”‘’"))[0]
    if len(needle) < 3:
        return None
    hay, where = normalise(text)
    at = hay.find(needle)
    if at == -1:
        return None
    return where[at], where[at + len(needle) - 1] + 1


def missing_facts(claim: str, quote: str, question: str) -> list[str]:
    """Numbers and dates of ``claim`` absent from ``quote``, and names absent from both the quote
    and the question."""
    quoted = normalise(quote)[0].casefold()
    digits = {re.sub(r"\D", "", m.group()) for m in NUMBER.finditer(quote)} - {""}
    missing = []
    for m in NUMBER.finditer(claim):
        value = re.sub(r"\D", "", m.group())
        if (value and value not in digits) or (not value and m.group().casefold() not in quoted):
            missing.append(m.group())
    missing += [m.group() for m in DATE.finditer(claim) if normalise(m.group())[0].casefold() not in quoted]
    asked = normalise(question)[0].casefold()
    for m in NAME.finditer(claim):
        for word in m.group().split():
            w = word.strip(".,;:'’").casefold()
            if w and w not in STOPWORDS and w not in quoted and w not in asked:
                missing.append(word)
    return list(dict.fromkeys(missing))


def _find(quote: str, passages: list[Passage], preferred: int | None) -> tuple[Passage, int, int] | None:
    order = list(range(len(passages)))
    if preferred is not None and 1 <= preferred <= len(passages):
        order.remove(preferred - 1)
        order.insert(0, preferred - 1)
    for i in order:
        span = locate(quote, passages[i].text)
        if span is not None:
            return passages[i], passages[i].start + span[0], passages[i].start + span[1]
    return None


def verified_answer(question: str, passages: list[Passage], extractive: Answer, reply: str, corpus: Corpus) -> Answer:
    """The generative answer built from ``reply``'s verified claims, or ``extractive`` (with the
    claims' fates and a notice) when none survives or the model found no answer."""
    answerable, raw = parse_reply(reply)
    if not answerable:
        return replace(extractive, notice="the language model found no answer in the passages; "
                                          "this is the extractive answer")
    reports: list[ClaimReport] = []
    citations: list[Citation] = []
    sentences: list[str] = []
    cache: dict[int, Document] = {}
    for text, quote, n in raw:
        found = _find(quote, passages, n)
        if found is None:
            reports.append(ClaimReport(text, quote, n, "quote not found"))
            continue
        passage, start, end = found
        citation = cite(corpus, passage, start, end, passage.score, cache)
        missing = missing_facts(text, citation.text, question)
        if missing:
            reports.append(ClaimReport(text, quote, n, f"unsupported: {', '.join(missing)} not in the quote"))
            continue
        if citation not in citations:
            citations.append(citation)
        k = citations.index(citation) + 1
        reports.append(ClaimReport(text, quote, n, "verified", k))
        sentences.append(f"{text.strip()} [{k}]")
    if not citations:
        return replace(extractive, claims=tuple(reports),
                       notice="no claim of the language model could be verified; this is the extractive answer")
    return Answer(question=question, text=" ".join(sentences), abstained=False, confidence=extractive.confidence,
                  threshold=extractive.threshold, citations=citations, short=None,
                  retrieval_query=extractive.retrieval_query, mode="generative", claims=tuple(reports))


def generative_stream(question: str, passages: list[Passage], extractive: Answer, client: ChatClient,
                      corpus: Corpus) -> Iterator[str | Answer]:
    """The model's reply as it grows (plain-text claims, unverified), then the verified answer; the
    extractive answer alone when it abstains, and with a notice when the model fails."""
    if extractive.abstained or not passages:
        yield extractive
        return
    messages = [{"role": "system", "content": STREAM_SYSTEM}, messages_for(question, passages)[1]]
    draft = ""
    try:
        for piece in client.stream(messages):
            draft += piece
            yield draft
        yield verified_answer(question, passages, extractive, draft, corpus)
    except LLMError as exc:
        yield replace(extractive, notice=f"{exc}; this is the extractive answer")


def generative_answer(question: str, passages: list[Passage], extractive: Answer, client: ChatClient,
                      corpus: Corpus) -> Answer:
    """Ask the model (only when the extractive answer did not abstain) and verify its quotes; any
    failure of the model gives the extractive answer with a notice saying what happened."""
    if extractive.abstained or not passages:
        return extractive
    try:
        reply = client.complete(messages_for(question, passages), schema=SCHEMA)
        return verified_answer(question, passages, extractive, reply, corpus)
    except LLMError as exc:
        return replace(extractive, notice=f"{exc}; this is the extractive answer")
