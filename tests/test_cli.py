"""The command line's own handling: a closed standard output, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from test_reextract import ARTICLE_URL, article_html, article_records  # tests/ is on sys.path

from archiver import cli


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path, monkeypatch, capsys):
    page = tmp_path / "page.html"
    page.write_bytes(article_html())
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` once it has what it wants
    monkeypatch.setattr(sys, "stdout", os.fdopen(write_end, "w"))
    assert cli.main(["extract", str(page), "--url", ARTICLE_URL]) == 128 + signal.SIGPIPE
    assert "Traceback" not in capsys.readouterr().err


def test_sigterm_stops_extract_without_leaving_a_partial_file(tmp_path):
    warc = tmp_path / "many.warc.gz"
    warc.write_bytes(article_records(tuple(f"{ARTICLE_URL}?copy={number}" for number in range(600)), gzip_records=True))
    output = tmp_path / "records.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "archiver.cli", "extract", str(warc), "-o", str(output),
                                "--workers", "1"], stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".records.jsonl.*.part")):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.strip().splitlines()[-1] == "archiver extract: terminated" and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.warc.gz"]
