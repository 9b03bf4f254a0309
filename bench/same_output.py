"""Same output: two checkouts of the project crawl the same bundled site; their outputs must agree.

For a change that must not change behaviour (a refactoring, a new layout), this crawls one
bundled news site, served once by one process, with the code of two checkouts (``--before``, a
``git worktree`` of the older commit, and this one), and compares what each crawl wrote:

- article records, by URL, field by field, ignoring what differs from run to run by design:
  ``fetched_at``, ``crawl_id`` and the WARC pointers' file names, offsets, lengths and record
  ids (their payload digests are compared);
- WARC records: the multiset of (type, target URI, payload digest) of every response, revisit and
  request record, and of the article JSON carried by each metadata record (with the same fields
  ignored); warcinfo records are counted.

Run it (about half a minute)::

    git worktree add --detach /tmp/before <commit>
    .venv/bin/python bench/same_output.py --before /tmp/before

Exit code 0 when both crawls wrote the same, 1 with the differences listed otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

REPO = Path(__file__).resolve().parents[1]
RUN_FIELDS = ("fetched_at", "crawl_id")  # differ between two runs by design
POINTER_FIELDS = ("filename", "offset", "length", "record_id")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_site(articles: int, seed: int) -> tuple[subprocess.Popen[bytes], str]:
    """The bundled site, served by this checkout's code on a free port; returns (process, URL)."""
    port = free_port()
    command = [sys.executable, "-m", "archiver.cli", "serve-site", "--port", str(port),
               "--articles", str(articles), "--seed", str(seed)]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2).close()
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("bench/same_output.py: the bundled site did not start") from None
            time.sleep(0.2)


def crawl(checkout: Path, url: str, out: Path) -> None:
    """``archiver crawl`` with the code of ``checkout`` (first on the module path), as ``archiver demo`` runs it."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    command = [sys.executable, "-m", "archiver.cli", "crawl", url + "/", "--out", str(out), "-q",
               "-s", "AUTOTHROTTLE_START_DELAY=0"]  # fmt: skip
    finished = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise SystemExit(f"bench/same_output.py: the crawl with {checkout} failed:\n{finished.stderr[-3000:]}")


def comparable_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the fields that differ between two runs by design."""
    kept = {key: value for key, value in record.items() if key not in RUN_FIELDS}
    for key in ("warc", "previous"):
        if isinstance(kept.get(key), dict):
            kept[key] = {k: v for k, v in kept[key].items() if k not in POINTER_FIELDS}
    return kept


def records(out: Path) -> dict[str, dict[str, Any]]:
    """The crawl's article records by URL, made comparable."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(out.glob("articles-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            found[record["url"]] = comparable_record(record)
    return found


def warc_records(out: Path) -> Iterator[tuple[str, str, str]]:
    """(type, target URI, payload digest or the comparable article JSON) of every WARC record."""
    for path in sorted((out / "warcs").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                headers = record.rec_headers
                kind = record.rec_type
                uri = headers.get_header("WARC-Target-URI") or ""
                if kind == "metadata":
                    article = comparable_record(json.loads(record.content_stream().read()))
                    yield kind, uri, json.dumps(article, sort_keys=True)
                elif kind == "warcinfo":
                    yield kind, "", ""
                else:
                    yield kind, uri, headers.get_header("WARC-Payload-Digest") or ""


def compare(before: Path, after: Path) -> list[str]:
    """The differences between two crawls' outputs, as lines (none: the same)."""
    problems: list[str] = []
    old, new = records(before), records(after)
    for url in sorted(set(old) | set(new)):
        if url not in new:
            problems.append(f"record only before: {url}")
        elif url not in old:
            problems.append(f"record only after: {url}")
        elif old[url] != new[url]:
            fields = sorted(k for k in set(old[url]) | set(new[url]) if old[url].get(k) != new[url].get(k))
            problems.append(f"record differs: {url}: {', '.join(fields)}")
    old_warc = collections.Counter(warc_records(before))
    new_warc = collections.Counter(warc_records(after))
    for entry in sorted((old_warc - new_warc).elements()):
        problems.append(f"WARC record only before: {entry[0]} {entry[1]} {entry[2][:80]}")
    for entry in sorted((new_warc - old_warc).elements()):
        problems.append(f"WARC record only after: {entry[0]} {entry[1]} {entry[2][:80]}")
    kinds = collections.Counter(kind for kind, _, _ in new_warc.elements())
    print(f"records: {len(old)} before, {len(new)} after; WARC records: {sum(old_warc.values())} before, "
          f"{sum(new_warc.values())} after ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")  # fmt: skip
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the older code (git worktree)")
    parser.add_argument("--articles", type=int, default=60, help="articles on the site (default: 60, as the demo)")
    parser.add_argument("--seed", type=int, default=1, help="content seed (default: 1, as the demo)")
    parser.add_argument("--keep", type=Path, help="keep both outputs under this folder")
    args = parser.parse_args(argv)
    server, url = serve_site(args.articles, args.seed)
    try:
        with tempfile.TemporaryDirectory(prefix="same-output-") as scratch:
            base = args.keep or Path(scratch)
            crawl(args.before.resolve(), url, base / "before")
            crawl(REPO, url, base / "after")
            problems = compare(base / "before", base / "after")
    finally:
        server.terminate()
        server.wait(timeout=30)
    for line in problems:
        print(line)
    print("same output" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
