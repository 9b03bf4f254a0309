"""Re-runs on the same output: only new and changed articles are fetched and recorded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.site import NewsSite, start_server
from archiver.state.store import SqliteCrawlState

CHECKOUT = Path(__file__).resolve().parents[1]


def crawl(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "archiver.cli",
            "crawl",
            url + "/",
            "--out",
            str(out),
            "-s",
            "AUTOTHROTTLE_START_DELAY=0",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )


def records_by_file(out: Path) -> list[list[dict]]:
    return [
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for path in sorted(out.glob("articles-*.jsonl"))
    ]


def exchanges(path: Path) -> list[tuple[str, str, str, object]]:
    """(type, status, URI, record) of each response and revisit record of one WARC file."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type in ("response", "revisit"):
                found.append(
                    (
                        record.rec_type,
                        record.http_headers.get_statuscode(),
                        record.rec_headers.get_header("WARC-Target-URI"),
                        record,
                    )
                )
    return found


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory):
    """Crawl, advance the clock (publish 5, edit 3), crawl, crawl again with nothing changed."""
    out = tmp_path_factory.mktemp("recrawl")
    site = NewsSite(articles=40, seed=1)
    warcs_per_run = []
    with start_server(site) as server:
        results = [crawl(server.url, out)]
        warcs_per_run.append(set(out.glob("warcs/*.warc.gz")))
        step = site.advance(publish=5, edit=3)
        results.append(crawl(server.url, out))
        warcs_per_run.append(set(out.glob("warcs/*.warc.gz")) - set().union(*warcs_per_run))
        results.append(crawl(server.url, out))
        warcs_per_run.append(set(out.glob("warcs/*.warc.gz")) - set().union(*warcs_per_run))
        articles = {server.url + path for path in site.article_paths()}
        yield out, results, step, server.url, warcs_per_run, articles


def test_every_run_finishes_cleanly(three_runs):
    out, results, *_ = three_runs
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert not list(out.rglob("*.open"))


def test_second_run_writes_five_new_records_and_three_new_versions(three_runs):
    out, _, step, base, _, _ = three_runs
    # the third run found nothing new: it wrote no records file (none is left empty)
    first, second = records_by_file(out)
    assert len(first) == 41 and {r["version"] for r in first} == {1}
    new = {r["url"] for r in second if r["version"] == 1}
    changed = {r["url"] for r in second if r["version"] == 2}
    assert len(second) == 8
    assert new == {base + path for path in step.published}
    assert changed == {base + path for path in step.edited}
    pointers = {r["url"]: r["warc"] for r in first}
    for record in second:
        if record["version"] == 2:
            assert record["previous"] == pointers[record["url"]]
            assert "Update 1:" in record["text"]
        else:
            assert record["previous"] is None
    state = SqliteCrawlState(out / "state.sqlite", read_only=True)
    try:
        runs = state.runs()
    finally:
        state.close()
    assert len(runs) == 3 and runs[-1].outcome == "finished" and runs[-1].counts["articles"] == 0


def test_second_run_downloads_only_changed_articles(three_runs):
    _, _, step, base, warcs_per_run, articles = three_runs
    second = [e for path in sorted(warcs_per_run[1]) for e in exchanges(path)]
    fetched_articles = {uri for kind, status, uri, _ in second if kind == "response" and uri in articles}
    assert fetched_articles == {base + path for path in (*step.published, *step.edited)}
    # Unchanged listings are revisits: no second copy of the same bytes.
    revisits = [record for kind, _, _, record in second if kind == "revisit"]
    assert len(revisits) >= 10
    third = [e for path in sorted(warcs_per_run[2]) for e in exchanges(path)]
    assert not {uri for kind, _, uri, _ in third if kind == "response" and uri in articles}


def test_revisit_records_point_at_the_earlier_record(three_runs):
    out, _, _, _, warcs_per_run, _ = three_runs
    ids = {}
    for path in sorted(out.glob("warcs/*.warc.gz")):
        for kind, _, uri, record in exchanges(path):
            ids[record.rec_headers.get_header("WARC-Record-ID")] = (
                kind,
                uri,
                record.rec_headers.get_header("WARC-Date"),
            )
    profiles = set()
    for path in sorted(warcs_per_run[2]):
        for kind, status, uri, record in exchanges(path):
            if kind != "revisit":
                continue
            headers = record.rec_headers
            profile = headers.get_header("WARC-Profile")
            profiles.add(profile)
            target = ids[headers.get_header("WARC-Refers-To")]
            assert target[0] == "response"
            assert headers.get_header("WARC-Refers-To-Target-URI") == target[1]
            assert headers.get_header("WARC-Refers-To-Date") == target[2]
            if profile.endswith("server-not-modified"):
                assert status == "304" and target[1] == uri
            else:
                assert status == "200" and headers.get_header("WARC-Payload-Digest")
            assert record.content_stream().read() == b""
    assert profiles == {
        "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    }


def test_every_warc_file_passes_warcio_check(three_runs):
    out, *_ = three_runs
    for path in sorted(out.glob("warcs/*.warc.gz")):
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_state_counts_the_runs(three_runs):
    out, *_ = three_runs
    state = SqliteCrawlState(out / "state.sqlite", lock=False)
    try:
        runs = state.runs()
    finally:
        state.close()
    assert [r.outcome for r in runs] == ["finished"] * 3
    assert runs[1].counts["incremental/new_articles"] == 5
    assert runs[1].counts["incremental/new_versions"] == 3
    assert runs[2].counts.get("incremental/not_modified", 0) >= 1


def test_diff_shows_the_edit(three_runs):
    out, _, step, base, *_ = three_runs
    url = base + step.edited[0]
    result = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "diff", url, "--out", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"--- {url} version 1") and lines[1].startswith(f"+++ {url} version 2")
    added = [line for line in lines if line.startswith("+") and not line.startswith("+++")]
    assert len(added) == 1 and added[0].startswith("+Update 1:")


def test_diff_of_a_single_version_is_one_line_error(three_runs):
    out, _, step, base, *_ = three_runs
    result = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "diff", base + step.published[0], "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "a diff needs two" in result.stderr


EDITED = "http://news.example/edited.html"


def diff(*args: str, cwd: Path = CHECKOUT) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH: run from another folder, still this checkout's package.
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "diff", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
        timeout=120,
    )


@pytest.fixture
def edited_twice(tmp_path):
    """An output folder whose state holds three versions of EDITED, one records file per run."""
    out = tmp_path / "out"
    out.mkdir()
    state = SqliteCrawlState(out / "state.sqlite")
    try:
        for version in (1, 2, 3):
            record = {
                "url": EDITED,
                "version": version,
                "title": "Edited",
                "fetched_at": f"2025-03-0{version}",
                "text": "\n".join(f"Update {n}." for n in range(version)),
            }
            records = out / f"articles-{version}.jsonl"
            records.write_text(json.dumps(record) + "\n", encoding="utf-8")
            state.record_article(record, records.name)
    finally:
        state.close()
    return out


def test_diff_leaves_the_state_file_as_it_was(edited_twice):
    state = edited_twice / "state.sqlite"
    before = state.read_bytes()
    result = diff(EDITED, "--out", str(edited_twice))
    assert result.returncode == 0, result.stderr
    assert state.read_bytes() == before


def test_diff_refuses_a_state_file_that_is_not_one_and_leaves_it_alone(edited_twice, tmp_path):
    given = tmp_path / "empty"
    given.write_bytes(b"")
    result = diff(EDITED, "--out", str(edited_twice), "--state", str(given))
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"archiver diff: error: {given}: not a crawl state file (missing tables: "
        "indexed_files, pages, payloads, runs, versions)"
    )
    assert given.read_bytes() == b""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--to", "1"], f"--to 1: no version of {EDITED} before 1 to compare it with (have [1, 2, 3])"),
        (["--to", "4"], f"--to 4: no version 4 of {EDITED} (have [1, 2, 3])"),
        (["--from", "0"], f"--from 0: no version 0 of {EDITED} (have [1, 2, 3])"),
        (["--from", "3", "--to", "2"], "--from 3 must be an older version than --to 2"),
        (["--from", "2", "--to", "2"], "--from 2 must be an older version than --to 2"),
        (["--from", "3"], "--from 3 must be an older version than the newest, 3"),
    ],
    ids=["to-the-first", "to-missing", "from-missing", "reversed", "same", "from-the-newest"],
)
def test_diff_names_the_version_it_cannot_compare(edited_twice, options, message):
    result = diff(EDITED, "--out", str(edited_twice), *options)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"archiver diff: error: {message}"


def test_diff_between_chosen_versions(edited_twice):
    result = diff(EDITED, "--out", str(edited_twice), "--from", "1", "--to", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"--- {EDITED} version 1") and lines[1].startswith(f"+++ {EDITED} version 3")
    assert [line for line in lines[2:] if line.startswith("+")] == ["+Update 1.", "+Update 2."]


def test_diff_reads_the_records_beside_the_state_given(edited_twice, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = diff(EDITED, "--state", str(edited_twice / "state.sqlite"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith(f"+++ {EDITED} version 3")


def test_recheck_max_age_asks_conditionally_and_archives_304s(tmp_path):
    site = NewsSite(articles=10, seed=2)
    with start_server(site) as server:
        assert crawl(server.url, tmp_path).returncode == 0
        before = set(tmp_path.glob("warcs/*.warc.gz"))
        result = crawl(server.url, tmp_path, "-s", "ARCHIVER_RECHECK_MAX_AGE=0")
        assert result.returncode == 0, result.stderr
        result = crawl(server.url, tmp_path, "-s", "ARCHIVER_RECHECK_MAX_AGE=1s")
        articles = {server.url + path for path in site.article_paths()}
    assert result.returncode == 0, result.stderr
    latest = max(set(tmp_path.glob("warcs/*.warc.gz")) - before)
    not_modified = {uri for kind, status, uri, _ in exchanges(latest) if status == "304"}
    assert articles <= not_modified
    assert len(records_by_file(tmp_path)) == 1  # only the first run recorded articles
