"""``archiver index`` (CDXJ) and ``archiver pack`` (WACZ) over a crawl's WARC files; WACZ re-extraction."""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_crawl import crawl, read_records  # tests/ is on sys.path (rootdir-less prepend import)
from warcio.archiveiterator import ArchiveIterator

CHECKOUT = Path(__file__).resolve().parents[1]


def run_archiver(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", *args], capture_output=True, text=True, cwd=CHECKOUT, timeout=240
    )


@pytest.fixture(scope="module")
def crawled(news_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack-crawl")
    result = crawl(news_site.url + "/", out)
    assert result.returncode == 0, result.stderr
    return out, sorted((out / "warcs").glob("*.warc.gz")), next(out.glob("articles-*.jsonl"))


def test_cdxj_index_locates_every_article(crawled, tmp_path):
    out, warcs, _records_file = crawled
    index = tmp_path / "index.cdxj"
    result = run_archiver("index", *map(str, warcs), "-o", str(index))
    assert result.returncode == 0, result.stderr
    lines = index.read_text().splitlines()
    assert lines == sorted(lines)
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    assert {e["filename"] for e in entries} == {w.name for w in warcs}
    by_place = {(e["filename"], int(e["offset"])): e for e in entries}
    for record in read_records(out):
        pointer = record["warc"]
        entry = by_place[(pointer["filename"], pointer["offset"])]
        assert entry["url"] == record["url"] and int(entry["length"]) == pointer["length"]
        assert entry["status"] == "200" and entry["digest"] == pointer["payload_digest"]
    assert any(e.get("status") == "301" for e in entries)


def test_indexing_reports_progress_file_by_file(crawled, tmp_path):
    import dataclasses
    import shutil

    from archiver.commands.progress_bar import files_line
    from archiver.warc.cdx import FilesRead, cdxj_lines

    _, warcs, _ = crawled
    copies = [Path(shutil.copy(warcs[0], tmp_path / f"copy-{n}.warc.gz")) for n in range(3)]
    seen: list[FilesRead] = []
    cdxj_lines(copies, lambda read: seen.append(dataclasses.replace(read)))
    size = copies[0].stat().st_size
    assert seen == [FilesRead(n, 3, n * size, 3 * size) for n in (1, 2, 3)]
    assert files_line(seen[0], 2.0) == f"1 of 3 files |  33% of {3 * size / 1e6:.1f} MB | ETA 0:00:04"


def test_pack_reads_records_as_export_does(crawled, tmp_path):
    """--records takes .jsonl.gz and skips a line that is no record, like export, in one reader."""
    _out, warcs, records_file = crawled
    lines = records_file.read_bytes().splitlines(keepends=True)
    records = tmp_path / "records.jsonl.gz"
    records.write_bytes(gzip.compress(b"".join([lines[0], b"[1, 2]\n", *lines[1:]])))
    result = run_archiver("pack", *map(str, warcs), "-o", str(tmp_path / "p.wacz"), "--records", str(records))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().endswith("files inside, 1 record lines skipped")
    with zipfile.ZipFile(tmp_path / "p.wacz") as archive:
        pages = archive.read("pages/pages.jsonl").decode().splitlines()[1:]
    assert len(pages) == len(lines)


def test_wacz_holds_warcs_index_pages_and_digests(crawled, tmp_path):
    out, warcs, records_file = crawled
    wacz = tmp_path / "crawl.wacz"
    result = run_archiver("pack", *map(str, warcs), "--records", str(records_file), "-o", str(wacz))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(wacz) as archive:
        names = set(archive.namelist())
        assert names == {f"archive/{w.name}" for w in warcs} | {
            "indexes/index.cdx",  # CDXJ lines; named .cdx for pywb's wb-manager (see wacz.py)
            "pages/pages.jsonl",
            "datapackage.json",
            "datapackage-digest.json",
        }
        for warc in warcs:
            info = archive.getinfo(f"archive/{warc.name}")
            assert info.compress_type == zipfile.ZIP_STORED
            assert archive.read(info) == warc.read_bytes()
        package_bytes = archive.read("datapackage.json")
        package = json.loads(package_bytes)
        assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
        for resource in package["resources"]:
            data = archive.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        digest = json.loads(archive.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(package_bytes).hexdigest()
        pages = [json.loads(line) for line in archive.read("pages/pages.jsonl").decode().splitlines()]
        index_lines = archive.read("indexes/index.cdx").decode().splitlines()
    assert pages[0]["format"] == "json-pages-1.0" and pages[0]["hasText"] is True
    records = read_records(out)
    assert {(p["url"], p["title"]) for p in pages[1:]} == {(r["url"], r["title"]) for r in records}
    # each article's text, for ReplayWeb.page's full-text search
    assert {(p["url"], p["text"]) for p in pages[1:]} == {(r["url"], r["text"]) for r in records}
    assert all(p["ts"].endswith("Z") for p in pages[1:])
    assert package["mainPageUrl"] == pages[1]["url"]
    assert len(index_lines) > len(records)


def test_reextract_from_wacz_points_into_the_warc_inside(crawled, tmp_path):
    out, warcs, _records_file = crawled
    wacz = tmp_path / "crawl.wacz"
    assert run_archiver("pack", *map(str, warcs), "-o", str(wacz)).returncode == 0
    output = tmp_path / "from-wacz.jsonl"
    result = run_archiver("extract", str(wacz), "-o", str(output))
    assert result.returncode == 0, result.stderr
    extracted = {r["url"]: r for r in map(json.loads, output.read_text().splitlines())}
    crawled_records = read_records(out)
    assert set(extracted) == {r["url"] for r in crawled_records}
    with zipfile.ZipFile(wacz) as archive:
        for record in crawled_records:
            pointer = extracted[record["url"]]["warc"]
            assert pointer["filename"] == f"crawl.wacz#archive/{record['warc']['filename']}"
            assert (pointer["offset"], pointer["length"]) == (record["warc"]["offset"], record["warc"]["length"])
            inner = archive.read(pointer["filename"].split("#", 1)[1])
            raw = inner[pointer["offset"] : pointer["offset"] + pointer["length"]]
            import io

            reread = next(iter(ArchiveIterator(io.BytesIO(raw))))
            assert reread.rec_headers.get_header("WARC-Record-ID") == record["warc"]["record_id"]


def read_zipnum(data: bytes, secondary: str) -> tuple[dict, list[tuple[str, list[str]]]]:
    """The ``!meta`` header and each block's key with its lines, checking each block's digest."""
    meta_line, *block_lines = secondary.splitlines()
    assert meta_line.startswith("!meta 0 ")
    blocks = []
    for line in block_lines:
        key, entry = line.split(" {", 1)
        place = json.loads("{" + entry)
        block = data[place["offset"] : place["offset"] + place["length"]]
        assert place["digest"] == "sha256:" + hashlib.sha256(block).hexdigest()
        blocks.append((key, gzip.decompress(block).decode().splitlines()))
    return json.loads(meta_line.split(" ", 2)[2]), blocks


def test_zipnum_blocks_are_searchable_and_hold_the_whole_index(crawled):
    from archiver.warc.cdx import cdxj_lines, zipnum

    out, warcs, _records_file = crawled
    index = cdxj_lines(warcs)
    data, secondary = zipnum(index, "index.cdx.gz", block_lines=7)
    meta, blocks = read_zipnum(data, secondary)
    assert meta == {"format": "cdxj-gzip-1.0", "filename": "index.cdx.gz"}
    assert len(blocks) == -(-index.count("\n") // 7)
    assert [line for _, lines in blocks for line in lines] == index.splitlines()
    assert all(lines[0].startswith(key + " ") for key, lines in blocks)
    # a reader's lookup: binary search over the block keys, then inflate from the block before
    keys = [key for key, _ in blocks]
    for record in read_records(out):
        line = next(line for line in index.splitlines() if f'"url": "{record["url"]}"' in line)
        prefix = line.split(" {", 1)[0]
        first = max(bisect.bisect_left(keys, prefix) - 1, 0)
        candidates = [c for key, lines in blocks[first:] if key <= prefix for c in lines]
        assert line in candidates and len(candidates) <= 14


def test_wacz_with_compressed_index(crawled, tmp_path):
    _out, warcs, _records_file = crawled
    wacz = tmp_path / "crawl.wacz"
    result = run_archiver("pack", *map(str, warcs), "--index", "zipnum", "-o", str(wacz))
    assert result.returncode == 0, result.stderr
    plain = run_archiver("index", *map(str, warcs)).stdout
    with zipfile.ZipFile(wacz) as archive:
        names = set(archive.namelist())
        assert {"indexes/index.cdx.gz", "indexes/index.idx"} <= names and "indexes/index.cdx" not in names
        assert archive.getinfo("indexes/index.cdx.gz").compress_type == zipfile.ZIP_STORED
        meta, blocks = read_zipnum(archive.read("indexes/index.cdx.gz"), archive.read("indexes/index.idx").decode())
        package = json.loads(archive.read("datapackage.json"))
    assert meta["filename"] == "index.cdx.gz"
    assert [line for _, lines in blocks for line in lines] == plain.splitlines()
    assert {"indexes/index.cdx.gz", "indexes/index.idx"} <= {r["path"] for r in package["resources"]}


@pytest.mark.parametrize("command", ["index", "pack"])
def test_errors_are_one_line(tmp_path, command):
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b this is not gzip nor a WARC" * 20)
    headless = tmp_path / "headless.warc"  # a response record without WARC-Target-URI
    headless.write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\n\r\n")
    extra = ["-o", str(tmp_path / "out.wacz")] if command == "pack" else []
    cases = [
        ([str(tmp_path / "missing.warc.gz"), *extra], "missing.warc.gz: no such file"),
        ([str(broken), *extra], "broken.warc.gz"),
        ([str(tmp_path / "notes.txt"), *extra], "not a WARC file"),
        ([str(headless), *extra], "headless.warc: not a readable WARC file: a record header warcio cannot parse"),
    ]
    if command == "pack":
        cases.append(([str(broken), "-o", str(tmp_path / "out.zip")], "must end in .wacz"))
    for args, message in cases:
        result = run_archiver(command, *args)
        assert result.returncode != 0, args
        assert message in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.wacz")) and not list(tmp_path.glob(".*.part"))


def test_cdxj_indexer_buffers_request_bodies_only():
    # archiver/warc/cdxj_bodies.py replaces this function of cdxj-indexer's: it must still be the
    # one the record iterator calls, with one argument, the record
    import inspect

    import cdxj_indexer.bufferiter as bufferiter

    from archiver.warc import cdxj_bodies

    assert next(iter(inspect.signature(bufferiter.buffering_record_iter).parameters)) == "record_iter"
    assert "buffer_record_content(record)" in inspect.getsource(bufferiter.buffering_record_iter)
    cdxj_bodies.install()
    assert bufferiter.buffer_record_content is cdxj_bodies.buffer_record_content


@pytest.mark.parametrize("command", ["index", "pack"])
@pytest.mark.parametrize("kept", [0.0001, 0.5, 0.95])
def test_a_warc_cut_short_is_refused_in_one_line(crawled, tmp_path, command, kept):
    # warcio reads the record a file ends inside of as if it were whole: an index would point
    # at half a page, a WACZ would carry it
    _, warcs, _ = crawled
    data = warcs[0].read_bytes()
    cut = tmp_path / "cut.warc.gz"
    at = max(int(len(data) * kept), 1)
    if data[at : at + 2] == b"\x1f\x8b":  # a record's end: the file would be whole
        at += 1
    cut.write_bytes(data[:at])
    extra = ["-o", str(tmp_path / "out.wacz")] if command == "pack" else ["-o", str(tmp_path / "out.cdxj")]
    result = run_archiver(command, str(cut), *extra)
    assert result.returncode == 1, result.stderr
    # cut inside a record's header, warcio cannot read the header: the same line, another reason
    assert re.search(
        r"cut\.warc\.gz: (cut short: the file ends inside the record|cannot be indexed) at offset \d+", result.stderr
    )
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("out.*")) and not list(tmp_path.glob(".*.part"))
    # the whole file is indexed as before
    whole = run_archiver("index", str(warcs[0]))
    assert whole.returncode == 0 and whole.stdout.count("\n") > 10, whole.stderr
