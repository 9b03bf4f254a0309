"""Crawl benchmark: the full ``archiver crawl`` against bare trafilatura and wget, on real pages.

What it measures, in one run, against the project's own news site (``archiver serve-site``,
started here as a separate process on a free 127.0.0.1 port, serving the 181 saved pages of
``../shared/corpus/article-extraction-benchmark/html`` K times each under distinct URLs):

1. baseline: ``trafilatura.extract(html)`` with default options in one process, over exactly
   the bytes the crawl receives (each ``.html.gz`` file decompressed, the 181 pages looped
   K times). Only the extraction loop is timed (no interpreter start, import or file reading).
2. ``archiver crawl`` (archive every exchange to WARC + extract in the process pool + write
   records), timed from process start to exit.
3. ``wget --recursive --warc-file`` from the home page, timed from start to exit.
``--requisites all`` (the crawl's default) or ``none`` says whether the crawl also fetches each
page's requisites (stylesheets, scripts, images, fonts): the saved pages name them on their
original hosts, which the crawl's loopback-only resolver (``archiver.crawl.resolver``) fails at
once, and at relative paths this server answers with 404, so they cost requests, not bytes.
4. with ``--text-only``: the same crawl with ``-s ARCHIVER_EXTRACT_MODE=text``, extraction cut
   down to trafilatura's fast pass (no article detection, no metadata, no second opinion; every
   page with text becomes a record), to show what the crawl's own machinery costs beside
   trafilatura and what the record work costs on top.

Both crawlers start at the home page and keep to the same scope (``--allow`` / ``--accept-regex``
``SCOPE``: the home page and everything under /real/), so they fetch the same pages. "real pages"
counts the distinct mounted pages answered 200, by their paths as the server builds them.
Pages are counted from each tool's WARC files (HTTP response records), articles from the records
file. Peak memory is the summed RSS of the tool's whole process tree (main process, extraction
workers, helpers), sampled from /proc every 0.2 s.

Steps 1 and 2 alternate for ``--rounds`` rounds (default 3), so that a burst of other load on
the machine hits one round rather than one side of the comparison; the table shows the round
whose crawl/baseline ratio is the median, and every round's ratio is printed under it. wget
runs once.

Run it (takes about five minutes on 2 cores)::

    .venv/bin/python bench/crawl.py [--repeat K] [--rounds N] [--requisites all|none] [--text-only]
                                    [--out DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Self
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PAGES_FOLDER = CORPUS / "article-extraction-benchmark" / "html"
DEFAULT_REPEAT = 12  # 181 pages x 12 = 2,172 pages
WGET = "/usr/bin/wget"
STEP_TIMEOUT = 900.0  # seconds; no single step of a healthy run comes near this
SAMPLE_INTERVAL = 0.2
ARCHIVER = [sys.executable, "-m", "archiver.cli"]

# The pages both crawlers may fetch: the home page and everything under /real/ without a query
# (listings /real/page/N/, the mounted pages, and whatever relative links inside them point to).
# Without it both would also chase the saved pages' site-absolute links, which this site
# answers with 404. POSIX syntax, because wget's --accept-regex is POSIX by default.
SCOPE = r"^http://127\.0\.0\.1:[0-9]+/(real/[^?#]*)?$"

# AutoThrottle off (it would add seconds of delay to a local server), 16 requests in flight,
# all to the one host.
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    # the saved pages' requisites name their original hosts: never asked, failed at once
    "DNS_RESOLVER": "archiver.crawl.resolver.LoopbackResolver",
}


@dataclass(frozen=True)
class Result:
    """One row of the table. ``pages``: HTTP responses fetched (baseline: pages extracted);
    ``real_pages``: of those, mounted pages answered 200; ``articles``: None where the tool
    extracts nothing."""

    tool: str
    pages: int
    real_pages: int
    articles: int | None
    seconds: float
    peak_rss_mb: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def real_pages_per_second(self) -> float:
        return self.real_pages / self.seconds if self.seconds else 0.0

    @property
    def articles_per_second(self) -> float | None:
        return None if self.articles is None or not self.seconds else self.articles / self.seconds


# --- memory of a process tree -------------------------------------------------------------


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, from /proc (processes that vanish meanwhile are skipped)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def rss_bytes(pid: int) -> int:
    """Resident set size of one process, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


class TreeMemorySampler:
    """Samples the summed RSS of a process and its descendants on a thread; ``peak_bytes`` is the maximum."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(rss_bytes(pid) for pid in descendants(self.pid))
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True)
class Finished:
    """A finished subprocess: exit code, output, wall-clock seconds and peak tree RSS."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_measured(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Finished:
    """Run ``command`` to completion, timing it and sampling its process tree's memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace"
    )
    with TreeMemorySampler(process.pid) as sampler:
        try:
            stdout, stderr = process.communicate(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            stderr += f"\n(killed after {STEP_TIMEOUT:.0f} s)"
    seconds = time.perf_counter() - started
    return Finished(process.returncode, stdout, stderr, seconds, sampler.peak_bytes / 1e6)


# --- the site -----------------------------------------------------------------------------


@contextmanager
def serve_site(repeat: int) -> Iterator[str]:
    """Run ``archiver serve-site`` with the real pages mounted ``repeat`` times; yields its base URL."""
    command = [
        *ARCHIVER, "serve-site", "--host", "127.0.0.1", "--port", "0",
        "--articles", "0", "--mount", str(PAGES_FOLDER), "--mount-repeat", str(repeat),
    ]  # fmt: skip
    # stderr goes to a file, not a pipe: nobody reads it while the server runs
    with tempfile.TemporaryFile("w+") as errors:
        server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            yield _served_url(server, errors, timeout=60.0)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _served_url(server: subprocess.Popen[str], errors: IO[str], timeout: float) -> str:
    """The ``http://127.0.0.1:PORT`` that the server prints on its first line."""
    assert server.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(server.stdout, selectors.EVENT_READ)
    if not selector.select(timeout):
        raise SystemExit(f"bench/crawl.py: archiver serve-site printed nothing in {timeout:.0f} s")
    line = server.stdout.readline()
    match = re.search(r"http://[\d.]+:\d+", line)
    if not match:
        server.wait(timeout=5)
        errors.seek(0)
        raise SystemExit(
            f"bench/crawl.py: archiver serve-site did not start: {line.strip()}{errors.read().strip()[-500:]}"
        )
    return match[0]


# --- the three tools ----------------------------------------------------------------------


def load_pages() -> list[bytes]:
    """The mounted pages as the crawler receives them: each ``.html.gz`` decompressed, sorted by name."""
    return [gzip.decompress(path.read_bytes()) for path in sorted(PAGES_FOLDER.glob("*.html.gz"))]


def baseline_worker(repeat: int) -> None:
    """Extract every page ``repeat`` times with bare trafilatura; print pages, articles, seconds as JSON."""
    import trafilatura

    pages = load_pages()
    articles = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for html in pages:
            if trafilatura.extract(html):
                articles += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"pages": len(pages) * repeat, "articles": articles, "seconds": seconds}))


def run_baseline(repeat: int) -> Result:
    """The baseline in its own process (so its memory is measured like the others')."""
    finished = run_measured([sys.executable, __file__, "--baseline-worker", "--repeat", str(repeat)], cwd=REPO)
    _check(finished, "trafilatura baseline")
    numbers = json.loads(finished.stdout.strip().splitlines()[-1])
    return Result(
        tool="trafilatura.extract, 1 process (baseline)",
        pages=numbers["pages"],
        real_pages=numbers["pages"],
        articles=numbers["articles"],
        seconds=numbers["seconds"],
        peak_rss_mb=finished.peak_rss_mb,
    )


def run_archiver(
    site_url: str, out: Path, real_paths: frozenset[str], *, text_only: bool = False, requisites: str = "all"
) -> tuple[Result, str]:
    """``archiver crawl`` into ``out`` (with ``text_only``, extraction cut down to trafilatura's
    fast pass; ``requisites`` as ``--requisites``); returns the row and the crawl's summary line."""
    command = [*ARCHIVER, "crawl", f"{site_url}/", "--out", str(out), "-q",
               "--allow", SCOPE, "--requisites", requisites]  # fmt: skip
    for name, value in CRAWL_SETTINGS.items():
        command += ["-s", f"{name}={value}"]
    if text_only:
        command += ["-s", "ARCHIVER_EXTRACT_MODE=text"]
    finished = run_measured(command, cwd=REPO)
    _check(finished, "archiver crawl" + (" (text only)" if text_only else ""))
    responses, real = count_responses(sorted((out / "warcs").glob("*.warc*")), real_paths)
    articles = sum(_count_lines(path) for path in out.glob("articles-*.jsonl"))
    summary = next((line for line in finished.stderr.splitlines() if "finished (" in line), "")
    summary = summary[summary.find("finished (") :]  # without the log line's time and level
    requisites_line = next((line for line in finished.stderr.splitlines() if " INFO requisites: " in line), "")
    if requisites_line:
        summary += "; " + requisites_line[requisites_line.find("requisites: ") :]
    tool = ("archiver crawl, trafilatura's fast pass only (--text-only)" if text_only
            else "archiver crawl (WARC + extract + records)")  # fmt: skip
    tool += f", requisites {requisites}"
    row = Result(tool, responses, real, articles, finished.seconds, finished.peak_rss_mb)
    return row, summary.strip()


def run_wget(site_url: str, out: Path, real_paths: frozenset[str]) -> Result:
    """``wget --recursive`` from the home page into a WARC file under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        WGET, "--recursive", "--level=inf", "--no-parent", "--no-verbose", "-e", "robots=on",
        "--no-host-directories", "--compression=auto", f"--accept-regex={SCOPE}",
        f"--warc-file={out / 'wget'}", f"--directory-prefix={out / 'files'}", "--delete-after",
        f"{site_url}/",
    ]  # fmt: skip
    finished = run_measured(command)
    if finished.returncode not in (0, 8):  # 8: the server answered some request with an error
        _check(finished, "wget")
    responses, real = count_responses(sorted(out.glob("wget*.warc.gz")), real_paths)
    return Result("wget --recursive --warc-file", responses, real, None, finished.seconds, finished.peak_rss_mb)


def mounted_paths(repeat: int) -> frozenset[str]:
    """The URL paths of the mounted pages, as the server builds them (same code, same arguments)."""
    from archiver.site import NewsSite

    return frozenset(page.path for page in NewsSite(articles=0, mount=PAGES_FOLDER, mount_repeat=repeat).real_pages)


def count_responses(warc_files: Sequence[Path], real_paths: frozenset[str]) -> tuple[int, int]:
    """HTTP response records in ``warc_files``, and how many distinct mounted pages were answered 200."""
    from warcio.archiveiterator import ArchiveIterator

    responses = 0
    real: set[str] = set()
    for path in warc_files:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                responses += 1
                target = urlsplit(record.rec_headers.get_header("WARC-Target-URI") or "").path
                if record.http_headers.get_statuscode() == "200" and target in real_paths:
                    real.add(target)
    return responses, len(real)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as lines:
        return sum(1 for _ in lines)


def _check(finished: Finished, what: str) -> None:
    if finished.returncode != 0:
        tail = "\n".join(finished.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"bench/crawl.py: {what} failed (exit {finished.returncode}):\n{tail}")


# --- report -------------------------------------------------------------------------------


def machine_note() -> str:
    """Cores, CPU, Python and the versions that matter, in one line."""
    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.machine()
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("scrapy", "trafilatura", "warcio", "lxml"))
    wget = " ".join(subprocess.run([WGET, "--version"], check=False, capture_output=True, text=True).stdout.split()[:3])
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {versions}, {wget}"


def _ratio(crawl: Result, baseline: Result) -> float:
    return crawl.real_pages_per_second / baseline.pages_per_second


def markdown_table(rows: Sequence[Result], baseline: Result) -> str:
    """The results as a Markdown table; the last column compares real pages/s with the baseline's pages/s."""
    header = ("| tool | pages | real pages | articles | seconds | pages/s | articles/s | peak RSS MB "
              "| real pages/s vs baseline |")  # fmt: skip
    lines = [header, "|" + "---|" * 9]
    for row in rows:
        articles_per_second = row.articles_per_second
        lines.append(
            f"| {row.tool} | {row.pages:,} | {row.real_pages:,} | "
            f"{'–' if row.articles is None else f'{row.articles:,}'} | {row.seconds:.1f} | "
            f"{row.pages_per_second:.1f} | {'–' if articles_per_second is None else f'{articles_per_second:.1f}'} | "
            f"{row.peak_rss_mb:.0f} | {row.real_pages_per_second / baseline.pages_per_second:.2f}x |"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help=f"serve each real page K times (default: {DEFAULT_REPEAT}: 2,172 pages)")  # fmt: skip
    parser.add_argument("--out", type=Path, help="keep the WARC files and records here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--rounds", type=int, default=3, help="baseline and crawl rounds, alternating (default: 3)")
    parser.add_argument("--requisites", choices=("all", "none"), default="all",
                        help="the crawl's --requisites: fetch the pages' requisites or not (default: all)")  # fmt: skip
    parser.add_argument("--text-only", action="store_true",
                        help="also crawl with extraction cut down to trafilatura's fast pass, each round")  # fmt: skip
    parser.add_argument("--baseline-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be 1 or more, not {args.repeat}")
    if args.rounds < 1:
        parser.error(f"--rounds must be 1 or more, not {args.rounds}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not PAGES_FOLDER.is_dir():
        print(f"bench/crawl.py: no corpus at {PAGES_FOLDER}: nothing to benchmark", file=sys.stderr)
        return 1
    if args.baseline_worker:
        baseline_worker(args.repeat)
        return 0
    if args.out and args.out.exists() and any(args.out.iterdir()):
        print(f"bench/crawl.py: --out {args.out} is not empty; its old WARC files would be counted", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as scratch:
        out = args.out or Path(scratch)
        real_paths = mounted_paths(args.repeat)
        rounds: list[tuple[Result, Result, str]] = []
        text_only: list[Result] = []
        with serve_site(args.repeat) as site_url:
            for number in range(1, args.rounds + 1):
                print(f"round {number}: baseline, trafilatura.extract over {args.repeat} x the real pages ...",
                      file=sys.stderr)  # fmt: skip
                baseline = run_baseline(args.repeat)
                print(f"round {number}: archiver crawl {site_url}/ ...", file=sys.stderr)
                crawl, summary = run_archiver(
                    site_url, out / f"archiver-{number}", real_paths, requisites=args.requisites
                )
                rounds.append((baseline, crawl, summary))
                print(f"round {number}: {_ratio(crawl, baseline):.2f}x", file=sys.stderr)
                if args.text_only:
                    print(f"round {number}: archiver crawl {site_url}/, text only ...", file=sys.stderr)
                    row, _ = run_archiver(
                        site_url, out / f"text-only-{number}", real_paths, text_only=True, requisites=args.requisites
                    )
                    text_only.append(row)
                    print(f"round {number}: text only {_ratio(row, baseline):.2f}x", file=sys.stderr)
            print(f"wget --recursive {site_url}/ ...", file=sys.stderr)
            wget = run_wget(site_url, out / "wget", real_paths)
    ratios = [_ratio(crawl, baseline) for baseline, crawl, _ in rounds]
    # the table shows the round whose ratio is the median, so that its rows belong together
    median_round = ratios.index(statistics.median_low(ratios))
    baseline, crawl, summary = rounds[median_round]
    rows = [baseline, crawl, *text_only[median_round : median_round + 1], wget]
    text_only_ratios = [_ratio(row, rounds[number][0]) for number, row in enumerate(text_only)]
    note = machine_note()
    settings = " ".join(f"-s {name}={value}" for name, value in CRAWL_SETTINGS.items())
    print(markdown_table(rows, baseline))
    print()
    print(f"Machine: {note}.")
    command = f"archiver crawl URL -q --allow SCOPE --requisites {args.requisites} {settings}"
    print(f"Crawl: `{command}`; its summary: {summary}")
    print(
        f"Crawl against baseline, round by round ({args.rounds} rounds, the table shows the median one): "
        + ", ".join(f"{ratio:.2f}x" for ratio in ratios)
    )
    if text_only_ratios:
        print(
            "Text-only crawl against the same round's baseline: "
            + ", ".join(f"{ratio:.2f}x" for ratio in text_only_ratios)
        )
    print(
        "Crawl articles are distinct canonical URLs: every copy of a page is extracted, and copies "
        "after the first are dropped as duplicates, so compare pages/s, not articles/s.",
        flush=True,
    )
    if args.json:
        document = {
            "machine": note,
            "repeat": args.repeat,
            "crawl_settings": CRAWL_SETTINGS,
            "requisites": args.requisites,
            "scope": SCOPE,
            "crawl_summary": summary,
            "round_ratios": ratios,
            "text_only_round_ratios": text_only_ratios,
            "results": [
                asdict(row) | {"pages_per_second": row.pages_per_second,
                               "real_pages_per_second": row.real_pages_per_second,
                               "articles_per_second": row.articles_per_second,
                               "ratio_to_baseline": row.real_pages_per_second / baseline.pages_per_second}
                for row in rows
            ],
        }  # fmt: skip
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
