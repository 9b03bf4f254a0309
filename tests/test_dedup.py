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


def dataset_row(url: str, text: str, **fields: object) -> dict:
    return {**row(url, text, fields.pop("canonical", None)), "authors": ["Jane Doe"], **fields}


def test_select_keeps_the_latest_version_of_each_article() -> None:
    dedup = Deduplicator()
    dedup.add(dataset_row("https://a.example/s", BASE, version=2, fetched_at="2025-03-02T00:00:00Z"))
    dedup.add(dataset_row("https://a.example/s", BASE + " Old.", version=1, fetched_at="2025-03-03T00:00:00Z"))
    # without version numbers, the later fetch is the newer version
    dedup.add(dataset_row("https://b.example/t", "first " * 30, fetched_at="2025-03-01T00:00:00Z"))
    dedup.add(dataset_row("https://b.example/t", "second " * 30, fetched_at="2025-03-05T10:00:00+02:00"))
    kept, dropped = dedup.select()
    assert kept == {0, 3}
    assert [(number, duplicate.reason, duplicate.kept["url"]) for number, _, duplicate in dropped] == [
        (1, "older_version", "https://a.example/s"),
        (2, "older_version", "https://b.example/t"),
    ]


def test_select_keeps_every_version_on_request_and_versions_are_no_copies() -> None:
    dedup = Deduplicator(all_versions=True)
    for version in (1, 2):
        dedup.add(dataset_row("https://a.example/s", BASE + f" Version {version}.", version=version))
    dedup.add(dataset_row("https://a.example/s", BASE + " Version 2.", version=2))  # the same version again
    kept, dropped = dedup.select()
    assert kept == {0, 1} and [(n, d.reason) for n, _, d in dropped] == [(2, "canonical_url")]


def test_of_two_urls_naming_one_canonical_url_its_own_page_is_kept() -> None:
    dedup = Deduplicator()
    dedup.add(dataset_row("https://a.example/s?amp=1", BASE, canonical="https://a.example/s"))
    dedup.add(dataset_row("https://a.example/s", BASE, canonical="https://a.example/s"))
    kept, _ = dedup.select()
    assert kept == {1}


def test_of_copies_of_a_story_the_earliest_published_is_kept() -> None:
    copy_text = BASE.replace("Sentence number 7 says", "Agencies report that sentence 7 says")
    dedup = Deduplicator()
    dedup.add(dataset_row("https://wire.example/copy", copy_text, published="2025-03-01T12:45:00Z"))
    dedup.add(dataset_row("https://a.example/original", BASE, published="2025-03-01T12:00:00Z"))
    dedup.add(dataset_row("https://c.example/undated", BASE.upper()))
    kept, dropped = dedup.select()
    assert kept == {1}
    assert sorted((n, d.reason, d.kept["url"]) for n, _, d in dropped) == [
        (0, "near_duplicate", "https://a.example/original"),
        (2, "text_hash", "https://a.example/original"),
    ]


def test_on_one_day_a_writers_story_goes_before_an_agency_copy() -> None:
    copy_text = BASE.replace("Sentence number 7 says", "Agencies report that sentence 7 says")
    dedup = Deduplicator()
    # the copy gives a time, the original only its day: the time of day cannot tell
    dedup.add(dataset_row("https://a.example/wire/copy", copy_text, published="2025-03-01T09:45:00Z",
                          published_local="2025-03-01T09:45:00+00:00", authors=["Staff and wire reports"]))  # fmt: skip
    dedup.add(dataset_row("https://a.example/original", BASE, published="2025-03-01T00:00:00Z",
                          published_local="2025-03-01"))  # fmt: skip
    kept, _ = dedup.select()
    assert kept == {1}
