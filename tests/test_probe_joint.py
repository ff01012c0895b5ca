"""train.probe_joint: the best candidates' focused texts joined into one, to be read side by side."""

from __future__ import annotations

from qa.reader_windows import within_any
from train.probe_joint import joined


def test_each_candidate_s_sentence_is_found_in_the_joined_text_and_only_it_is_citable() -> None:
    first = "Rain fell all day. The river rose by two metres. Boats stayed in port. The mayor spoke."
    second = "The bridge opened in 1990. It cost ten million. Nobody crossed it at first."
    candidates = [("The river rose by two metres.", first), ("It cost ten million.", second)]
    text, spans, uncitable = joined(candidates, [1, 0])
    assert text == ("The bridge opened in 1990. It cost ten million. Nobody crossed it at first."
                    "\n\nRain fell all day. The river rose by two metres. Boats stayed in port.")
    assert [text[a:b] for a, b in spans] == ["It cost ten million.", "The river rose by two metres."]
    for a, b in spans:  # the sentences themselves are citable, their neighbours are not
        assert not within_any(a, b, uncitable)
    for neighbour in ("The bridge opened in 1990.", "Nobody crossed it at first.", "Rain fell all day.",
                      "Boats stayed in port."):
        at = text.index(neighbour)
        assert within_any(at, at + len(neighbour), uncitable)
    assert "The mayor spoke." not in text  # only the sentence before and after each candidate
