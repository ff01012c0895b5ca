"""reStructuredText simple tables are read row by row as Markdown tables are (qa.table_view): "region
--region region AWS_DEFAULT_REGION" under "Variable Option Config Entry Environment Variable" reads
"Variable region: Option --region, ..., Environment Variable AWS_DEFAULT_REGION.", and every span
maps back to the file's characters."""

from __future__ import annotations

import pytest

from qa.table_view import rst_header_before, table_view
from tests.test_table_view import ask_black_tea

DRINKS = ("Caffeine\n========\n\nTypical amounts.\n\n"
          "=========== ======= ========\nDrink       Serving Caffeine\n=========== ======= ========\n"
          "Espresso    30 ml   63 mg\n----------- ------- --------\nBlack tea   240 ml  47 mg\n"
          "            355 ml  34 mg\n=========== ======= ========\n\nThat is all.\n")


def test_each_row_of_a_simple_table_reads_as_its_first_cell_then_each_cell_after_its_header() -> None:
    view = table_view(DRINKS)
    assert view is not None
    blocks = [b.strip() for b in view.text.split("\n\n") if b.strip()]
    assert blocks == ["Caffeine\n========", "Typical amounts.", "Drink       Serving Caffeine",
                      "Drink Espresso: Serving 30 ml, Caffeine 63 mg.", "Drink Black tea: Serving 240 ml, Caffeine 47 mg.",
                      "Serving 355 ml, Caffeine 34 mg.", "That is all."]
    assert len(view.starts) == len(view.ends) == len(view.text)


def test_spans_of_a_simple_table_s_view_map_back_to_the_file_s_own_characters() -> None:
    view = table_view(DRINKS)
    assert view is not None
    for cell in ("Espresso", "30 ml", "63 mg", "Black tea", "240 ml", "47 mg", "355 ml", "34 mg", "That is all."):
        at = view.text.index(cell)
        assert DRINKS[slice(*view.to_passage(at, at + len(cell)))] == cell
    record = "Drink Black tea: Serving 240 ml, Caffeine 47 mg."
    at = view.text.index(record)
    assert DRINKS[slice(*view.to_passage(at, at + len(record)))] == "Black tea   240 ml  47 mg"


@pytest.mark.parametrize("text", [
    "Title\n=====\n\nProse.\n",  # a title's underline: one run
    "===== =====\nOnly a border\n",  # no border under the header
    "===== =====\n\n===== =====\n",  # no header row
    "Prose only.\n",
])
def test_text_without_a_simple_table_is_read_as_it_is(text: str) -> None:
    assert table_view(text) is None


_UNDER_HEADER = DRINKS.index("=======", DRINKS.index("Drink       Serving"))  # (the border under the header row)


@pytest.mark.parametrize(("rest", "partial", "whole_row"), [
    (DRINKS.index("Black tea"), False, True),  # (a row's start)
    (DRINKS.index("a   240 ml"), True, False),  # (inside a row: its end left as it is)
    (_UNDER_HEADER, False, True),  # (at the border under the header: the border above gives the columns)
    (_UNDER_HEADER + 4, True, True),  # (inside it)
])
def test_rows_of_a_simple_table_whose_header_is_in_an_earlier_chunk_read_with_its_names(
        rest: int, partial: bool, whole_row: bool) -> None:
    columns = rst_header_before(DRINKS[:rest])
    assert columns is not None and columns.names == ["Drink", "Serving", "Caffeine"] and columns.partial is partial
    view = table_view(DRINKS[rest:], None, columns)
    assert view is not None and "Serving 355 ml, Caffeine 34 mg." in view.text
    assert ("Drink Black tea: Serving 240 ml, Caffeine 47 mg." in view.text) is whole_row
    assert view.text.rstrip().endswith("That is all.")


@pytest.mark.parametrize("before", [
    "Prose only.\n", DRINKS[:DRINKS.index("Typical")],
    DRINKS[:DRINKS.index("That is all.")],  # (after the table, past a blank line)
    DRINKS[:DRINKS.index("=======")] + "====",  # (inside the table's top border: no header above)
])
def test_a_passage_outside_a_simple_table_s_rows_takes_no_columns(before: str) -> None:
    assert rst_header_before(before) is None


def test_the_model_answerer_cites_the_row_of_a_simple_table_its_passage_starts_inside() -> None:
    answer, reader = ask_black_tea(DRINKS, "drinks.rst", DRINKS.index("----"))
    assert "Drink Black tea: Serving 240 ml, Caffeine 47 mg." in reader.seen[0]
    citation = answer.citations[0]
    assert citation.text == "Black tea   240 ml  47 mg" == DRINKS[citation.start:citation.end]
    assert answer.short_answer == "47 mg"
