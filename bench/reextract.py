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

Run it (about three minutes on 2 cores)::

    .venv/bin/python bench/reextract.py [--records N] [--workers N] [--json FILE]

Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

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
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(html)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
            bodies.append(html)
    return bodies


class PeakMemory:
    """Summed RSS (MiB) of this process and its children, sampled on a thread."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
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
    parser.add_argument("--skip-single", action="store_true", help="skip the one-process iter_records run")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    import trafilatura

    from archiver.extraction_pool import ExtractionPool
    from archiver.reextract import ReextractStats, iter_records

    pages = load_pages()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-reextract-") as folder:
        warc = Path(folder) / "bench.warc.gz"
        bodies = write_warc(warc, pages, args.records)
        size = warc.stat().st_size / 1e6
        print(f"{len(bodies)} records from {len(pages)} pages, {size:.1f} MB, {os.cpu_count()} CPUs", file=sys.stderr)

        started = time.perf_counter()
        with PeakMemory() as memory:
            extracted = sum(trafilatura.extract(body) is not None for body in bodies)
        results.append(("bare trafilatura.extract, 1 process", time.perf_counter() - started, extracted, memory.peak))
        print(results[-1], file=sys.stderr)

        if not args.skip_single:
            stats = ReextractStats()
            started = time.perf_counter()
            with PeakMemory() as memory:
                articles = sum(1 for _ in iter_records([warc], stats=stats))
            results.append(("archiver extract WARC, no pool", time.perf_counter() - started, articles, memory.peak))
            print(results[-1], file=sys.stderr)

        stats = ReextractStats()
        started = time.perf_counter()
        with PeakMemory() as memory, ExtractionPool(args.workers) as pool:
            articles = sum(1 for _ in iter_records([warc], pool=pool, stats=stats, batch_size=args.batch_size))
        results.append((f"archiver extract WARC, {args.workers} workers", time.perf_counter() - started,
                        articles, memory.peak))
        print(results[-1], file=sys.stderr)

    baseline = len(bodies) / results[0][1]
    print(f"\n{len(bodies)} WARC records ({len(pages)} real pages looped), {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}\n")
    print("| run | seconds | pages/s | vs bare trafilatura | articles | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for name, seconds, count, peak in results:
        rate = len(bodies) / seconds
        print(f"| {name} | {seconds:.1f} | {rate:.1f} | {rate / baseline:.2f}x | {count} | {peak:.0f} |")
    if args.json:
        args.json.write_text(json.dumps([dict(zip(("run", "seconds", "outputs", "peak_rss_mib"), r)) for r in results],
                                        indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
