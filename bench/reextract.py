"""Re-extraction benchmark: ``archiver extract`` over a WARC against bare ``trafilatura.extract``.

What it measures, on the 181 saved real pages of ``../shared/corpus/article-extraction-benchmark/html``
written as WARC response records (gzip per record, looped until there are ``--records`` of them,
2,000 by default) into a temporary folder:

1. baseline: ``trafilatura.extract(html)`` with default options, one process, over exactly the
   decompressed page bytes, in the same order. Only the loop is timed (pages already in memory).
2. ``iter_records`` without a pool: read the WARC, undo the content coding, ``extract_page``,
   one process (what the pool saves).
3. ``iter_records`` with an ``ExtractionPool`` of ``--workers`` processes (default: CPU count),
   batches of ``--batch-size``: what ``archiver extract FILE.warc.gz`` does, timed from the
   pool's start (worker start-up and imports included) to the last record. Peak memory is the
   summed RSS of the process and its workers, sampled every 0.2 s.

Steps 1 and 3 run ``--rounds`` times (default 3), alternating, so that a burst of other load on
the machine hits one round rather than one side of the comparison; the table gives each run's
median seconds, and the pool's ratio is the median of the per-round ratios (their range below
the table). Step 2 runs once.

Run it (about eight minutes on 2 cores)::

    .venv/bin/python bench/reextract.py [--records N] [--workers N] [--rounds N] [--json FILE]

Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))
CORPUS = CHECKOUT.parent / "shared" / "corpus" / "article-extraction-benchmark" / "html"


def load_pages() -> list[tuple[str, bytes]]:
    """(file stem, decompressed HTML) of every benchmark page."""
    if not CORPUS.is_dir():
        sys.exit(f"benchmark pages not found at {CORPUS}")
    return [(path.name.split(".")[0], gzip.decompress(path.read_bytes())) for path in sorted(CORPUS.glob("*.html.gz"))]


def write_warc(path: Path, pages: list[tuple[str, bytes]], records: int) -> list[bytes]:
    """Write ``records`` response records looping over ``pages``; returns the bodies in order."""
    bodies = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        for number in range(records):
            stem, html = pages[number % len(pages)]
            url = f"https://bench.example/{number // len(pages)}/{stem}/"
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(html)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers)
            )
            bodies.append(html)
    return bodies


class PeakMemory:
    """Summed RSS (MiB) of this process and its children, sampled on a thread."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, _tree_rss(os.getpid()))


def _tree_rss(pid: int) -> float:
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pending.extend(int(child) for child in children)
        except OSError:
            continue
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="baseline/pool rounds, alternating")
    parser.add_argument("--skip-single", action="store_true", help="skip the one-process iter_records run")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    import trafilatura

    from archiver.extraction.pool import ExtractionPool
    from archiver.extraction.reextract import ReextractStats, iter_records

    def run_baseline() -> tuple[float, int, float]:
        started = time.perf_counter()
        with PeakMemory() as memory:
            extracted = sum(trafilatura.extract(body) is not None for body in bodies)
        return time.perf_counter() - started, extracted, memory.peak

    def run_archiver(pool_workers: int | None) -> tuple[float, int, float]:
        stats = ReextractStats()
        started = time.perf_counter()
        with PeakMemory() as memory:
            if pool_workers is None:
                articles = sum(1 for _ in iter_records([warc], stats=stats))
            else:
                with ExtractionPool(pool_workers) as pool:
                    articles = sum(1 for _ in iter_records([warc], pool=pool, stats=stats, batch_size=args.batch_size))
        return time.perf_counter() - started, articles, memory.peak

    pages = load_pages()
    baseline_runs: list[tuple[float, int, float]] = []
    pool_runs: list[tuple[float, int, float]] = []
    single_run = None
    with tempfile.TemporaryDirectory(prefix="bench-reextract-") as folder:
        warc = Path(folder) / "bench.warc.gz"
        bodies = write_warc(warc, pages, args.records)
        size = warc.stat().st_size / 1e6
        print(f"{len(bodies)} records from {len(pages)} pages, {size:.1f} MB, {os.cpu_count()} CPUs", file=sys.stderr)
        for number in range(1, args.rounds + 1):
            baseline_runs.append(run_baseline())
            print(f"round {number}: bare trafilatura {baseline_runs[-1]}", file=sys.stderr)
            if number == 1 and not args.skip_single:
                single_run = run_archiver(None)
                print(f"round {number}: no pool {single_run}", file=sys.stderr)
            pool_runs.append(run_archiver(args.workers))
            print(f"round {number}: {args.workers} workers {pool_runs[-1]}", file=sys.stderr)

    ratios = [baseline[0] / pooled[0] for baseline, pooled in zip(baseline_runs, pool_runs, strict=True)]
    baseline_seconds = statistics.median(run[0] for run in baseline_runs)
    rows = [("bare trafilatura.extract, 1 process", baseline_runs, 1.0)]
    if single_run is not None:
        rows.append(("archiver extract WARC, no pool", [single_run], baseline_seconds / single_run[0]))
    rows.append((f"archiver extract WARC, {args.workers} workers", pool_runs, statistics.median(ratios)))
    print(
        f"\n{len(bodies)} WARC records ({len(pages)} real pages looped), {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {args.rounds} rounds\n"
    )
    print("| run | seconds (median) | pages/s | vs bare trafilatura | articles | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for name, runs, ratio in rows:
        seconds = statistics.median(run[0] for run in runs)
        print(
            f"| {name} | {seconds:.1f} | {len(bodies) / seconds:.1f} | {ratio:.2f}x | {runs[0][1]} | "
            f"{max(run[2] for run in runs):.0f} |"
        )
    print(
        f"\n{args.workers} workers against bare trafilatura, round by round: "
        + ", ".join(f"{ratio:.2f}x" for ratio in ratios)
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "records": len(bodies),
                    "rounds": [
                        {"baseline_seconds": b[0], "pool_seconds": p[0], "ratio": r}
                        for b, p, r in zip(baseline_runs, pool_runs, ratios, strict=True)
                    ],
                    "single_seconds": single_run[0] if single_run else None,
                    "median_ratio": statistics.median(ratios),
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
