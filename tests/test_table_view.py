"""Markdown tables are read row by row (qa.table_view), and every span maps back to the file's characters."""

from __future__ import annotations

import pytest

from index.documents import Document, Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.model_answerer import ModelAnswerer
from qa.reader import Calibration, Reading
from qa.table_view import table_view
from tests.test_answerers import DictCorpus

DRINKS = ("# Caffeine\n\nTypical amounts.\n\n| Drink | Serving | Caffeine |\n|:---|---:|---|\n"
          "| Espresso | 30 ml | 63 mg |\n| Black tea | 240 ml | 47 mg |\n|  | 355 ml | 34 mg |\n\nThat is all.\n")


def test_each_row_reads_as_its_first_cell_then_each_cell_after_its_header() -> None:
    view = table_view(DRINKS)
    assert view is not None and view.text == (
        "# Caffeine\n\nTypical amounts.\n\n| Drink | Serving | Caffeine |\n\n"
        "Drink Espresso: Serving 30 ml, Caffeine 63 mg.\n\nDrink Black tea: Serving 240 ml, Caffeine 47 mg.\n\n"
        "Serving 355 ml, Caffeine 34 mg.\n\nThat is all.\n")
    assert len(view.starts) == len(view.ends) == len(view.text)


def test_spans_of_the_view_map_back_to_the_file_s_own_characters() -> None:
    view = table_view(DRINKS)
    assert view is not None
    for cell in ("Espresso", "30 ml", "63 mg", "Black tea", "240 ml", "47 mg", "355 ml", "34 mg"):
        at = view.text.index(cell)
        a, b = view.to_passage(at, at + len(cell))
        assert DRINKS[a:b] == cell
    record = "Drink Black tea: Serving 240 ml, Caffeine 47 mg."
    at = view.text.index(record)
    a, b = view.to_passage(at, at + len(record))
    assert DRINKS[a:b] == "Black tea | 240 ml | 47 mg"  # the row's cells, without its outer pipes
    at = view.text.index("Caffeine 47 mg")  # a span starting on an added header starts at its cell
    assert DRINKS[slice(*view.to_passage(at, at + len("Caffeine 47 mg")))] == "47 mg"
    at = view.text.index(": Serving")  # added words alone: nothing of the file
    a, b = view.to_passage(at, at + len(": Serving "))
    assert a == b
    for text in ("# Caffeine", "Typical amounts.", "| Drink | Serving | Caffeine |", "That is all."):  # outside rows
        at = view.text.index(text)
        assert DRINKS[slice(*view.to_passage(at, at + len(text)))] == text


def test_passage_ranges_such_as_headings_map_into_the_view() -> None:
    view = table_view(DRINKS)
    assert view is not None
    tail = DRINKS.index("That is all.")
    assert view.from_passage([(0, 10), (tail, tail + 12)]) == [(0, 10), (view.text.index("That"), len(view.text) - 1)]


@pytest.mark.parametrize("text", [
    "No table here, only | a pipe.",
    "| a | b |\n| c | d |\n",  # no delimiter line: not a table
    "| a | b |\n|---|---|\n| only one cell |\n",  # a row of another width: left as it is
    "| a | b |\n|---|---|\n",  # a header without rows
])
def test_text_without_a_well_formed_table_is_read_as_it_is(text: str) -> None:
    assert table_view(text) is None


def test_escaped_pipes_and_sentence_ends_in_cells() -> None:
    text = "| Code | Meaning |\n|---|---|\n| 200 | The request succeeded. |\n| a \\| b | Either. |"
    view = table_view(text)
    assert view is not None
    assert view.text.endswith("Code 200: Meaning The request succeeded.\n\nCode a \\| b: Meaning Either.")


class CellReader:
    """Reads the view: the answer is the text after "Caffeine " in the row that names the drink asked about."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def warm_up(self) -> None:
        pass

    def read(self, question: str, passages, uncitable=None):  # noqa: ANN001, ANN201
        self.seen += list(passages)
        out = []
        for i, text in enumerate(passages):
            row = text.find("Drink Black tea:")
            if row == -1:
                out.append(Reading(i, 0, 0, float("-inf"), 0.0, float("-inf")))
                continue
            start = text.index("47 mg", row)
            out.append(Reading(i, start, start + 5, 6.0, 0.0, 3.0, row, text.index(".", start) + 1, 4.0))
        return out


def ask_black_tea(text: str, source: str, start: int) -> tuple[Answer, CellReader]:
    """"How much caffeine is in black tea?" answered over the passage of ``text`` (a document of
    ``source``) from ``start`` on, read by :class:`CellReader`; the answer and the reader."""
    corpus = DictCorpus({1: Document("d", source, "Caffeine", text)})
    passage = Passage(chunk_id=1, span=Span(1, "d", source, "Caffeine", start, len(text), text[start:]), score=1.0, rank=0)
    reader = CellReader()
    calibration = Calibration(bias=-1.0, weights=(("margin", 1.0),), threshold=0.5)
    answer = ModelAnswerer(corpus, AnswerConfig(threshold=0.0), reader=reader,
                           calibration=calibration).answer("How much caffeine is in black tea?", [passage])
    return answer, reader


def test_the_model_answerer_cites_the_row_and_the_cell_of_a_markdown_table() -> None:
    answer, reader = ask_black_tea(DRINKS, "drinks.md", 0)
    assert "Drink Black tea: Serving 240 ml, Caffeine 47 mg." in reader.seen[0]
    citation = answer.citations[0]
    assert citation.text == "Black tea | 240 ml | 47 mg" == DRINKS[citation.start:citation.end]
    span = answer.short_answer_span
    assert answer.short_answer == "47 mg" and span is not None and DRINKS[span[0]:span[1]] == "47 mg"


def test_a_markdown_row_reads_as_the_same_row_of_an_html_or_docx_table_is_indexed() -> None:
    from index.table_records import record

    names, rows = ["Drink", "Serving", "Note"], [["Espresso", "30 ml", "Strong."], ["Tea", "", "Mild"], ["", "1 l", ""]]
    markdown = "| " + " | ".join(names) + " |\n|---|---|---|\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows)
    view = table_view(markdown)
    assert view is not None
    assert view.text.split("\n\n")[1:] == [record(names, row) for row in rows]


def test_rows_of_a_table_whose_header_is_in_an_earlier_chunk_read_with_its_names() -> None:
    from qa.table_view import header_before

    rest = DRINKS.index("| Black tea")
    assert header_before(DRINKS[:rest]) == ["Drink", "Serving", "Caffeine"]
    assert header_before("Prose only.\n") is None and header_before("| a | b |\n| c | d |\n") is None
    view = table_view(DRINKS[rest:], header_before(DRINKS[:rest]))
    assert view is not None and view.text.startswith("Drink Black tea: Serving 240 ml, Caffeine 47 mg.\n\n")
    # the answerer finds the header in the passage's document
    answer, reader = ask_black_tea(DRINKS, "drinks.md", rest)
    assert reader.seen[0].startswith("Drink Black tea: Serving 240 ml")
    assert answer.citations[0].text == "Black tea | 240 ml | 47 mg"
