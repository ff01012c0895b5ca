"""The question-against-text checks the calibration may weigh (qa.mismatch), and how stored
calibration rows get them afresh."""

from __future__ import annotations

from typing import Any

import pytest

from qa.mismatch import entities, missing_names, missing_numbers, negates, opposite_mismatch, roman
from train.calibrate import refresh_text_features


@pytest.mark.parametrize(("text", "expected"), [
    ("It did not open.", True), ("It didn't open.", True), ("It didn\u2019t open.", True), ("Nobody came.", True),
    ("It never opened.", True), ("Notable people came.", False), ("The knot held.", False), ("It opened.", False),
    # "exception" is a noun in programming documents ("Which exception is raised ...?"); counted as a
    # negation it refused questions the tutorial answers (bench/negation_check.py), so it is not one
    ("Which exception is raised when dividing by zero?", False), ("The nonce was reused.", False),
])
def test_negates_finds_whole_negation_words(text: str, expected: bool) -> None:
    assert negates(text) is expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("Which is the smallest lake?", "Lake Orsk is the largest lake in the county.", True),
    ("Which is the largest lake?", "Lake Orsk is the largest lake in the county.", False),
    ("Which is the largest lake?", "Lake Orsk is the largest and Lake Elm the smallest.", False),  # both said
    ("Which lake lies north of Orsk?", "The lake lies south of the town.", True),
    ("Which lake lies in the North?", "The lake lies south of the town.", False),  # a name, not a direction
    ("How deep is the lake?", "The lake is the largest.", False),
])
def test_opposite_mismatch_is_a_question_word_whose_opposite_alone_the_sentence_uses(
        question: str, sentence: str, expected: bool) -> None:
    assert opposite_mismatch(question, sentence) is expected


def test_missing_names_is_the_share_of_the_question_s_names_and_numbers_the_passage_lacks() -> None:
    passage = "Mayor Ingrid Solberg opened the Halvard Bridge in 1931."
    assert entities("When did Ingrid Solberg open the Halvard Bridge?") == ["Ingrid Solberg", "Halvard Bridge"]
    assert missing_names("When did Ingrid Solberg open the Halvard Bridge?", passage) == 0.0
    assert missing_names("When did Ingrid Solberg open the Orsk Bridge?", passage) == 0.5
    assert missing_names("What opened in 1932?", passage) == 1.0
    assert missing_names("what opened then?", passage) == 0.0  # no names to miss
    assert missing_names("When did Solberg open the Halvard Bridge?", passage.upper()) == 0.0  # case is no difference
    assert missing_names("Who was the Mayor of Halvard?", passage) == 0.0  # each word mentioned, not the phrase
    assert missing_names("Which bridge did Halvard's mayor open?", passage) == 0.0  # a possessive
    assert missing_names("Where did I read about Oslo?", passage) == 1.0  # "Where" and "I" are not names


@pytest.mark.parametrize(("question", "expected"), [
    ("What fault can produce a magnitude 8.7 event?", True),  # the passage says 8.0
    ("What fault can produce a magnitude 8.0 event?", False),
    ("Who paid 1000 crowns in 1931?", False),  # "1,000" in the passage
    ("Which 4 towns did the bridge join?", False),  # spelt out: "four"
    ("Which 5 towns did the bridge join?", True),
    ("Which 40 towns did the bridge join?", True),  # "four" is not 40
    ("When did the bridge open in 1931 and close in 1990?", True),  # one of two missing is enough
    ("Which fault lies near the bridge?", False),  # no numbers: nothing to miss
])
def test_missing_numbers_is_a_question_number_the_passage_never_writes(question: str, expected: bool) -> None:
    passage = "In 1931 the bridge joined four towns; 1,000 crowns were paid. The fault can produce a magnitude 8.0 event."
    assert missing_numbers(question, passage) is expected


@pytest.mark.parametrize(("question", "passage", "expected"), [
    ("What causes Type 1 hypersensitivity?", "Type I hypersensitivity is caused by IgE.", False),
    ("What causes type 2 hypersensitivity?", "Type I hypersensitivity is caused by IgE.", True),
    ("When did World War 2 end?", "World War II ended in 1945.", False),
    ("Who managed Datanet 1?", "I managed the network.", True),  # a pronoun is not a numeral
    ("Who won the 2nd round?", "Kim won the second round.", False),
    ("Who won 2 rounds?", "Kim won the second round.", True),  # "second" is not a count
    ("Who won the 12th round?", "Kim won the twelfth round.", False),
])
def test_missing_numbers_reads_roman_numerals_and_ordinals(question: str, passage: str, expected: bool) -> None:
    assert missing_numbers(question, passage) is expected


@pytest.mark.parametrize(("question", "expected"), [
    ("What did the council build after 2014?", False),  # 2015 is after 2014
    ("What did the council build after 2016?", True),  # nothing written after 2016
    ("What did the council build later than 1990?", False),
    ("What did the council own before 2016?", False),  # 2015 is before 2016
    ("What did the council own before 1980?", True),  # 1,970 is a count, 12345 a code: neither is a year
    ("What did the council own prior to 2020?", False),
    ("What did the council build in 2014?", True),  # "in" is no bound: the year itself must be written
    ("What did the council build after 13?", True),  # a bound number that is no year stays as it was
])
def test_missing_numbers_reads_a_bounding_year_as_met_by_any_later_or_earlier_year(question: str,
                                                                                   expected: bool) -> None:
    passage = "In 2015 the council built a bridge for 1,970 crowns (file 12345)."
    assert missing_numbers(question, passage) is expected


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1945, 3999)] == ["I", "IV", "IX", "XIV", "XL", "MCMXLV", "MMMCMXCIX"]
    with pytest.raises(ValueError, match="between 1 and 3999.*not 0"):
        roman(0)


def test_stored_rows_get_the_text_features_afresh() -> None:
    rows: list[dict[str, Any]] = [{"question": "What did Tesla not invent?", "candidates": [
        {"features": {"sentence_margin": 1.0}, "sentence": "Tesla invented the motor.", "passage": "Tesla invented the motor."},
        {"features": {"sentence_margin": 0.5}, "sentence": "He did not invent radio.", "passage": "He did not invent radio."}]},
        {"candidates": [{"features": {"sentence_margin": 0.1}}]}]  # collected before the texts were kept
    assert refresh_text_features(rows) == 2
    first, second = rows[0]["candidates"]
    assert first["features"]["negation_mismatch"] == 1.0 and second["features"]["negation_mismatch"] == 0.0
    assert first["features"]["missing_names"] == 0.0 and first["features"]["sentence_margin"] == 1.0
    assert rows[1]["candidates"][0]["features"] == {"sentence_margin": 0.1}
