"""A WARC written by ``wget --warc-file`` (not by this project) is read and its articles extracted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]


def test_wget_warc_is_extracted(news_site, tmp_path: Path) -> None:
    wget = shutil.which("wget")
    if wget is None:
        pytest.skip("wget not installed (apt-get install -y wget)")
    # -e robots=on is the default; depth 2 reaches the articles through section pages
    subprocess.run(
        [
            wget,
            "--quiet",
            "--recursive",
            "--level",
            "2",
            "--warc-file",
            str(tmp_path / "site"),
            "--directory-prefix",
            str(tmp_path / "mirror"),
            news_site.url + "/",
        ],
        cwd=tmp_path,
        timeout=240,
        check=False,
    )
    warc = tmp_path / "site.warc.gz"
    assert warc.is_file()
    output = tmp_path / "records.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "extract", str(warc), "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    articles = {news_site.url + path for path in news_site.site.article_paths()}
    urls = {r["url"] for r in records}
    assert len(urls & articles) >= 10
    assert not urls & {news_site.url + path for path in news_site.site.non_article_paths()}
    for record in records:
        assert record["title"] and record["word_count"] > 50
        pointer = record["warc"]
        assert pointer["filename"] == "site.warc.gz" and pointer["record_id"].startswith("<urn:uuid:")
        with warc.open("rb") as stream:
            stream.seek(pointer["offset"])
            from warcio.archiveiterator import ArchiveIterator

            archived = next(iter(ArchiveIterator(stream)))
        assert archived.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert archived.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
    # wget's own records (its log as a resource record, the metadata) are read past, not errors
    assert ", 0 errors" in result.stderr.splitlines()[-1]
