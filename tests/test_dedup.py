"""Exact and near-duplicate detection on texts built for the purpose."""

from __future__ import annotations

import pytest

from archiver.datasets.dedup import Deduplicator, minhash, normalise_text, shingles, text_hash, url_key

BASE = " ".join(
    f"Sentence number {i} says the council met on a {day} to discuss the {topic} plan."
    for i, (day, topic) in enumerate(
        zip(["Monday", "Tuesday", "Friday"] * 20, ["park", "road", "school"] * 20, strict=True)
    )
)


def row(url: str, text: str, canonical: str | None = None) -> dict:
    return {"url": url, "canonical_url": canonical, "text": text, "warc_record_id": f"<{url}>"}


def test_normalisation_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_text("The  COUNCIL, met…\n“today”!") == "the council met today"
    assert text_hash("Hello, world.") == text_hash("hello   WORLD")
    assert text_hash("hello world") != text_hash("hello word")


def test_url_key() -> None:
    assert url_key("HTTPS://News.Example.org:443/a/b/#top") == url_key("https://news.example.org/a/b")
    assert url_key("https://e.example/a?x=1") != url_key("https://e.example/a?x=2")


def test_shingles_and_minhash() -> None:
    assert shingles("a b c") == {"a b c"}
    assert len(shingles("one two three four five six")) == 2
    assert minhash(BASE).jaccard(minhash(BASE.upper())) == 1.0


def test_first_seen_is_kept_and_copies_are_explained() -> None:
    dedup = Deduplicator(near_threshold=0.8)
    assert dedup.check(row("https://a.example/story", BASE)) is None
    by_canonical = dedup.check(row("https://a.example/story?utm=x", "different text", "https://a.example/story/"))
    assert by_canonical is not None and by_canonical.reason == "canonical_url"
    exact = dedup.check(row("https://b.example/copy", BASE.replace(".", " !")))
    assert exact is not None and exact.reason == "text_hash" and exact.kept["url"] == "https://a.example/story"
    near_text = BASE.replace("Sentence number 7 says", "Our correspondent writes that sentence 7 says")
    near = dedup.check(row("https://c.example/syndicated", near_text))
    assert near is not None and near.reason == "near_duplicate" and 0.8 <= near.similarity < 1
    report = near.report(row("https://c.example/syndicated", near_text))
    assert report["kept_url"] == "https://a.example/story" and report["dropped_url"] == "https://c.example/syndicated"
    other = " ".join(f"An unrelated story line {i} about harbour {i * 7} shipping." for i in range(60))
    assert dedup.check(row("https://d.example/other", other)) is None


def test_threshold_decides() -> None:
    half = BASE[: len(BASE) // 2] + " ".join(f"new words {i} here" for i in range(80))
    strict = Deduplicator(near_threshold=0.9)
    assert strict.check(row("https://a.example/1", BASE)) is None
    assert strict.check(row("https://a.example/2", half)) is None
    loose = Deduplicator(near_threshold=0.2)
    loose.check(row("https://a.example/1", BASE))
    assert loose.check(row("https://a.example/2", half)) is not None


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        Deduplicator(near_threshold=1.5)
    with pytest.raises(ValueError):
        Deduplicator(num_perm=4)
