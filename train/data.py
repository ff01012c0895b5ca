"""Training examples for the reader, built from SQuAD files (never shipped, never committed).

An example is (question, passage, answer span or None). Positives are SQuAD questions
over their paragraph, sometimes with a few sentences of the neighbouring paragraphs
around it, as a 220-word-piece chunk of a whole article would have. Negatives teach
"this passage does not answer": SQuAD 2.0's written-to-look-answerable questions, the
paragraph of the same article that shares most of a question's rare words but lacks its
answer, the gold paragraph with the sentences that hold the answer cut out, and (with
``swap_rate``) synthetic unanswerables: the question with a name or number it shares with the
passage swapped for one of the same article that the passage lacks, SQuAD 2.0's commonest kind,
and (with ``antonym_rate``) the question with a word the passage uses turned into its opposite
("largest" -> "smallest", "before" -> "after") where the passage never uses the opposite, SQuAD
2.0's second kind, and (with ``negation_rate``) the question with its first auxiliary verb
negated over a passage that never negates anything ("What did Tesla invent?" -> "What didn't
Tesla invent?"), SQuAD 2.0's third kind: 88% of its questions holding a negation are
unanswerable. With ``echo_rate``, a positive is also given again with an echo of its question
inserted into the passage (the question itself, as a FAQ heading has it, or its words as a
statement without the answer, as a document's introductory sentence has them), so that the
sentence that restates the question is a distractor the reader learns to pass over for the one
that answers it (adversarial SQuAD's AddSent, without the made-up answer).

``squad2_dev_train.json`` is split by article: most articles train, the rest
(``CALIBRATION_ARTICLES``) are kept for calibration and the threshold.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from qa.mismatch import OPPOSITE, entities, negates

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    "a an the of in on at to for from by with and or is was were are be been what which who whom whose when where why how "
    "did do does that this these those it its as into than then there their they he she his her not no".split()
)


@dataclass(frozen=True)
class Example:
    question: str
    passage: str
    answer_start: int | None  # character offsets into ``passage``; None: no answer here
    answer_end: int | None
    kind: str  # positive | squad2_negative | other_paragraph | answer_removed | entity_swap | antonym | negation | echo
    #   | docs_definition | docs_attribute | docs_removed (train.docs_data)
    others: tuple[str, ...] = ()  # other paragraphs of the article read beside ``passage`` (none hold the answer)
    headings: tuple[tuple[int, int], ...] = ()  # ranges of ``passage`` that are headings (never cited by the answerer)

    @property
    def answerable(self) -> bool:
        return self.answer_start is not None


def is_calibration_article(title: str) -> bool:
    """A fixed quarter of squad2_dev_train's articles, chosen by a hash of the title."""
    return int(hashlib.sha256(title.encode("utf-8")).hexdigest(), 16) % 4 == 0


def load_articles(path: Path) -> list[dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    if not isinstance(data, list):
        raise ValueError(f"{path}: 'data' is not a list")
    return data


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _with_neighbours(paragraphs: list[str], i: int, rng: random.Random) -> tuple[str, int]:
    """Paragraph ``i`` with up to three sentences of each neighbour, and where it starts."""
    prefix = suffix = ""
    if i > 0 and rng.random() < 0.4:
        spans = sentences(paragraphs[i - 1])
        a = spans[max(0, len(spans) - rng.randint(1, 3))][0]
        prefix = paragraphs[i - 1][a:] + "\n\n"
    if i + 1 < len(paragraphs) and rng.random() < 0.4:
        spans = sentences(paragraphs[i + 1])
        b = spans[min(len(spans), rng.randint(1, 3)) - 1][1]
        suffix = "\n\n" + paragraphs[i + 1][:b]
    return prefix + paragraphs[i] + suffix, len(prefix)


def _closest_others(question: str, i: int, paragraph_words: list[set[str]], idf: dict[str, float]) -> list[int]:
    """The article's other paragraphs sharing rare words with ``question``, most shared first."""
    q = _words(question)
    # fsum is exactly rounded: paragraphs whose shared words sum to the same idf tie whatever order
    # the set iterates in (PYTHONHASHSEED), and ties go to the earlier paragraph
    scored = [(math.fsum(idf.get(w, 0.0) for w in q & words), j) for j, words in enumerate(paragraph_words) if j != i]
    return [j for score, j in sorted(scored, key=lambda t: (-t[0], t[1])) if score > 0]


def _closest_other(question: str, i: int, paragraph_words: list[set[str]], idf: dict[str, float]) -> int | None:
    closest = _closest_others(question, i, paragraph_words, idf)
    return closest[0] if closest else None


def _is_number(entity: str) -> bool:
    return entity[0].isdigit()


def swapped_question(question: str, passage: str, answer: str, pool: list[str], rng: random.Random) -> str | None:
    """``question`` with one name or number that ``passage`` holds (outside ``answer``) replaced
    by one of the same kind from ``pool`` that ``passage`` lacks; None when there is none to swap.
    A year is swapped for another year, a number for one of as many digits."""
    lowered = passage.lower()
    choices = [e for e in entities(question) if e.lower() in lowered and e.lower() not in answer.lower()]
    if not choices:
        return None
    old = rng.choice(choices)
    if _is_number(old):
        digits = sum(c.isdigit() for c in old)
        same = [e for e in pool if _is_number(e) and sum(c.isdigit() for c in e) == digits]
    else:
        same = [e for e in pool if not _is_number(e) and len(e.split()) <= len(old.split()) + 1]
    same = [e for e in same if e.lower() not in lowered and e.lower() != old.lower() and e.lower() not in old.lower()
            and old.lower() not in e.lower()]
    if not same:
        return None
    new = rng.choice(same)
    return re.sub(rf"\b{re.escape(old)}\b", new, question, count=1)


def antonym_question(question: str, passage: str, answer: str, rng: random.Random) -> str | None:
    """``question`` with one lower-case word that ``passage`` uses (outside ``answer``) turned into
    its opposite, where ``passage`` never uses the opposite; None when no word qualifies.
    Capitalised words are left alone ("North Sea" is a name, not a direction)."""
    passage_words = {w.lower() for w in _WORD.findall(passage)}
    answer_words = {w.lower() for w in _WORD.findall(answer)}
    choices = [w for w in dict.fromkeys(_WORD.findall(question)) if w in OPPOSITE and w in passage_words
               and w not in answer_words and OPPOSITE[w] not in passage_words]
    if not choices:
        return None
    old = rng.choice(choices)
    return re.sub(rf"\b{re.escape(old)}\b", OPPOSITE[old], question, count=1)


_CONTRACTED = {"is": "isn't", "was": "wasn't", "are": "aren't", "were": "weren't", "did": "didn't",
               "does": "doesn't", "do": "don't", "can": "can't", "could": "couldn't",
               "has": "hasn't", "have": "haven't", "had": "hadn't", "will": "won't", "would": "wouldn't",
               "should": "shouldn't", "must": "mustn't"}
_AUXILIARY = re.compile(r"\b(?:" + "|".join(_CONTRACTED) + r")\b", re.IGNORECASE)


def negated_question(question: str, passage: str) -> str | None:
    """``question`` with its first auxiliary verb negated: "not" after a form of "be" inside the
    question ("Who was the first ..." -> "Who was not the first ..."), the contraction otherwise
    ("What did Tesla invent?" -> "What didn't Tesla invent?", "Was it ..." -> "Wasn't it ..."),
    when neither it nor ``passage`` negates anything (a passage that says what did not happen
    might answer the negated question); None otherwise."""
    if negates(question) or negates(passage):
        return None
    m = _AUXILIARY.search(question)
    if m is None or m.end() >= len(question.rstrip("? ")):
        return None
    word = m.group()
    inside = m.start() > 0
    negated = f"{word} not" if inside and word.lower() in ("is", "was", "are", "were") else _CONTRACTED[word.lower()]
    if word[0].isupper():
        negated = negated[0].upper() + negated[1:]
    return f"{question[: m.start()]}{negated}{question[m.end():]}"


_WH_PHRASE = re.compile(
    r"^(?:(?:what|which|who|whom|whose|when|where|why)\b|how(?:\s+(?:many|much|long|often|old|far|large|big|fast))?\b)"
    r"(?:\s+(?:is|are|was|were|did|do|does|has|have|had|can|could|will|would|should)\b)?\s*",
    re.IGNORECASE)


def question_statement(question: str) -> str | None:
    """``question``'s words as a statement, its question word and auxiliary cut ("How many
    soldiers guard the airport?" -> "Soldiers guard the airport."); None when it starts with no
    question word or too little is left."""
    asked = question.strip().rstrip("? ").strip()
    rest = _WH_PHRASE.sub("", asked, count=1).strip()
    if rest == asked or len(_words(rest)) < 2:
        return None
    return rest[0].upper() + rest[1:] + "."


def echo_sentence(question: str, answer: str, rng: random.Random) -> str | None:
    """An echo of ``question`` to insert as a distractor: the question itself (half the time, as
    a FAQ heading has it) or :func:`question_statement`; None when the echo would hold
    ``answer`` or the question has too few words."""
    question = question.strip()
    if len(_words(question)) < 2:
        return None
    if not question.endswith("?"):
        question += "?"
    echo = question if rng.random() < 0.5 else question_statement(question)
    return None if echo is None or answer.lower() in echo.lower() else echo


def answer_sentence_start(passage: str, start: int) -> int:
    """Where the sentence of ``passage`` holding character ``start`` begins."""
    return max((a for a, _ in sentences(passage) if a <= start), default=0)


def insert_sentence(passage: str, at: int, sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """``passage`` with ``sentence`` inserted at ``at`` (a sentence boundary), and ``[start, end)`` moved with it."""
    inserted = sentence + " "
    shift = len(inserted) if at <= start else 0
    return passage[:at] + inserted + passage[at:], start + shift, end + shift


def echoed_passage(passage: str, start: int, end: int, echo: str, rng: random.Random,
                   before: float = 0.5) -> tuple[str, int, int]:
    """``passage`` with ``echo`` inserted as a sentence of its own, just before the sentence that
    holds ``[start, end)`` (with chance ``before``, as a heading or an introduction stands before
    what it introduces) or at another sentence boundary (any that does not split the answer,
    that one included); the answer's offsets moved with it."""
    boundaries = [a for a, _ in sentences(passage) if a <= start or a >= end]
    at = answer_sentence_start(passage, start) if rng.random() < before else rng.choice(boundaries or [0])
    return insert_sentence(passage, at, echo, start, end)


def _without_answer(paragraph: str, start: int, end: int) -> str | None:
    """``paragraph`` without the sentences overlapping ``[start, end)``, if something is left."""
    kept = [paragraph[a:b] for a, b in sentences(paragraph) if b <= start or a >= end]
    text = " ".join(kept)
    return text if len(text) > 80 else None


def article_examples(article: dict, rng: random.Random, *, negatives: bool = True, swap_rate: float = 0.0,
                     antonym_rate: float = 0.0, negation_rate: float = 0.0, echo_rate: float = 0.0,
                     echo_before: float = 0.5, others: int = 0) -> list[Example]:
    """Positives and negatives for one article's questions (``swap_rate``: the share of
    positives that also give an entity-swapped unanswerable question over the same passage;
    ``antonym_rate``: the share that give one with a word turned into its opposite;
    ``negation_rate``: the share that give one negated, :func:`negated_question`;
    ``echo_rate``: the share given again with an echo of the question in the passage,
    :func:`echo_sentence`, :func:`echoed_passage`, just before the answer's sentence with chance
    ``echo_before``). With
    ``others``, each example also carries that many other paragraphs of the article, those
    sharing most rare words with the question and lacking its answer (what retrieval would put
    beside the passage), and no separate ``other_paragraph`` negatives are made."""
    paragraphs = [p["context"] for p in article["paragraphs"]]
    pool = sorted({e for p in paragraphs for e in entities(p, names_only=True) if e.lower() not in _STOP}) if swap_rate else []
    paragraph_words = [_words(p) for p in paragraphs]
    df = Counter(w for words in paragraph_words for w in words)
    idf = {w: math.log(1 + len(paragraphs) / n) for w, n in df.items()}
    out: list[Example] = []

    def beside(question: str, i: int, answer: str) -> tuple[str, ...]:
        if not others:
            return ()
        lowered = answer.lower()
        closest = [j for j in _closest_others(question, i, paragraph_words, idf)
                   if not lowered or lowered not in paragraphs[j].lower()]
        return tuple(paragraphs[j] for j in closest[:others])

    for i, paragraph in enumerate(article["paragraphs"]):
        for qa in paragraph["qas"]:
            question = qa["question"].strip()
            if qa.get("is_impossible") or not qa["answers"]:
                text, shift = _with_neighbours(paragraphs, i, rng)
                out.append(Example(question, text, None, None, "squad2_negative", beside(question, i, "")))
                continue
            answer = qa["answers"][0]
            start = int(answer["answer_start"])
            end = start + len(answer["text"])
            text, shift = _with_neighbours(paragraphs, i, rng)
            near = beside(question, i, answer["text"])
            out.append(Example(question, text, start + shift, end + shift, "positive", near))
            if not negatives:
                continue
            lowered = answer["text"].lower()
            if swap_rate and rng.random() < swap_rate:
                swapped = swapped_question(question, text, answer["text"], pool, rng)
                if swapped is not None:
                    out.append(Example(swapped, text, None, None, "entity_swap", near))
            if antonym_rate and rng.random() < antonym_rate:
                flipped = antonym_question(question, text, answer["text"], rng)
                if flipped is not None:
                    out.append(Example(flipped, text, None, None, "antonym", near))
            if negation_rate and rng.random() < negation_rate:
                negated = negated_question(question, text)
                if negated is not None:
                    out.append(Example(negated, text, None, None, "negation", near))
            if echo_rate and rng.random() < echo_rate:
                echo = echo_sentence(question, answer["text"], rng)
                if echo is not None:
                    echoed, a, b = echoed_passage(text, start + shift, end + shift, echo, rng, echo_before)
                    out.append(Example(question, echoed, a, b, "echo", near))
            roll = rng.random()
            if roll < 0.3 and not others:
                j = _closest_other(question, i, paragraph_words, idf)
                if j is not None and lowered not in paragraphs[j].lower():
                    out.append(Example(question, paragraphs[j], None, None, "other_paragraph"))
            elif roll < 0.5:
                cut = _without_answer(paragraphs[i], start, end)
                if cut is not None and lowered not in cut.lower():
                    out.append(Example(question, cut, None, None, "answer_removed", near))
    return out


def build_training_set(data_dir: Path, *, squad11_questions: int, seed: int, squad2_repeats: int = 2,
                       swap_rate: float = 0.0, antonym_rate: float = 0.0, negation_rate: float = 0.0,
                       echo_rate: float = 0.0, echo_before: float = 0.5, others: int = 0,
                       hard: frozenset[str] = frozenset(),
                       calibration_trained: frozenset[str] = frozenset()) -> list[Example]:
    """SQuAD 1.1 articles (questions sampled down to ``squad11_questions``, ``swap_rate`` of them
    also entity-swapped into unanswerables) plus the training articles of squad2_dev_train (all of
    their questions, the unanswerable ones ``squad2_repeats`` times); with ``others``, each example
    carries that many other paragraphs of its article (:func:`article_examples`). A SQuAD 1.1
    question in ``hard`` (``train.mine_hard``: the reader cited a wrong sentence for it) is always
    kept, its positive and its echoed copy, and counts within ``squad11_questions``. The calibration
    articles named in ``calibration_trained`` are trained on too (they must then be left out of
    the calibration: ``train.calibrate --trained-on``)."""
    unknown = sorted(calibration_trained - {a["title"] for a in calibration_articles(data_dir)}) if calibration_trained else []
    if unknown:
        raise ValueError(f"calibration_trained names no calibration article: {unknown}")
    if squad2_repeats < 1:
        raise ValueError(f"squad2_repeats must be at least 1, got {squad2_repeats}")
    if not 0.0 <= swap_rate <= 1.0:
        raise ValueError(f"swap_rate must be within [0, 1], got {swap_rate}")
    if not 0.0 <= antonym_rate <= 1.0:
        raise ValueError(f"antonym_rate must be within [0, 1], got {antonym_rate}")
    if not 0.0 <= negation_rate <= 1.0:
        raise ValueError(f"negation_rate must be within [0, 1], got {negation_rate}")
    if not 0.0 <= echo_rate <= 1.0:
        raise ValueError(f"echo_rate must be within [0, 1], got {echo_rate}")
    if not 0.0 <= echo_before <= 1.0:
        raise ValueError(f"echo_before must be within [0, 1], got {echo_before}")
    if others < 0:
        raise ValueError(f"others must be at least 0, got {others}")
    rng = random.Random(seed)
    squad11 = load_articles(data_dir / "squad11_train" / "squad11_train.json")
    examples: list[Example] = []
    for article in squad11:
        examples.extend(article_examples(article, rng, swap_rate=swap_rate, antonym_rate=antonym_rate,
                                         negation_rate=negation_rate, echo_rate=echo_rate,
                                         echo_before=echo_before, others=others))
    positives = [e for e in examples if e.kind == "positive"]
    kept = sum(e.question in hard for e in positives)
    if len(positives) > squad11_questions:
        keep_ratio = max(0, squad11_questions - kept) / max(1, len(positives) - kept)
        examples = [e for e in examples
                    if (e.kind in ("positive", "echo") and e.question in hard) or rng.random() < keep_ratio]
    squad2 = [a for a in load_articles(data_dir / "squad2_dev_split" / "squad2_dev_train.json")
              if not is_calibration_article(a["title"]) or a["title"] in calibration_trained]
    for _ in range(squad2_repeats):
        for article in squad2:
            examples.extend(e for e in article_examples(article, rng, negatives=False, others=others)
                            if e.kind == "squad2_negative" or _ == 0)
    rng.shuffle(examples)
    return examples


def calibration_articles(data_dir: Path) -> list[dict]:
    return [a for a in load_articles(data_dir / "squad2_dev_split" / "squad2_dev_train.json")
            if is_calibration_article(a["title"])]


def dev_examples(data_dir: Path, *, limit: int, seed: int, exclude: frozenset[str] = frozenset()) -> list[Example]:
    """Examples from the calibration articles but those in ``exclude`` (their questions over their own paragraph)."""
    rng = random.Random(seed)
    out: list[Example] = []
    for article in calibration_articles(data_dir):
        if article["title"] in exclude:
            continue
        out.extend(article_examples(article, rng, negatives=False))
    rng.shuffle(out)
    return out[:limit]
