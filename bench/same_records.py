"""Same records: ``extract_page`` of two checkouts on every corpus page must give the same output.

For a change to the extraction that must not change its output (a refactoring, a faster path),
this extracts every page of ``../shared/corpus`` (the article-extraction benchmark's 181 pages and
WCXB's 1,497) with the code of this checkout and of ``--before`` (a ``git worktree`` of the older
commit), each in its own process, and compares, page by page: the record (every field), the
reason (article or not, and why) and the links and feeds a crawl would follow.

Run it (about two minutes)::

    git worktree add --detach /tmp/before <commit>
    .venv/bin/python bench/same_records.py --before /tmp/before

Exit code 0 when every page gives the same, 1 with the pages that differ listed otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

# Run in the checkout's own process: imports whichever archiver comes first on the path, and
# works with the extraction's old and new entry points alike.
WORKER = r"""
import gzip, inspect, json, pickle, sys
from pathlib import Path
try:
    from archiver.extraction.page import extract_page
except ImportError:
    from archiver.extraction import extract_page
try:
    from archiver.extraction.page import ExtractionOptions
    options = ExtractionOptions(links=True)
    def extract(body, url):
        return extract_page(body, url, content_type="text/html", options=options)
except ImportError:
    def extract(body, url):
        return extract_page(body, url, content_type="text/html", with_links=True)
pages = json.loads(Path(sys.argv[1]).read_text())
out = {}
for path, url in pages:
    found = extract(gzip.decompress(Path(path).read_bytes()), url)
    links = None if found.links is None else (list(found.links.pages), list(found.links.feeds))
    out[path] = (found.record, found.reason, links)
Path(sys.argv[2]).write_bytes(pickle.dumps(out))
"""


def corpus_pages() -> list[tuple[str, str]]:
    """(path, URL) of every corpus page."""
    pages = []
    benchmark = CORPUS / "article-extraction-benchmark"
    truth = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        pages.append((str(benchmark / "html" / f"{key}.html.gz"), entry["url"]))
    wcxb = CORPUS / "wcxb-dev"
    for gold in sorted((wcxb / "ground-truth").glob("*.json")):
        url = json.loads(gold.read_text(encoding="utf-8")).get("url") or f"https://wcxb.example/{gold.stem}"
        pages.append((str(wcxb / "html" / f"{gold.stem}.html.gz"), url))
    return pages


def extract_with(checkout: Path, pages_file: Path, scratch: Path) -> dict[str, Any]:
    """Every page's (record, reason, links) as the code of ``checkout`` gives them."""
    output = scratch / f"{checkout.name}.pickle"
    env = dict(os.environ, PYTHONPATH=str(checkout))
    subprocess.run([sys.executable, "-c", WORKER, str(pages_file), str(output)], cwd=checkout, env=env, check=True)
    result: dict[str, Any] = pickle.loads(output.read_bytes())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the older code (git worktree)")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        raise SystemExit(f"bench/same_records.py: no corpus at {CORPUS}")
    pages = corpus_pages()
    with tempfile.TemporaryDirectory(prefix="same-records-") as folder:
        scratch = Path(folder)
        pages_file = scratch / "pages.json"
        pages_file.write_text(json.dumps(pages))
        before = extract_with(args.before.resolve(), pages_file, scratch)
        after = extract_with(REPO, pages_file, scratch)
    differences = 0
    for path, _ in pages:
        if before[path] != after[path]:
            differences += 1
            old, new = before[path], after[path]
            parts = [name for name, a, b in zip(("record", "reason", "links"), old, new, strict=True) if a != b]
            fields = ""
            if "record" in parts and old[0] and new[0]:
                fields = (
                    " ("
                    + ", ".join(sorted(k for k in set(old[0]) | set(new[0]) if old[0].get(k) != new[0].get(k)))
                    + ")"
                )
            print(f"{Path(path).name}: {', '.join(parts)} differ{fields}")
    articles = sum(1 for record, _, _ in after.values() if record)
    print(f"{len(pages)} pages, {articles} records; {differences} pages differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
