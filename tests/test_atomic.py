"""Output files are written whole or not at all, and never replace what is not a regular file."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from archiver.atomic import atomic_output
from archiver.exceptions import OutputError


def test_the_file_appears_whole_when_the_block_ends(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with atomic_output(target) as stream:
        stream.write(b"new\n")
        assert target.read_bytes() == b"old\n"  # not yet
    assert target.read_bytes() == b"new\n" and os.listdir(tmp_path) == ["out.jsonl"]


def test_an_error_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(KeyError), atomic_output(target) as stream:
        stream.write(b"half")
        raise KeyError("input failed")
    assert target.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["out.jsonl"]


def test_an_input_error_is_not_reported_as_the_output_s(tmp_path):
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "out.jsonl"):
        (tmp_path / "missing-input.jsonl").read_bytes()


def test_a_folder_in_the_way_is_one_error(tmp_path):
    with pytest.raises(OutputError, match="it is a folder"), atomic_output(tmp_path):
        pass


def test_a_fifo_is_written_in_place_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with atomic_output(fifo) as stream:
        stream.write(b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_device_is_one_error_and_stays_a_device():
    with pytest.raises(OutputError, match="/dev/full: cannot be written: No space left on device"):
        with atomic_output(Path("/dev/full")) as stream:
            stream.write(b"x" * 100_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
