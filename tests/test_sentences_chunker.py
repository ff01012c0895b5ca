from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.chunker import Chunker, ChunkerConfig
from index.documents import Document, content_id
from index.embedders import HashingEmbedder
from index.errors import InvalidInputError
from index.sentences import split_sentences


def doc(text: str) -> Document:
    return Document(content_id(text), "mem.txt", "t", text)


def check_sentences(text: str) -> None:
    spans = split_sentences(text)
    covered = [False] * len(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        for i in range(a, b):
            covered[i] = True
        last = b
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


def check_chunks(text: str, max_tokens: int, overlap: int, headings: tuple[int, ...] = ()) -> None:
    """The chunks of ``text`` (with headings at the offsets ``headings``) are exact, within budget,
    in order and cover every non-space character."""
    embedder = HashingEmbedder(64, max_tokens=max_tokens + 2)
    document = Document(content_id(text), "mem.html", "t", text, headings=tuple((o, 2, "h") for o in headings))
    chunks = Chunker(embedder, ChunkerConfig(max_tokens, overlap)).chunk(document if headings else doc(text))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip() == chunk.text and chunk.text
        assert len(embedder.token_spans(chunk.text)) <= max_tokens
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # every non-space character is in some chunk
    covered = [False] * len(text)
    for chunk in chunks:
        for i in range(chunk.start, chunk.end):
            covered[i] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


sentence = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60).map(
    lambda s: s + "."
)
adversarial = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=600),
    st.lists(sentence, max_size=30).map(" ".join),
    st.tuples(sentence, st.integers(1, 40)).map(lambda t: " ".join([t[0]] * t[1])),  # repeated sentences
    st.lists(st.sampled_from(["word", "mot", "Wort", "слово", "词", "🙂", "naïve"]), max_size=400).map(" ".join),
    st.text(alphabet="ab \n\n.!?", max_size=400),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial)
def test_sentence_spans_cover_text(text: str) -> None:
    check_sentences(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial, st.sampled_from([(8, 0), (8, 4), (16, 3), (40, 10)]))
def test_chunk_offsets_are_exact(text: str, sizes: tuple[int, int]) -> None:
    check_chunks(text, *sizes)


def test_long_sentence_without_punctuation_is_split_under_budget() -> None:
    text = " ".join(f"w{i}" for i in range(1000))
    check_chunks(text, 50, 10)
    chunks = Chunker(HashingEmbedder(64, max_tokens=52), ChunkerConfig(50, 10)).chunk(doc(text))
    assert len(chunks) >= 20


def test_overlap_repeats_whole_sentences() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(20))
    chunks = Chunker(HashingEmbedder(64, max_tokens=42), ChunkerConfig(40, 10)).chunk(doc(text))
    assert len(chunks) > 2
    assert all(b.start < a.end for a, b in zip(chunks, chunks[1:]))  # neighbours overlap


def test_paragraphs_and_list_items_split() -> None:
    text = "# Title\n\nFirst paragraph without stop\n\n- item one\n- item two"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "# Title", "First paragraph without stop", "- item one", "- item two"]


@pytest.mark.parametrize(("text", "expected"), [
    # a PDF's or a manual page's bullets: each item is a sentence, not the end of the sentence before it
    ("See Section 2.11.\n• comment elements give a description.\n  ◦ a nested item\n▪ a square one",
     ["See Section 2.11.", "• comment elements give a description.", "◦ a nested item", "▪ a square one"]),
    # items that a PDF's text runs together on one line part at each bullet
    ("• <MIME>/globs (names to types) [deprecated] • <MIME>/globs2 (names, types and weights)",
     ["• <MIME>/globs (names to types) [deprecated]", "• <MIME>/globs2 (names, types and weights)"]),
    ("Home•About • Contact", ["Home•About", "• Contact"]),  # a bullet inside a word is no item
    ("Press •\nthen go.", ["Press •\nthen go."]),  # nor one that ends a line
])
def test_bullets_start_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_each_prompt_of_an_interactive_example_starts_a_sentence_with_its_output() -> None:
    text = ("Values that are not valid JSON:\n"
            ">>> # Neither call raises an exception\n>>> json.dumps(float('nan'))\n'NaN'\n"
            ">>> for x in (1, 2):\n...     print(x)\n1\n2\n>>>\nprint('a >>> b')")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Values that are not valid JSON:",
        ">>> # Neither call raises an exception\n>>> json.dumps(float('nan'))\n'NaN'",
        ">>> for x in (1, 2):\n...     print(x)\n1\n2", ">>>\nprint('a >>> b')"]


def test_a_prompt_holding_only_comments_is_not_a_sentence_of_its_own() -> None:
    # a comment line says what the example after it shows: cited alone it answers nothing
    text = (">>> # two comment lines\n>>> # before one call\n>>> round(2.675, 2)\n2.67\n"
            ">>> x = 1  # a comment after code\n>>> # a last comment\n\nProse after a blank line.\n"
            "# A heading\n>>> #no space after the mark is a comment too\n>>> y")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        ">>> # two comment lines\n>>> # before one call\n>>> round(2.675, 2)\n2.67",
        ">>> x = 1  # a comment after code", ">>> # a last comment", "Prose after a blank line.",
        "# A heading", ">>> #no space after the mark is a comment too\n>>> y"]


@pytest.mark.parametrize(("text", "expected"), [
    ("An error.\n\n8.4. Raising Exceptions\n\nThe raise statement.",
     ["An error.", "8.4. Raising Exceptions", "The raise statement."]),  # a heading's number stays with it
    ("1. Open the box. 2. Take it out.", ["1. Open the box.", "2. Take it out."]),
    ("Version 2.0 shipped. It was 1.5 before.", ["Version 2.0 shipped.", "It was 1.5 before."]),
    ("8.4.", ["8.4."]),
    # a section's number at the start of a line starts a sentence, even right after one (a PDF's heading)
    ("It was last updated 2 October 2018.\n1.2. What is this spec?\nMany programs use it.",
     ["It was last updated 2 October 2018.", "1.2. What is this spec?", "Many programs use it."]),
    ("The fare rose by\n2.5 euros.", ["The fare rose by\n2.5 euros."]),  # a number that does not head a section
    # a title's underline is a block of its own: the title is a sentence alone, not "Notes\n====="
    ("Release Notes\n=============\n * It learned to fly.", ["Release Notes", "=============", "* It learned to fly."]),
])
def test_a_number_alone_is_not_a_sentence(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an AsciiDoc labeled list's terms are a sentence of their own, not the start of their definition's
    ("pull <repository>::\n\tExactly like 'merge'.\n\npush <repository>::\n\tDoes a 'split'.",
     ["pull <repository>::", "Exactly like 'merge'.", "push <repository>::", "Does a 'split'."]),
    ("Options\n-------\n-q::\n--quiet::\n\tPrint nothing.", ["Options", "-------", "-q::\n--quiet::", "Print nothing."]),
    # "+" joins a definition's blocks: a line of its own, not the end of one sentence and the start of the next
    ("book::\n\tBook a seat.\n+\nA booking is held.\n+\n----\n$ book north\n----",
     ["book::", "Book a seat.", "+", "A booking is held.", "+", "----", "$ book north", "----"]),
    # AsciiDoc's include tags are comments, not the end of the sentence before them
    ("// tag::quick[]\nStop it with ctrl+c.\n// end::quick[]\nMore text.",
     ["// tag::quick[]", "Stop it with ctrl+c.", "// end::quick[]", "More text."]),
    # a reST paragraph's last line ending with "::" (a literal block follows) is not a term
    ("As shown in the\nfollowing example::\n\n    code", ["As shown in the\nfollowing example::", "code"]),
    ("A single line::", ["A single line::"]),
])
def test_labeled_list_terms_are_sentences_of_their_own(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("In Marbury v. Madison the court ruled. Then it ended.", ["In Marbury v. Madison the court ruled.", "Then it ended."]),
    ("Brown v. Board of Education (1954) ended it.", ["Brown v. Board of Education (1954) ended it."]),
    ("Roe v. Wade.", ["Roe v. Wade."]),
    ("It was version IV. Then came V. Next.", ["It was version IV.", "Then came V.", "Next."]),  # a capital V ends
    ("Use the dev. Then test.", ["Use the dev.", "Then test."]),  # a word that ends in v
])
def test_a_case_name_s_v_does_not_end_a_sentence(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_a_number_after_an_unfinished_sentence_joins_it() -> None:
    from index import sentences

    # blingfire's cuts, given: "formula O" | "2." | "Diatomic ..." (O2 written on two lines)
    block = "the formula O\n2. Diatomic oxygen."
    assert sentences._join_numbers(block, [0, 14, 17, len(block)]) == [0, 17, len(block)]
    assert sentences._join_numbers("Done. 2. Next.", [0, 6, 9, 14]) == [0, 6, 14]


@pytest.mark.parametrize(
    ("max_tokens", "overlap", "match"),
    [(4, 0, "max_tokens must be at least 8"), (40, 30, "overlap_tokens must be between"), (40, -1, "overlap_tokens")],
)
def test_chunker_config_validation(max_tokens: int, overlap: int, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        ChunkerConfig(max_tokens, overlap)


def test_chunker_refuses_chunks_longer_than_the_model_window() -> None:
    with pytest.raises(InvalidInputError, match="does not fit the model's window of 64"):
        Chunker(HashingEmbedder(64, max_tokens=64), ChunkerConfig(max_tokens=100, overlap_tokens=10))


def headed(text: str, *headings: str) -> Document:
    """``text`` as a document whose ``headings`` (each a line of it) are its headings."""
    marks = tuple((text.index(h), 2, h) for h in headings)
    return Document(content_id(text), "mem.html", "t", text, headings=marks)


def test_a_chunk_ends_before_a_heading_in_its_second_half_and_the_next_starts_there() -> None:
    before = " ".join(f"Entry one says {w} here." for w in "abcdef")  # 6 sentences of 5 words
    after = " ".join(f"Entry two says {w} here." for w in "ghijkl")
    text = f"{before}\n\nfunc(x)\n\n{after}"
    chunker = Chunker(HashingEmbedder(64, max_tokens=42), ChunkerConfig(40, 10))
    plain = chunker.chunk(doc(text))
    assert plain[0].start == 0 and plain[0].end > text.index("func(x)")  # without headings: across it
    chunks = chunker.chunk(headed(text, "func(x)"))
    assert chunks[0].text == before  # 30 of 40 word pieces: it ends before the heading
    assert chunks[1].start == text.index("func(x)")  # no overlap across the heading
    assert chunks[-1].end == len(text)


def test_a_heading_early_in_a_chunk_does_not_end_it() -> None:
    text = "Intro words here.\n\nfunc(x)\n\n" + " ".join(f"Entry two says {w} here." for w in "ghijklmnop")
    chunker = Chunker(HashingEmbedder(64, max_tokens=42), ChunkerConfig(40, 10))
    first = chunker.chunk(headed(text, "func(x)"))[0]
    assert first.start == 0 and first.end > text.index("func(x)")  # 3 word pieces before it: under half


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial, st.lists(st.floats(0, 1), max_size=12), st.sampled_from([(8, 0), (16, 3), (40, 10)]))
def test_chunks_stay_exact_and_cover_the_text_wherever_headings_fall(
        text: str, places: list[float], sizes: tuple[int, int]) -> None:
    check_chunks(text, *sizes, headings=tuple(sorted({int(p * len(text)) for p in places if text})))
