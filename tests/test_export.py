"""``archiver export``: the pinned dataset schema, each format read back, filters, dedup report."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_crawl import crawl, read_records  # tests/ is on sys.path (rootdir-less prepend import)

from archiver.datasets.dedup import DEFAULT_THRESHOLD, Deduplicator
from archiver.datasets.export import ExportStats, RowFilter, export
from archiver.datasets.records import read_records as read_jsonl
from archiver.datasets.schema import ARTICLE_SCHEMA, SCHEMA_VERSION, SchemaError, flatten_record

CHECKOUT = Path(__file__).resolve().parents[1]

# The published schema. Changing it breaks users' notebooks and jobs: bump SCHEMA_VERSION,
# update the schema table in docs/datasets.md, then this list.
PINNED_SCHEMA = [
    ("url", "string", False),
    ("canonical_url", "string", True),
    ("title", "string", True),
    ("authors", "list<item: string>", False),
    ("published", "string", True),
    ("published_local", "string", True),
    ("modified", "string", True),
    ("modified_local", "string", True),
    ("language", "string", True),
    ("sitename", "string", True),
    ("description", "string", True),
    ("categories", "list<item: string>", False),
    ("tags", "list<item: string>", False),
    ("image", "string", True),
    ("text", "string", False),
    ("word_count", "int64", False),
    ("fetched_at", "string", True),
    ("status", "int32", True),
    ("content_type", "string", True),
    ("crawl_id", "string", True),
    ("version", "int64", True),
    (
        "previous",
        "struct<filename: string, offset: int64, length: int64, record_id: string, payload_digest: string>",
        True,
    ),
    ("source", "string", True),
    ("warc_filename", "string", True),
    ("warc_offset", "int64", True),
    ("warc_length", "int64", True),
    ("warc_record_id", "string", True),
    ("warc_payload_digest", "string", True),
]


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "export", *args],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
        timeout=120,
    )


def article(url: str, text: str, **fields: object) -> dict:
    record = {
        "url": url,
        "title": url.rsplit("/", 1)[-1],
        "text": text,
        "word_count": len(text.split()),
        "authors": ["A. Writer"],
        "published": "2025-03-01",
        "language": "en",
        "warc": {
            "filename": "a.warc.gz",
            "offset": 0,
            "length": 10,
            "record_id": f"<urn:uuid:{url}>",
            "payload_digest": "sha1:X",
        },
    }
    record.update(fields)
    return record


def test_schema_is_pinned() -> None:
    assert [(f.name, str(f.type), f.nullable) for f in ARTICLE_SCHEMA] == PINNED_SCHEMA
    assert ARTICLE_SCHEMA.metadata[b"archiver.schema_version"] == SCHEMA_VERSION.encode()


def test_flatten_fills_every_column_and_rejects_bad_records() -> None:
    row = flatten_record({"url": "https://e.example/a", "text": "one two three", "warc": None, "extra": 1})
    assert list(row) == [name for name, _, _ in PINNED_SCHEMA]
    assert row["word_count"] == 3 and row["authors"] == [] and row["warc_offset"] is None
    assert "extra" not in row
    with pytest.raises(SchemaError):
        flatten_record({"text": "no url"})
    with pytest.raises(SchemaError):
        flatten_record({"url": "https://e.example/a", "text": "x", "authors": "not a list"})


@pytest.fixture(scope="module")
def crawl_records(news_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("export-crawl")
    result = crawl(news_site.url + "/", out)
    assert result.returncode == 0, result.stderr
    return out, read_records(out)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "sqlite"])
def test_each_format_reads_back_as_the_records(crawl_records, tmp_path, fmt) -> None:
    out, records = crawl_records
    [source] = out.glob("articles-*.jsonl")
    output = tmp_path / f"dataset.{fmt}"
    result = run_export(str(source), "-o", str(output), "--no-dedup", "--near-threshold", "0")
    assert result.returncode == 0, result.stderr
    expected = [flatten_record(r) for r in records]
    if fmt == "sqlite":
        columns = ", ".join(name for name, _, _ in PINNED_SCHEMA)
        with sqlite3.connect(output) as db:
            rows = [
                dict(zip(ARTICLE_SCHEMA.names, row, strict=True))
                for row in db.execute(f"SELECT {columns} FROM articles ORDER BY id")
            ]
        for row in rows:
            row.update((name, json.loads(row[name])) for name in ("authors", "categories", "tags"))
    elif fmt == "parquet":
        table = pq.read_table(output)
        assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)
        rows = table.to_pylist()
    elif fmt == "jsonl":
        frame = pd.read_json(output, lines=True, dtype=False)
        assert list(frame.columns) == [name for name, _, _ in PINNED_SCHEMA]
        rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    else:
        frame = pd.read_csv(output, keep_default_na=False, dtype=str)
        assert list(frame.columns) == [name for name, _, _ in PINNED_SCHEMA]
        rows = frame.to_dict("records")
        expected = [
            {
                k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else "" if v is None else str(v))
                for k, v in row.items()
            }
            for row in expected
        ]
    assert len(rows) == len(records) > 20
    assert rows == expected
    # provenance survives flattening: each row points at its page's response record
    by_url = {r["url"]: r for r in records}
    for row in rows[:3]:
        assert str(row["warc_offset"]) == str(by_url[row["url"]]["warc"]["offset"])
        assert row["warc_record_id"] == by_url[row["url"]]["warc"]["record_id"]


def test_filters(tmp_path) -> None:
    records = [
        article("https://news.example.org/a", "word " * 300, published="2025-01-05"),
        article("https://www.news.example.org/b", "other " * 300, published="2025-02-05T10:00:00+01:00"),
        article("https://elsewhere.example/c", "third " * 300),
        article("https://news.example.org/d", "short text", published="2025-01-10"),
        article("https://news.example.org/e", "fourth " * 300, published=None),
        article("https://news.example.org/f", "fifth " * 300, published="2025-01-06", language="de"),
    ]
    output = tmp_path / "out.jsonl"

    def kept(row_filter: RowFilter) -> list[str]:
        export(records, output, output_format="jsonl", row_filter=row_filter)
        return [json.loads(line)["url"].rsplit("/", 1)[1] for line in output.read_text().splitlines()]

    assert kept(RowFilter(sites=frozenset({"news.example.org"}))) == ["a", "b", "d", "e", "f"]
    from datetime import date

    assert kept(RowFilter(since=date(2025, 1, 6), until=date(2025, 2, 5))) == ["b", "d", "f"]
    assert kept(RowFilter(languages=frozenset({"de"}))) == ["f"]
    assert kept(RowFilter(min_words=100)) == ["a", "b", "c", "e", "f"]


def test_exact_and_near_duplicates_are_dropped_and_reported(crawl_records, tmp_path) -> None:
    _, records = crawl_records
    original = records[0]
    sentences = original["text"].split(". ")
    changed = ". ".join([*sentences[:-2], "A sentence the syndicating site added at the end", *sentences[-1:]])
    syndicated = {
        **original,
        "url": original["url"].rstrip("/") + "-syndicated",
        "canonical_url": None,
        "text": changed,
        "warc": {**original["warc"], "record_id": "<urn:uuid:copy>"},
    }
    same_text = {
        **records[1],
        "url": records[1]["url"] + "?amp=1",
        "canonical_url": None,
        "text": records[1]["text"].upper(),
        "warc": {**records[1]["warc"], "record_id": "<urn:uuid:upper>"},
    }
    same_url = {**records[2], "text": records[2]["text"] + " Update: corrected.", "warc": None}
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in [*records, syndicated, same_text, same_url]) + "{broken\n")
    output, report = tmp_path / "out.parquet", tmp_path / "report.jsonl"
    result = run_export(str(source), "-o", str(output), "--report", str(report), "--near-threshold", "0.7")
    assert result.returncode == 0, result.stderr
    assert f"{len(records) + 3} records read, {len(records)} written" in result.stderr
    assert "3 duplicates, 1 bad" in result.stderr
    assert sorted(pq.read_table(output).column("url").to_pylist()) == sorted(r["url"] for r in records)
    lines = {entry["reason"]: entry for entry in map(json.loads, report.read_text().splitlines())}
    assert set(lines) == {"near_duplicate", "text_hash", "canonical_url"}
    near = lines["near_duplicate"]
    assert (near["kept_url"], near["dropped_url"]) == (original["url"], syndicated["url"])
    assert near["dropped_warc_record_id"] == "<urn:uuid:copy>" and 0.7 <= near["similarity"] < 1
    assert lines["text_hash"]["kept_url"] == records[1]["url"] and lines["text_hash"]["similarity"] == 1
    assert lines["canonical_url"]["dropped_url"] == records[2]["url"]


def test_unrelated_articles_are_not_near_duplicates(crawl_records) -> None:
    _, records = crawl_records
    deduplicator = Deduplicator(near_threshold=0.5)
    assert [deduplicator.check(flatten_record(r)) for r in records] == [None] * len(records)


def test_read_records_takes_a_bom_and_skips_what_is_no_object(tmp_path) -> None:
    source = tmp_path / "a.jsonl"
    first, second = article("https://e.example/a", "x y"), article("https://e.example/b", "x y")
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(first).encode() + b"\n" + b"[" * 100_000 + b"\n"
                       + b"[1, 2]\n" + json.dumps(second).encode() + b"\n")  # fmt: skip
    stats = ExportStats()
    assert [r["url"] for r in read_jsonl([source], stats)] == ["https://e.example/a", "https://e.example/b"]
    assert stats.bad == 2  # JSON nested too deep to parse, and an array


def test_export_reports_progress_record_by_record(tmp_path) -> None:
    from archiver.commands.progress_bar import records_line

    records = [article(f"https://e.example/{n}", f"text number {n}") for n in range(3)]
    seen: list[tuple[int, int]] = []
    stats = export(records, tmp_path / "out.jsonl", output_format="jsonl",
                   progress=lambda counts: seen.append((counts.read, counts.written)))  # fmt: skip
    assert seen == [(1, 0), (2, 1), (3, 2)] and stats.written == 3
    assert records_line(stats, 2.0) == "3 records read (2/s) | 3 written, 0 duplicates"


def test_read_records_skips_a_cut_line(tmp_path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps(article("https://e.example/a", "x y")) + '\n[1]\n{"url": ')
    stats = ExportStats()
    assert len(list(read_jsonl([source], stats))) == 1 and stats.bad == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "-o", "out.csv"], "missing.jsonl: no such file"),
        (["missing.jsonl", "-o", "out.parquet"], "missing.jsonl: no such file"),
        (["RECORDS", "-o", "out.xlsx"], "cannot tell the format"),
        (["RECORDS", "-o", "out.csv", "--since", "yesterday"], "--since takes a date"),
        (["RECORDS", "-o", "out.csv", "--near-threshold", "2"], "--near-threshold must be between 0 and 1"),
        (["RECORDS", "-o", "no/such/folder/out.csv"], "cannot be written"),
        (["RECORDS", "-o", "out.csv", "--report", "out.csv"], "--report and -o name the same file"),
        (
            ["RECORDS", "-o", "out.csv", "--since", "2025-02-01", "--until", "2025-01-01"],
            "--since 2025-02-01 is after --until 2025-01-01: no article can match",
        ),
        (["FOLDER", "-o", "out.csv"], ": a folder, not a records file"),
    ],
)
def test_errors_are_one_line(tmp_path, args, message) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text(json.dumps(article("https://e.example/a", "x y")) + "\n")
    args = [
        str(source)
        if a == "RECORDS"
        else str(tmp_path)
        if a == "FOLDER"
        else str(tmp_path / a)
        if a.startswith(("missing", "out", "no/"))
        else a
        for a in args
    ]
    result = run_export(*args)
    assert result.returncode != 0
    assert message in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
    assert not list(tmp_path.glob(".*.part"))


@pytest.fixture(scope="module")
def wire_crawl(wire_news_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("wire-crawl")
    result = crawl(wire_news_site.url + "/", out)
    assert result.returncode == 0, result.stderr
    [source] = out.glob("articles-*.jsonl")
    return source, read_records(out)


def test_near_duplicates_planted_on_the_site_are_merged_and_reported(wire_crawl, wire_news_site, tmp_path) -> None:
    source, records = wire_crawl
    site, base = wire_news_site.site, wire_news_site.url
    # Every article, wire copies included, was crawled as one record.
    assert sorted(r["url"] for r in records) == sorted(base + path for path in site.article_paths())
    output, report = tmp_path / "out.parquet", tmp_path / "report.jsonl"
    result = run_export(str(source), "-o", str(output), "--report", str(report))  # the default threshold
    assert result.returncode == 0, result.stderr
    copies = len(site.wire_copies)
    assert copies >= 2 and f"{len(records)} records read, {len(records) - copies} written" in result.stderr

    lines = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    planted = {frozenset((base + copy.original.path, base + copy.path)) for copy in site.wire_copies}
    # Each planted pair, and no other pair of the site's articles, is merged.
    assert {frozenset((line["kept_url"], line["dropped_url"])) for line in lines} == planted
    assert len(lines) == copies
    for line in lines:
        assert line["reason"] == "near_duplicate" and DEFAULT_THRESHOLD <= line["similarity"] < 1
    kept = set(pq.read_table(output).column("url").to_pylist())
    assert all(len(pair & kept) == 1 for pair in planted)
    assert kept == {r["url"] for r in records} - {line["dropped_url"] for line in lines}
    # the original, published before its wire copy, is the one kept
    assert {base + copy.original.path for copy in site.wire_copies} <= kept


def test_of_copies_the_earliest_published_is_kept_whatever_the_order(wire_crawl, wire_news_site, tmp_path) -> None:
    _, records = wire_crawl
    base = wire_news_site.url
    copies = {base + copy.path for copy in wire_news_site.site.wire_copies}
    # the wire copies first, as a crawl that found them first would have written them
    reordered = tmp_path / "copies-first.jsonl"
    reordered.write_text(
        "".join(json.dumps(r) + "\n" for r in sorted(records, key=lambda r: r["url"] not in copies)), "utf-8"
    )
    output = tmp_path / "out.jsonl"
    result = run_export(str(reordered), "-o", str(output))
    assert result.returncode == 0, result.stderr
    kept = [json.loads(line)["url"] for line in output.read_text("utf-8").splitlines()]
    assert not copies & set(kept) and len(kept) == len(records) - len(copies)
    # rows keep the order of the input
    assert kept == [r["url"] for r in sorted(records, key=lambda r: r["url"] not in copies) if r["url"] not in copies]


def versions_of(url: str) -> list[dict]:
    first = article(url, "The council met on Monday. " * 40, version=1, previous=None,
                    fetched_at="2025-03-01T10:00:00Z")  # fmt: skip
    second = article(url, "The council met on Monday and voted. " * 40, version=2, previous=first["warc"],
                     fetched_at="2025-03-02T10:00:00Z")  # fmt: skip
    second["warc"] = {**first["warc"], "offset": 500, "record_id": "<urn:uuid:v2>"}
    return [first, second]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_the_latest_version_of_each_article_is_kept_and_every_one_on_request(tmp_path, fmt) -> None:
    story = versions_of("https://news.example.org/story")
    other = article("https://news.example.org/other", "A different story about harbour shipping. " * 40)
    source = tmp_path / "records.jsonl"
    # the newer version first: the version number decides, not the order
    source.write_text("".join(json.dumps(r) + "\n" for r in [story[1], other, story[0]]), "utf-8")

    def exported(*options: str) -> pd.DataFrame:
        output, report = tmp_path / f"out.{fmt}", tmp_path / "report.jsonl"
        result = run_export(str(source), "-o", str(output), "--report", str(report), *options)
        assert result.returncode == 0, result.stderr
        if fmt == "parquet":
            return pd.read_parquet(output)
        if fmt == "csv":
            return pd.read_csv(output, keep_default_na=False)
        return pd.read_json(output, lines=True, dtype=False)

    latest = exported()
    assert list(latest.url) == ["https://news.example.org/story", "https://news.example.org/other"]
    assert int(latest.version[0]) == 2
    previous = latest.previous[0]
    previous = json.loads(previous) if fmt == "csv" else previous
    assert previous["record_id"] == story[0]["warc"]["record_id"] and previous["offset"] == 0
    [line] = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text("utf-8").splitlines()]
    assert line["reason"] == "older_version" and line["kept_warc_record_id"] == "<urn:uuid:v2>"
    every = exported("--all-versions")
    assert sorted(int(v) for v in every.version[every.url == "https://news.example.org/story"]) == [1, 2]


def test_summary_counts_older_versions(tmp_path) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in versions_of("https://news.example.org/story")))
    result = run_export(str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 0, result.stderr
    assert "2 records read, 1 written" in result.stderr and "0 duplicates, 0 bad, 1 older versions" in result.stderr


def test_dates_load_into_a_dataframe_without_options(tmp_path) -> None:
    records = [
        article("https://e.example/a", "one " * 50, published="2025-02-05T22:00:00-05:00"),
        article("https://e.example/b", "two " * 50, published="2025-02-05"),  # a record of schema 1
        article(
            "https://e.example/c",
            "three " * 50,
            published="2025-02-06T08:00:00Z",
            published_local="2025-02-06T09:00:00+01:00",
            modified="2025-02-07T00:00:00Z",
        ),
        article("https://e.example/d", "four " * 50, published=None),
    ]
    output = tmp_path / "out.csv"
    export(records, output, output_format="csv")
    frame = pd.read_csv(output)
    published = pd.to_datetime(frame.published)
    # the date and time where each story was published: the New York story of 22:00 on
    # 5 February is of 5 February (6 February in UTC), and so is its day in a dataframe
    assert [str(v) for v in published] == [
        "2025-02-05 22:00:00",
        "2025-02-05 00:00:00",
        "2025-02-06 09:00:00",
        "NaT",
    ]
    assert [str(v) for v in published.dt.date] == ["2025-02-05", "2025-02-05", "2025-02-06", "NaT"]
    assert list(frame.published_local.fillna("")) == [
        "2025-02-05T22:00:00-05:00",
        "2025-02-05",
        "2025-02-06T09:00:00+01:00",
        "",
    ]
    assert [str(v) for v in pd.to_datetime(frame.modified)] == ["NaT", "NaT", "2025-02-07 00:00:00", "NaT"]
    # ... and the moment in UTC follows from the page's own reading, where it gives a time
    assert str(pd.to_datetime(frame.published_local.iloc[0], utc=True)) == "2025-02-06 03:00:00+00:00"
    # the date filters read the day where the story was published
    export(records, output, output_format="csv", row_filter=RowFilter(until=date(2025, 2, 5)))
    assert list(pd.read_csv(output).url) == ["https://e.example/a", "https://e.example/b"]
