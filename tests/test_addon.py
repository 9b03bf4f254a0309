"""The add-on on its own: a Scrapy project that is not the archiver's (tests/second_project), with
``ADDONS = {"archiver.crawl.Archiver": 0}`` and a spider of its own, crawls the bundled site and
gets the archive: every exchange in WARC files, article records with their WARC pointers, the
crawl state, and its own items untouched in Scrapy's feed export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_crawl import read_records, warc_records  # tests/ is on sys.path

from archiver.crawl import Archiver

PROJECT = Path(__file__).resolve().parent / "second_project"


@pytest.fixture(scope="module")
def second_project_crawl(news_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("second-project")
    command = [
        sys.executable, "-m", "scrapy.cmdline", "crawl", "site", "-a", f"url={news_site.url}/",
        "-s", f"ARCHIVER_OUTPUT_DIR={out}", "-s", "AUTOTHROTTLE_START_DELAY=0", "-O", str(out / "items.jsonl"),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=240, check=False)
    return out, result


def test_the_add_on_archives_a_crawl_of_another_project(second_project_crawl, news_site):
    out, result = second_project_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    own = [item for item in items if "page" in item]
    records = read_records(out)
    # every page the project's spider saw is archived, as served
    responses = {record.rec_headers.get_header("WARC-Target-URI") for _, record, _ in warc_records(out)
                 if record.rec_type == "response"}  # fmt: skip
    assert own and {item["page"] for item in own} <= responses
    # its articles became records, each pointing at the response record that holds its page
    articles = {news_site.url + path for path in news_site.site.article_paths()}
    assert {record["url"] for record in records} == articles & {item["page"] for item in own}
    assert len(records) > 30
    for record in records:
        assert record["warc"]["filename"] in {path.name for path in (out / "warcs").glob("*.warc.gz")}
        assert record["title"] and record["text"] and record["crawl_id"] and record["version"] == 1
    # Scrapy's feed export has the project's own items and the article records, as they are
    exported = {item["url"]: item for item in items if "url" in item}
    assert exported == {record["url"]: record for record in records}
    assert (out / "state.sqlite").is_file() and not list(out.rglob("*.open"))


def test_the_archivers_components_need_the_add_on():
    from scrapy.utils.test import get_crawler

    from archiver.crawl.pipelines import ArticlePipeline
    from archiver.exceptions import UsageError

    with pytest.raises(UsageError, match=r"ADDONS = \{'archiver\.crawl\.Archiver': 0\}"):
        ArticlePipeline.from_crawler(get_crawler())
    assert Archiver.__module__ == "archiver.crawl.addon"
