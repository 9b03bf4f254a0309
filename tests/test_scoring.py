"""archiver.extraction.scoring: the article-extraction-benchmark body metric and the WCXB metadata comparisons."""

from __future__ import annotations

import pytest

from archiver.extraction.scoring import (
    author_f1,
    author_set,
    body_scores,
    dates_match,
    page_counts,
    shingles,
    titles_match,
    tokens,
)


def test_tokens_and_shingles() -> None:
    assert tokens("It's 9:30, déjà vu!") == ["It", "s", "9", "30", "déjà", "vu"]
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}  # shorter than a shingle: one shingle of all tokens
    assert shingles("") == {}
    assert shingles("x y z w x y z w")[("x", "y", "z", "w")] == 2  # a multiset


def test_page_counts_are_normalised_per_page() -> None:
    gold = "one two three four five six"  # 3 shingles
    predicted = "one two three four five six seven"  # the 3 and one extra
    counts = page_counts(gold, predicted)
    assert (counts.tp, counts.fp, counts.fn) == pytest.approx((3 / 4, 1 / 4, 0))
    assert page_counts("", "") == page_counts(None, None)


def test_body_scores_average_precision_and_recall_over_pages_then_f1() -> None:
    gold = "one two three four five six"
    pages = [
        (gold, gold),  # precision 1, recall 1, exact
        (gold, gold + " seven"),  # precision 3/4, recall 1
        (gold, ""),  # nothing predicted: no precision, recall 0
    ]
    scores = body_scores(pages)
    assert scores.precision == pytest.approx((1 + 3 / 4) / 2)
    assert scores.recall == pytest.approx((1 + 1 + 0) / 3)
    assert scores.f1 == pytest.approx(2 * scores.precision * scores.recall / (scores.precision + scores.recall))
    assert scores.accuracy == pytest.approx(1 / 3)
    assert scores.pages == 3
    with pytest.raises(ValueError):
        body_scores([])


def test_titles_compare_after_nfc_and_whitespace() -> None:
    assert titles_match("Cafe\u0301  au lait\n", "Café au lait")
    assert not titles_match("Café au lait", "Café au lait | Site")
    # loosely, case and typographic quotes do not count
    assert titles_match("It’s “Café” Time", 'it\'s "café" time', loose=True)
    assert not titles_match("It’s “Café” Time", 'it\'s "café" time')


@pytest.mark.parametrize(
    ("gold", "predicted", "f1"),
    [
        ("Jane Doe, John Smith and Ann Lee", ["jane doe", "John Smith", "Ann Lee"], 1.0),
        ("Jane Doe & John Smith", ["By Jane Doe"], 2 * 1 * 0.5 / 1.5),
        ("O'Brien, Pat", ["o brien", "PAT"], 1.0),  # punctuation is a space, case folded
        (None, [], 1.0),  # no author and none predicted: correct
        (None, ["Site Name"], 0.0),
        ("Jane Doe", [], 0.0),
    ],
)
def test_author_f1(gold: str | None, predicted: list[str], f1: float) -> None:
    assert author_f1(gold, predicted) == pytest.approx(f1)


def test_author_set_splits_gold_strings() -> None:
    assert author_set("By Jane Doe, John Smith and Ann Lee") == {"jane doe", "john smith", "ann lee"}
    assert author_set("Von Roland Brockmann und Sebastian Drescher") == {"roland brockmann", "sebastian drescher"}


def test_dates_compare_by_day() -> None:
    assert dates_match("2024-05-01", "2024-05-01T23:30:00-04:00")
    assert not dates_match("2024-05-01", "2024-05-02")
    assert dates_match(None, None)
    assert not dates_match("2024-05-01", None)
