"""Replay of archived pages with pywb, from the crawl folders' WARC files and an index of our own.

Pure logic, no Scrapy. pywb pins an old ``redis`` client, so it lives in a virtual environment
of its own (:func:`pywb_environment`: ``.cache/pywb-venv`` in a checkout of this project, else
``~/.cache/news-archiver/pywb-venv``), made with pip on first use.

:class:`ReplayServer` keeps a pywb collection in a folder of its own (``ROOT/collections/archive``):
``archive/`` holds a link to every WARC file of the crawl folders (a running crawl's
``….warc.gz.open`` file under its final name, the link moved to the final file once it is
closed) and ``indexes/`` one CDXJ index per WARC file, written by the project's indexer
(:mod:`archiver.warc.cdx`, which leaves out the metadata records that pywb would otherwise
answer for the page itself). A WARC file that grows is indexed from where the last pass
stopped, into numbered parts that are merged into one index once the file is closed; pywb reads
the index folder on every request, so new pages replay without a restart. pywb's own
auto-indexer is not used: it indexes the metadata records and reads a growing file whole again
on every change.

pywb runs as ``wayback`` on a free port, with replay only: no live web collection, no proxy, no
recording, and its default ``Content-Security-Policy`` on replayed pages, so that a replayed page
cannot load anything from outside the archive.
"""

from __future__ import annotations

import ctypes
import glob
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

from cdxj_indexer.main import CDXJIndexer

from archiver.atomic import atomic_output
from archiver.browse.folders import WARC_FOLDER
from archiver.exceptions import ArchiverError
from archiver.locks import lock_exclusively
from archiver.warc.cdx import INDEXED_RECORDS
from archiver.warc.repair import OPEN_SUFFIX

logger = logging.getLogger(__name__)

PYWB_REQUIREMENT = "pywb>=2.9,<2.11"
COLLECTION = "archive"
WARC_SUFFIXES = (".warc.gz", ".warc")
MAX_INDEX_PARTS = 32
START_TIMEOUT = 90.0
PR_SET_PDEATHSIG = 1  # prctl(2)
CHECKOUT = Path(__file__).resolve().parents[2]


class ReplayUnavailable(ArchiverError):
    """pywb cannot be installed or started: serve runs without replay and says why."""


def default_pywb_venv() -> Path:
    """Where pywb's environment goes: ``.cache/pywb-venv`` in a checkout of this project (shared
    with its tests), else ``$XDG_CACHE_HOME/news-archiver/pywb-venv`` (``~/.cache`` by default)."""
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / ".git").exists():
        return CHECKOUT / ".cache" / "pywb-venv"
    return user_cache() / "pywb-venv"


def user_cache() -> Path:
    """The user's cache folder for this project (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``news-archiver``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "news-archiver"


def pywb_environment(venv: Path, announce: Callable[[str], None]) -> Path:
    """The ``wayback`` program of the pywb environment at ``venv``, which is made (with pip, from
    the package registry) when it has none; ``announce`` is told before that starts. Raises
    ``ReplayUnavailable`` when it cannot be made."""
    wayback = venv / "bin" / "wayback"
    if wayback.is_file():
        return wayback
    try:
        venv.parent.mkdir(parents=True, exist_ok=True)
        with open(venv.parent / f".{venv.name}.lock", "w") as lock:
            while not lock_exclusively(lock):  # another serve (or a test) is installing it
                time.sleep(1)
            if wayback.is_file():
                return wayback
            announce(f"installing pywb into {venv} (first use only; about a minute)")
            subprocess.run(
                [sys.executable, "-m", "venv", "--clear", str(venv)], check=True, capture_output=True, timeout=300
            )
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", PYWB_REQUIREMENT],
                check=True,
                capture_output=True,
                text=True,
                timeout=1200,
            )
    except subprocess.CalledProcessError as error:
        lines = (error.stderr or "").strip().splitlines() or [str(error)]
        raise ReplayUnavailable(f"pywb could not be installed into {venv}: {lines[-1]}") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ReplayUnavailable(f"pywb could not be installed into {venv}: {error}") from None
    if not wayback.is_file():
        raise ReplayUnavailable(f"pywb was installed into {venv} but has no {wayback}")
    return wayback


def replay_timestamp(fetched_at: str | None) -> str:
    """The 14-digit timestamp of an ISO 8601 fetch time, as replay URLs take it ('' for none)."""
    digits = "".join(ch for ch in (fetched_at or "")[:19] if ch.isdigit())
    return digits[:14]


def replay_path(timestamp: str, url: str, *, framed: bool = False) -> str:
    """The path of ``url`` as archived nearest ``timestamp`` on the replay server: the page alone
    (``mp_``, for an iframe) or, ``framed``, in pywb's own frame with its timeline."""
    return f"/{COLLECTION}/{timestamp}{'' if framed else 'mp_'}/{quote(url, safe=':/?&=%#;,+@!$*()~')}"


@dataclass
class IndexedWarc:
    """What the index holds of one WARC file: the linked file, its size when last read, how far
    its records are indexed and in how many index parts, and whether it was closed then."""

    target: str
    size: int = 0
    indexed_to: int = 0
    parts: int = 0
    closed: bool = False


class ReplayServer:
    """pywb over the WARC files of ``folders``, kept in ``root`` (see the module docstring)."""

    def __init__(self, root: Path, folders: list[Path], wayback: Path, host: str = "127.0.0.1") -> None:
        self.root = root
        self.folders = folders
        self.wayback = wayback
        self.host = host
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.collection = root / "collections" / COLLECTION
        self.archive = self.collection / "archive"
        self.indexes = self.collection / "indexes"
        self.state_file = root / "indexed.json"
        self.indexed: dict[str, IndexedWarc] = self._load_state()
        self._saved = b""  # the state file's bytes as last written

    # -- the index ------------------------------------------------------------------------

    def refresh(self) -> int:
        """Link and index what is new in the WARC folders; returns how many files got new lines."""
        self.archive.mkdir(parents=True, exist_ok=True)
        self.indexes.mkdir(parents=True, exist_ok=True)
        changed = 0
        for name, path, closed in self._warc_files():
            entry = self.indexed.get(name)
            if entry is None or entry.target != str(path):
                _link(self.archive / name, path)
                if entry is None:
                    entry = self.indexed[name] = IndexedWarc(str(path))
                entry.target = str(path)
            try:
                size = path.stat().st_size
            except FileNotFoundError:  # renamed since the listing: the next refresh sees it
                continue
            if size != entry.size or (closed and not entry.closed):
                changed += self._index_new_records(name, entry, size, closed)
            if closed and (not entry.closed or entry.parts > 1):
                self._merge_parts(name, entry)
            entry.closed = closed
        self._save_state()
        return changed

    def _warc_files(self) -> list[tuple[str, Path, bool]]:
        """(name in the collection, file to read, closed?) of every WARC file of the folders."""
        found: dict[str, tuple[Path, bool]] = {}
        for folder in self.folders:
            warcs = folder / WARC_FOLDER
            if not warcs.is_dir():
                continue
            for path in sorted(warcs.iterdir()):
                final = path.name.removesuffix(OPEN_SUFFIX)
                if not final.endswith(WARC_SUFFIXES) or (path.name != final and (warcs / final).exists()):
                    continue
                name = final if final not in found else f"{folder.name}--{final}"
                found[name] = (path, path.name == final)
        return [(name, path, closed) for name, (path, closed) in sorted(found.items())]

    def _index_new_records(self, name: str, entry: IndexedWarc, size: int, closed: bool) -> int:
        """Index the records of ``name`` after ``entry.indexed_to`` into a new part; returns 1 when
        there were any. In a file still being written, the record that ends where the file ends
        may be cut short (the indexer reads a cut gzip member as if whole): it is left for the
        next pass."""
        out = io.StringIO()
        link = self.archive / name
        try:
            with link.open("rb") as stream:
                stream.seek(entry.indexed_to)
                limited = _Limited(stream, size)
                CDXJIndexer(out, [limited], filename=name, post_append=True, records=INDEXED_RECORDS).process_all()
        except FileNotFoundError:
            return 0
        except Exception as error:  # a record cut short at the end of a growing file
            logger.debug("%s: indexed up to a record still being written (%s)", name, error)
        lines = [line for line in out.getvalue().splitlines(keepends=True) if closed or _record_end(line) < size]
        entry.size = size
        if not lines:
            return 0
        lines.sort()
        entry.indexed_to = max(entry.indexed_to, *map(_record_end, lines))
        entry.parts += 1
        with atomic_output(self.indexes / f"{name}.{entry.parts:04d}.cdxj") as index:
            index.write("".join(lines).encode("utf-8"))
        if entry.parts >= MAX_INDEX_PARTS:
            self._merge_parts(name, entry)
        return 1

    def _merge_parts(self, name: str, entry: IndexedWarc) -> None:
        """One index part for ``name`` instead of many (pywb opens each part on every lookup)."""
        parts = sorted(self.indexes.glob(f"{glob.escape(name)}.[0-9][0-9][0-9][0-9].cdxj"))
        if len(parts) <= 1:
            return
        lines = sorted(line for part in parts for line in part.read_text(encoding="utf-8").splitlines(keepends=True))
        with atomic_output(self.indexes / f"{name}.0000.cdxj") as merged:
            merged.write("".join(lines).encode("utf-8"))
        for part in parts:
            if part.name != f"{name}.0000.cdxj":
                part.unlink()
        # the merged file becomes part 0001, so that the next part is 0002
        os.replace(self.indexes / f"{name}.0000.cdxj", self.indexes / f"{name}.0001.cdxj")
        entry.parts = 1

    def _load_state(self) -> dict[str, IndexedWarc]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            return {name: IndexedWarc(**fields) for name, fields in data.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def _save_state(self) -> None:
        data = json.dumps({n: asdict(e) for n, e in self.indexed.items()}, indent=1).encode("utf-8")
        if data == self._saved:  # a refresh that found nothing new writes nothing
            return
        with atomic_output(self.state_file) as stream:
            stream.write(data)
        self._saved = data

    # -- the server -----------------------------------------------------------------------

    def start(self) -> None:
        """Start pywb on a free port of ``host`` and wait until it answers. Raises
        ``ReplayUnavailable`` when it does not start. The index is :meth:`refresh`'s: call it first."""
        self.port = free_port(self.host)
        log = (self.root / "wayback.log").open("wb")
        self.process = subprocess.Popen(
            [str(self.wayback), "--bind", self.host, "--port", str(self.port)],
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_stop_with_parent,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{self.base_url(self.host)}/", timeout=5) as response:
                    response.read()
                return
            except (OSError, urllib.error.URLError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    tail = (self.root / "wayback.log").read_text(errors="replace").strip().splitlines()[-1:]
                    self.stop()
                    raise ReplayUnavailable(f"pywb did not start: {tail[0] if tail else 'no output'}") from None
                time.sleep(0.25)

    def base_url(self, host: str) -> str:
        """The replay server's address as a browser that reached serve at ``host`` sees it."""
        return http_base(host, self.port)

    def stop(self) -> None:
        """Stop pywb (SIGTERM, then SIGKILL after 10 s). Safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def _stop_with_parent() -> None:
    """In the child, before pywb starts: ask Linux for a SIGTERM when ``archiver serve`` dies,
    also when it is killed outright and cannot stop pywb itself (elsewhere: nothing)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def http_base(host: str, port: int | None) -> str:
    """``http://host:port``, an IPv6 address in brackets."""
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def free_port(host: str) -> int:
    """A port that nothing listens on at ``host`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class _Limited:
    """A file read up to ``end`` only (its size when the pass began); positions stay those of
    the file, so the index gets the records' true offsets."""

    def __init__(self, stream: IO[bytes], end: int) -> None:
        self.stream = stream
        self.end = end
        self.name = getattr(stream, "name", "")

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.stream.tell()
        if left <= 0:
            return b""
        return self.stream.read(left if size < 0 else min(size, left))

    def tell(self) -> int:
        return self.stream.tell()


def _record_end(line: str) -> int:
    fields = json.loads(line.split(" ", 2)[2])
    return int(fields["offset"]) + int(fields["length"])


def _link(link: Path, target: Path) -> None:
    """Point the symbolic link ``link`` at ``target``, replacing what was there in one rename."""
    temporary = link.with_name(f".{link.name}.link")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, link)
