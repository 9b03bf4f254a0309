"""WARC files: rotation, record locations, warcio check, crash repair, the writer thread."""

from __future__ import annotations

import gzip
import itertools
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.warc.records import HttpExchange
from archiver.warc.writer import (
    RecordLocation,
    ThreadedWarcWriter,
    WarcFileWriter,
    repair_open_files,
)

START = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
NAME = re.compile(r"^test-(\d{20})-(\d{5})-host\.example\.warc\.gz$")
WARCIO = Path(sys.executable).with_name("warcio")


def ticking_clock() -> Callable[[], datetime]:
    ticks = itertools.count()
    return lambda: START + timedelta(milliseconds=next(ticks))


def counting_ids() -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def make_writer(directory: Path, **options: object) -> WarcFileWriter:
    return WarcFileWriter(
        directory,
        prefix="test",
        host="host.example",
        warcinfo={"operator": "tests", "isPartOf": "crawl-1"},
        record_id=counting_ids(),
        clock=ticking_clock(),
        **options,  # type: ignore[arg-type]
    )


def make_exchange(number: int, body: bytes | None = None) -> HttpExchange:
    return HttpExchange(
        url=f"https://news.example/story/{number}?page=1",
        method="GET",
        request_headers=[(b"Accept", b"text/html"), (b"Authorization", b"Basic secret")],
        request_body=b"",
        status=200,
        response_headers=[(b"Content-Type", b"text/html"), (b"X-Place", b"caf\xe9")],
        body=body if body is not None else f"<p>story {number}</p>".encode() * 20,
        ip_address="192.0.2.7",
        fetched_at=START + timedelta(seconds=number),
    )


def read_records(path: Path) -> list[tuple[str, str, bytes]]:
    """(type, record id, raw block bytes) of every record, digests checked by warcio."""
    with open(path, "rb") as stream:
        return [
            (record.rec_type, record.rec_headers["WARC-Record-ID"], record.raw_stream.read())
            for record in ArchiveIterator(stream, check_digests="raise")
        ]


def warcio_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WARCIO), "check", "-v", *map(str, paths)], capture_output=True, text=True, check=False)


def record_at(directory: Path, location: RecordLocation) -> tuple[str, str, bytes]:
    with open(directory / location.filename, "rb") as stream:
        stream.seek(location.offset)
        member = stream.read(location.length)
    decompressor = zlib.decompressobj(31)
    data = decompressor.decompress(member)
    assert decompressor.eof and not decompressor.unused_data  # exactly one whole member
    records = read_records_from_bytes(data)
    assert len(records) == 1
    return records[0]


def read_records_from_bytes(data: bytes) -> list[tuple[str, str, bytes]]:
    import io

    return [
        (record.rec_type, record.rec_headers["WARC-Record-ID"], record.content_stream().read())
        for record in ArchiveIterator(io.BytesIO(data), check_digests="raise")
    ]


@pytest.fixture()
def written(tmp_path: Path) -> Iterator[tuple[Path, list[RecordLocation]]]:
    with make_writer(tmp_path) as writer:
        locations = []
        for number in range(3):
            location = writer.write_exchange(make_exchange(number))
            locations.append(location)
            locations.append(
                writer.write_metadata(f"https://news.example/story/{number}?page=1", location.record_id, b'{"n": 1}')
            )
    yield tmp_path, locations


def test_file_layout_and_record_links(written: tuple[Path, list[RecordLocation]]) -> None:
    directory, _ = written
    [path] = directory.iterdir()
    assert NAME.match(path.name)
    assert NAME.match(path.name).group(1) == "20240506070809123456"  # type: ignore[union-attr]
    with open(path, "rb") as stream:
        records = [(r.rec_type, dict(r.rec_headers.headers)) for r in ArchiveIterator(stream)]
    assert [kind for kind, _ in records] == ["warcinfo"] + ["response", "request", "metadata"] * 3
    assert records[0][1]["WARC-Filename"] == path.name
    for response, request, metadata in zip(records[1::3], records[2::3], records[3::3], strict=True):
        response_id = response[1]["WARC-Record-ID"]
        assert request[1]["WARC-Concurrent-To"] == response_id
        assert metadata[1]["WARC-Refers-To"] == response_id
        assert request[1]["WARC-Target-URI"] == response[1]["WARC-Target-URI"]


def test_warcinfo_fields(written: tuple[Path, list[RecordLocation]]) -> None:
    directory, _ = written
    [path] = directory.iterdir()
    fields = read_records(path)[0][2].decode()
    assert "software: news-archiver/" in fields
    assert "format: WARC File Format 1.1\r\n" in fields
    assert "operator: tests\r\n" in fields and "isPartOf: crawl-1\r\n" in fields


def test_every_location_resolves_to_its_record(
    written: tuple[Path, list[RecordLocation]],
) -> None:
    directory, locations = written
    for number, location in enumerate(locations):
        kind, found_id, content = record_at(directory, location)
        assert found_id == location.record_id
        if number % 2 == 0:
            assert kind == "response"
            assert content == make_exchange(number // 2).body
            assert location.payload_digest and location.payload_digest.startswith("sha1:")
        else:
            assert (kind, content) == ("metadata", b'{"n": 1}')


@pytest.mark.parametrize("warc_version", ["1.1", "1.0"])
def test_warcio_check_passes(tmp_path: Path, warc_version: str) -> None:
    with make_writer(tmp_path, warc_version=warc_version) as writer:
        location = writer.write_exchange(make_exchange(1, gzip.compress(b"<p>x</p>" * 50)))
        writer.write_metadata("https://news.example/", location.record_id, b"{}")
    [path] = tmp_path.iterdir()
    result = warcio_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 4
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(path.read_bytes()).startswith(f"WARC/{warc_version}\r\n".encode())


def test_a_body_the_server_compressed_is_stored_not_deflated_again(tmp_path: Path) -> None:
    html = b"<p>the same sentence again and again</p>" * 200
    encoded = make_exchange(1, gzip.compress(html))
    encoded.response_headers.append((b"Content-Encoding", b"gzip"))
    with make_writer(tmp_path) as writer:
        stored = writer.write_exchange(encoded)
        deflated = writer.write_exchange(make_exchange(2, html))
    [path] = tmp_path.iterdir()
    data = path.read_bytes()
    # the gzip body lies in the file as the server sent it; the identity body was deflated
    assert encoded.body in data[stored.offset : stored.offset + stored.length]
    assert html not in data and deflated.length < len(html) / 10
    assert record_at(tmp_path, stored)[2] == html  # read back through the content coding
    assert record_at(tmp_path, deflated)[2] == html
    assert warcio_check(path).returncode == 0


def test_rotation_keeps_files_under_the_limit(tmp_path: Path) -> None:
    max_size = 6_000
    with make_writer(tmp_path, max_size=max_size, compress_level=0) as writer:
        locations = [writer.write_exchange(make_exchange(n)) for n in range(12)]
        big = writer.write_exchange(make_exchange(99, b"x" * 20_000))
        locations.append(writer.write_exchange(make_exchange(100)))
    paths = sorted(tmp_path.iterdir())
    assert len(paths) >= 4
    assert not list(tmp_path.glob("*.open"))
    assert [NAME.match(p.name).group(2) for p in paths] == [  # type: ignore[union-attr]
        f"{n:05d}" for n in range(len(paths))
    ]
    for path in paths:
        records = read_records(path)
        assert records[0][0] == "warcinfo"
        assert [kind for kind, _, _ in records].count("warcinfo") == 1
        # A response and its request always share a file.
        kinds = [kind for kind, _, _ in records[1:]]
        assert kinds == ["response", "request"] * (len(kinds) // 2)
        if path.name != big.filename:
            assert path.stat().st_size <= max_size
    [big_path] = [p for p in paths if p.name == big.filename]
    assert big_path.stat().st_size > max_size
    assert len(read_records(big_path)) == 3  # warcinfo and the one oversized pair
    for location in locations:
        assert record_at(tmp_path, location)[1] == location.record_id


def test_nothing_written_means_no_file(tmp_path: Path) -> None:
    make_writer(tmp_path).close()
    assert list(tmp_path.iterdir()) == []


def test_writing_after_close_is_refused(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.write_exchange(make_exchange(1))


def test_bad_options_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_size"):
        make_writer(tmp_path, max_size=0)
    with pytest.raises(ValueError, match="compress_level"):
        make_writer(tmp_path, compress_level=10)


def test_crash_repair_keeps_every_whole_record(tmp_path: Path) -> None:
    live, crashed = tmp_path / "live", tmp_path / "crashed"
    crashed.mkdir()
    writer = make_writer(live)
    locations = [writer.write_exchange(make_exchange(n)) for n in range(4)]
    [open_path] = live.glob("*.warc.gz.open")
    whole = open_path.read_bytes()
    half_member = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"y" * 5000)[:700]
    copies = {
        "half": whole + half_member,
        "garbage": whole + b"\x00garbage after the last record",
        "no-trailer": whole + half_member[:-8],
    }
    for label, data in copies.items():
        (crashed / f"{label}.warc.gz.open").write_bytes(data)
    writer.close()

    reports = {report.open_path.name.split(".")[0]: report for report in repair_open_files(crashed)}
    assert set(reports) == set(copies)
    for label, report in reports.items():
        assert report.outcome == "truncated"
        assert report.records_kept == 1 + 2 * len(locations)
        assert report.bytes_kept == len(whole)
        assert report.bytes_dropped == len(copies[label]) - len(whole)
        assert report.final_path is not None and report.final_path.read_bytes() == whole
        assert "truncated" in str(report)
    assert warcio_check(*sorted(crashed.iterdir())).returncode == 0
    assert not list(crashed.glob("*.open"))


def test_repair_of_a_whole_empty_and_garbage_file(tmp_path: Path) -> None:
    with make_writer(tmp_path / "src") as writer:
        writer.write_exchange(make_exchange(1))
    [finished] = (tmp_path / "src").iterdir()
    shutil.copy(finished, tmp_path / "whole.warc.gz.open")
    (tmp_path / "empty.warc.gz.open").write_bytes(b"")
    (tmp_path / "garbage.warc.gz.open").write_bytes(b"not a gzip member at all")
    (tmp_path / "taken.warc.gz.open").write_bytes(finished.read_bytes())
    (tmp_path / "taken.warc.gz").write_bytes(b"already here")

    outcomes = {r.open_path.name: r.outcome for r in repair_open_files(tmp_path)}
    assert outcomes == {
        "empty.warc.gz.open": "removed",
        "garbage.warc.gz.open": "damaged",
        "taken.warc.gz.open": "skipped",
        "whole.warc.gz.open": "complete",
    }
    assert (tmp_path / "whole.warc.gz").read_bytes() == finished.read_bytes()
    assert not (tmp_path / "empty.warc.gz.open").exists()
    assert (tmp_path / "garbage.warc.gz.damaged").read_bytes() == b"not a gzip member at all"
    assert (tmp_path / "taken.warc.gz").read_bytes() == b"already here"
    assert (tmp_path / "taken.warc.gz.open").exists()


def test_repair_leaves_a_live_file_alone(tmp_path: Path) -> None:
    with make_writer(tmp_path) as writer:
        writer.write_exchange(make_exchange(1))
        [open_path] = tmp_path.glob("*.open")
        before = open_path.read_bytes()
        [report] = repair_open_files(tmp_path)
        assert report.outcome == "busy"
        assert open_path.read_bytes() == before
        writer.write_exchange(make_exchange(2))
    [path] = tmp_path.iterdir()
    assert len(read_records(path)) == 5


def test_repair_rejects_a_member_that_is_not_one_whole_record(tmp_path: Path) -> None:
    cut_record = gzip.compress(b"WARC/1.1\r\nContent-Length: 100\r\n\r\nshort\r\n\r\n")
    (tmp_path / "cut.warc.gz.open").write_bytes(cut_record)
    [report] = repair_open_files(tmp_path)
    assert (report.outcome, report.records_kept) == ("damaged", 0)


def test_threaded_writer_gives_the_same_locations(tmp_path: Path) -> None:
    with make_writer(tmp_path / "direct") as direct:
        expected = [direct.write_exchange(make_exchange(n)) for n in range(5)]
        expected.append(direct.write_metadata("https://news.example/", expected[0].record_id, b"{}"))
    threaded = ThreadedWarcWriter(make_writer(tmp_path / "threaded"))
    futures = [threaded.submit_exchange(make_exchange(n)) for n in range(5)]
    futures.append(threaded.submit_metadata("https://news.example/", expected[0].record_id, b"{}"))
    threaded.close(timeout=30)
    assert [future.result(timeout=0) for future in futures] == expected
    [direct_file] = (tmp_path / "direct").iterdir()
    [threaded_file] = (tmp_path / "threaded").iterdir()
    assert threaded_file.read_bytes() == direct_file.read_bytes()


def test_threaded_writer_survives_a_failing_record(tmp_path: Path) -> None:
    bad = make_exchange(1)
    bad.truncated = "bogus"
    with ThreadedWarcWriter(make_writer(tmp_path)) as threaded:
        failed = threaded.submit_exchange(bad)
        good = threaded.submit_exchange(make_exchange(2))
        with pytest.raises(ValueError, match="bogus"):
            failed.result(timeout=30)
        assert good.result(timeout=30).record_id
    with pytest.raises(ValueError, match="closed"):
        threaded.submit_exchange(make_exchange(3))
    threaded.close()  # a second close is harmless
    [path] = tmp_path.iterdir()
    assert [kind for kind, _, _ in read_records(path)] == ["warcinfo", "response", "request"]


def test_repair_keeps_a_record_read_in_one_chunk_with_its_block():
    # a record of a few megabytes compressed into a few kilobytes inflates in one chunk: header
    # and block together, longer than a header may be, and still a whole record
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from archiver.warc.repair import count_whole_records

    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=True, warc_version="1.1")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "application/octet-stream")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://x/", "response", payload=io.BytesIO(bytes(3_000_000)),
                                                  http_headers=headers))  # fmt: skip
    data = raw.getvalue()
    assert len(data) < 10_000
    assert count_whole_records(io.BytesIO(data)) == (1, len(data))


def test_a_response_is_read_back_while_its_file_is_renamed_from_open_to_final(tmp_path: Path, monkeypatch) -> None:
    """A 304 answer reads the archived page back; the writer (closing a full file) or a repair
    (a dead worker's file) may rename ``.open`` to the final name between the reader's looks."""
    from archiver.state.model import WarcPointer
    from archiver.warc import reading

    writer = make_writer(tmp_path)
    location = writer.write_exchange(make_exchange(1))
    open_path = tmp_path / (location.filename + ".open")
    assert open_path.exists() and not (tmp_path / location.filename).exists()
    pointer = WarcPointer(location.filename, location.offset, location.length, location.record_id)
    real_open = open

    def renamed_first(path, *args, **kwargs):  # the rename lands just before the reader opens the .open file
        if str(path).endswith(".open") and open_path.exists():
            writer.close()
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading, "open", renamed_first, raising=False)
    archived = reading.read_archived_response(tmp_path, pointer)
    assert (tmp_path / location.filename).exists() and not open_path.exists()
    assert archived is not None
    status, _, body = archived
    assert (status, body) == (200, make_exchange(1).body)
