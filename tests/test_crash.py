"""Crash safety: a crawl killed at any moment loses nothing and duplicates nothing on the next run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from conftest import archiver_crawler
from warcio.archiveiterator import ArchiveIterator

from archiver.site import NewsSite, start_server
from archiver.state.lock import StateLock
from archiver.state.store import SqliteCrawlState

pytestmark = pytest.mark.slow

# Slow enough to be mid-way when killed, fast enough for a test: about 10 s for the whole site.
SLOW = (
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0.01",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    "-s",
    "ARCHIVER_EXTRACT_WORKERS=1",
    "-s",
    "RANDOMIZE_DOWNLOAD_DELAY=False",
)


def start_crawl(url: str, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "crawl", url + "/", "--out", str(out), *SLOW, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_open_warc(
    out: Path, process: subprocess.Popen[str], timeout: float = 60, left_over: frozenset[Path] = frozenset()
) -> None:
    """Wait until this run has a WARC file open (files a killed run left open do not count)."""
    deadline = time.monotonic() + timeout
    while not set(out.glob("warcs/*.warc.gz.open")) - left_over:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the crawl never opened a WARC file"
        time.sleep(0.05)


def wait_for_records(
    out: Path,
    process: subprocess.Popen[str],
    lines: int,
    timeout: float = 120,
    left_over: frozenset[Path] = frozenset(),
) -> None:
    """Wait until this run has written ``lines`` records (not counting a killed run's file)."""
    deadline = time.monotonic() + timeout
    while (
        lines and sum(p.read_bytes().count(b"\n") for p in set(out.glob("articles-*.jsonl.open")) - left_over) < lines
    ):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"the crawl never wrote {lines} records"
        time.sleep(0.05)


def all_records(out: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(out.glob("articles-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def record_at(out: Path, pointer: dict) -> bytes:
    with (out / "warcs" / pointer["filename"]).open("rb") as stream:
        stream.seek(pointer["offset"])
        member = stream.read(pointer["length"])
    return zlib.decompressobj(31).decompress(member)


@pytest.fixture(scope="module")
def big_site():
    site = NewsSite(articles=300, seed=3)
    with start_server(site) as server:
        yield server


def test_sigkill_at_three_moments_loses_and_duplicates_nothing(big_site, tmp_path):
    out = tmp_path
    # Three moments: before any article is recorded, and after the 10th and the 60th record
    # of that run (plus a little, to land between writes).
    for lines, delay in ((0, 0.5), (10, 0.3), (60, 0.7)):
        left_over = frozenset(out.glob("warcs/*.open")) | frozenset(out.glob("articles-*.jsonl.open"))
        process = start_crawl(big_site.url, out)
        wait_for_open_warc(out, process, left_over=left_over)
        wait_for_records(out, process, lines, left_over=left_over)
        time.sleep(delay)
        assert process.poll() is None, "the crawl finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    # The killed runs left their files open, mid-way: the next run repairs them and goes on.
    assert list(out.glob("warcs/*.open"))
    written = sum(len(p.read_bytes().splitlines()) for p in out.glob("articles-*.jsonl*"))
    assert 0 < written < len(big_site.site.article_paths())
    final = start_crawl(big_site.url, out)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr
    assert "repaired" in stderr
    assert not list(out.rglob("*.open"))

    for path in sorted(out.glob("warcs/*.warc.gz")):
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    records = all_records(out)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article was recorded twice"
    assert set(urls) == {big_site.url + path for path in big_site.site.article_paths()}
    assert {r["version"] for r in records} == {1}
    for record in records:
        head = record_at(out, record["warc"]).partition(b"\r\n\r\n")[0]
        assert b"WARC-Type: response" in head
        assert f"WARC-Record-ID: {record['warc']['record_id']}".encode() in head
        assert f"WARC-Target-URI: {record['url']}".encode() in head

    state = SqliteCrawlState(out / "state.sqlite", lock=False)
    try:
        for page in state.pages():
            if page.payload is not None:
                pointer = {
                    "filename": page.payload.filename,
                    "offset": page.payload.offset,
                    "length": page.payload.length,
                }
                head = record_at(out, pointer).partition(b"\r\n\r\n")[0]
                assert f"WARC-Record-ID: {page.payload.record_id}".encode() in head
        for url in urls:
            versions = state.versions(url)
            assert [v.version for v in versions] == [1], url
            assert state.page(url).version == 1
        assert len(state.runs()) == 4
    finally:
        state.close()


def test_sigterm_stops_cleanly_and_the_next_run_completes(big_site, tmp_path):
    process = start_crawl(big_site.url, tmp_path)
    wait_for_open_warc(tmp_path, process)
    time.sleep(1.0)
    assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "finished (shutdown)" in stderr
    assert "Traceback" not in stderr
    assert not list(tmp_path.rglob("*.open"))
    state = SqliteCrawlState(tmp_path / "state.sqlite", lock=False)
    try:
        [run] = state.runs()
        assert run.outcome == "shutdown" and run.finished
    finally:
        state.close()
    first = {r["url"] for r in all_records(tmp_path)}
    assert 0 < len(first) < len(big_site.site.article_paths())

    final = start_crawl(big_site.url, tmp_path)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr
    assert "repaired" not in stderr
    urls = [r["url"] for r in all_records(tmp_path)]
    assert len(urls) == len(set(urls))
    assert set(urls) == {big_site.url + path for path in big_site.site.article_paths()}


def test_a_second_run_on_the_same_state_is_refused_in_one_line(tmp_path):
    lock = StateLock(tmp_path / "state.sqlite")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "archiver.cli", "crawl", "http://127.0.0.1:9/", "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        lock.release()
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"another crawl (pid {os.getpid()}) is using the state" in lines[0]


def _workers(crawl: subprocess.Popen[str]) -> list[int]:
    """The extraction workers of a crawl: its children started by multiprocessing's spawn."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == crawl.pid and b"spawn_main" in command:
                found.append(int(entry.name))
    return found


def test_a_dead_extraction_worker_is_replaced_and_its_pages_extracted(big_site, tmp_path):
    process = start_crawl(big_site.url, tmp_path)
    wait_for_records(tmp_path, process, 5)
    [worker] = _workers(process)  # ARCHIVER_EXTRACT_WORKERS=1
    os.kill(worker, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert "an extraction worker died: its pages go to a new pool (restart 1 of at most 10)" in stderr
    urls = [r["url"] for r in all_records(tmp_path)]
    assert sorted(urls) == sorted(big_site.url + path for path in big_site.site.article_paths())


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_to_the_whole_process_group_stops_cleanly(big_site, tmp_path, signal_number):
    # Ctrl-C in a terminal, or systemd stopping the service, signals the workers as well
    process = start_crawl(big_site.url, tmp_path)
    wait_for_records(tmp_path, process, 5)
    workers = _workers(process)
    os.killpg(process.pid, signal_number)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "finished (shutdown)" in stderr and "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    # every page fetched was extracted: the workers finished their pages before they were stopped
    assert "extraction failed" not in stderr and "extraction: " not in stderr, stderr
    time.sleep(0.5)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_workers_end_with_a_crawl_killed_outright(big_site, tmp_path):
    process = start_crawl(big_site.url, tmp_path)
    wait_for_records(tmp_path, process, 2)
    workers = _workers(process)
    assert workers
    process.kill()
    process.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while [pid for pid in workers if Path(f"/proc/{pid}").exists()] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "workers outlived their crawl"


def test_a_killed_run_leaves_the_next_one_every_page_it_found(big_site, tmp_path):
    # pages linked only from a page a killed run fetched are fetched by the next run: the state
    # keeps what was asked for and not fetched, where they would be lost (their page is known
    # and not due again); killed and resumed, the crawl archives all a clean crawl archives
    out = tmp_path / "killed"
    process = start_crawl(big_site.url, out)
    wait_for_open_warc(out, process)
    wait_for_records(out, process, 40)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    resumed = start_crawl(big_site.url, out)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    clean = start_crawl(big_site.url, tmp_path / "clean")
    _, stderr = clean.communicate(timeout=300)
    assert clean.returncode == 0, stderr

    def fetched(folder: Path) -> set[str]:
        urls = set()
        for path in sorted(folder.glob("warcs/*.warc.gz")):
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type in ("response", "revisit"):
                        urls.add(record.rec_headers.get_header("WARC-Target-URI"))
        return urls

    # nothing a clean crawl archives is missing (the two runs may reach more: a page's depth is
    # the depth it was first found at, and the runs find pages in other orders)
    assert fetched(tmp_path / "clean") - fetched(out) == set()
    state = SqliteCrawlState(out / "state.sqlite", lock=False)
    try:
        assert state.frontier() == []
    finally:
        state.close()


def test_ctrl_c_says_it_stops_and_does_not_wait_out_delays_and_twice_leaves_no_open_file(big_site, tmp_path):
    slow = ["-s", "DOWNLOAD_DELAY=3", "-s", "AUTOTHROTTLE_ENABLED=False"]
    for presses in (1, 2):
        out = tmp_path / f"pressed-{presses}"
        process = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "crawl", big_site.url + "/", "--out", str(out), *slow],
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_for_open_warc(out, process)
        deadline = time.monotonic() + 60
        while not frontier(out):  # the home page is in: the requests for its links wait their turn
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        pressed = time.monotonic()
        for _ in range(presses):
            process.send_signal(signal.SIGINT)
            time.sleep(0.2)
        _, stderr = process.communicate(timeout=60)
        assert time.monotonic() - pressed < 15, stderr  # no 3 s wait for each queued request
        assert "stopping: finishing the pages in flight" in stderr and "Traceback" not in stderr
        assert not list(out.rglob("*.open")), stderr
        assert "archiver crawl: error" not in stderr
        assert "records:    " in stderr
        records = stderr.split("records:    ", 1)[1].split("\n", 1)[0]
        assert records == "none (no article recorded)" or Path(records).is_file()
        assert frontier(out)  # what was asked for and not fetched is left to the next run


def test_a_request_that_reaches_the_downloader_after_ctrl_c_is_left_to_the_next_run():
    # one that waited for its host's robots.txt, say: the first Ctrl-C dropped what waited in the
    # downloader's queues, and nothing new goes out after it either
    from scrapy.http import Request

    from archiver.crawl import Archiver
    from archiver.crawl.addon import Stopping
    from archiver.crawl.politeness import PolitenessMiddleware

    crawler = archiver_crawler()
    middleware = PolitenessMiddleware.from_crawler(crawler)
    assert middleware.process_request(Request("http://news.example/a")) is None
    Archiver.of(crawler).drop_waiting_downloads()
    with pytest.raises(Stopping):
        middleware.process_request(Request("http://news.example/b"))


def frontier(out: Path) -> list:
    if not (out / "state.sqlite").exists():
        return []
    state = SqliteCrawlState(out / "state.sqlite", read_only=True)
    try:
        return state.frontier()
    finally:
        state.close()
