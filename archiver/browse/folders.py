"""Crawl output folders into the article database, incrementally, while a crawl may be writing.

Pure logic, no Scrapy. :func:`crawl_folders` finds the crawls in the folders a user names (a
crawl's ``--out`` folder, or a folder of them as ``archiver run`` writes). :class:`FolderSync`
brings an :class:`~archiver.datasets.database.ArticleDatabase` up to date with them:

- records files (``articles-*.jsonl``, and ``….jsonl.open`` while a crawl writes one) are read
  from where the last sync stopped, whole lines only; a file that shrank or whose first bytes
  changed was rewritten and is read again from the start;
- the runs of each crawl state (``state.sqlite``, read-only, never locked) are read again when
  the state file or its journal changed;
- health reports (``reports/*.json``) are read when new or changed;
- what came from a file that is gone, or from a folder no longer served, is forgotten.

What was read is remembered in the database's ``browse_files`` table, so that a restart goes on
where it stopped. A sync that finds nothing changed costs a few ``stat`` calls.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archiver.datasets.database import REPORTS_FOLDER, ArticleDatabase, database_row, read_report
from archiver.datasets.schema import SchemaError, flatten_record
from archiver.exceptions import InputError
from archiver.runs.status import site_runs
from archiver.state.store import STATE_FILENAME
from archiver.warc.repair import OPEN_SUFFIX

logger = logging.getLogger(__name__)

RECORDS_PATTERN = "articles-*.jsonl"
WARC_FOLDER = "warcs"
HEAD_BYTES = 4096
BATCH_LINES = 2000


def is_crawl_folder(path: Path) -> bool:
    """Whether ``path`` holds a crawl's output: records files, a crawl state or a WARC folder."""
    return (
        (path / STATE_FILENAME).is_file()
        or (path / WARC_FOLDER).is_dir()
        or any(path.glob(RECORDS_PATTERN))
        or any(path.glob(RECORDS_PATTERN + OPEN_SUFFIX))
    )


def crawl_folders(paths: Sequence[Path]) -> list[Path]:
    """The crawl folders in ``paths``: each path that holds a crawl, else the folders directly
    inside it that do (``archiver run`` writes one per site). Raises ``InputError`` for a path
    that is not a folder or holds no crawl."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise InputError(f"{path}: no such folder")
        if is_crawl_folder(path):
            found.append(path.resolve())
            continue
        inside = sorted(child.resolve() for child in path.iterdir() if child.is_dir() and is_crawl_folder(child))
        if not inside:
            raise InputError(f"{path}: no crawl output here (no articles-*.jsonl, state.sqlite or warcs/)")
        found.extend(inside)
    unique = list(dict.fromkeys(found))
    names = [folder.name for folder in unique]
    if len(set(names)) != len(names):
        raise InputError(
            "two crawl folders share a name: " + ", ".join(sorted({n for n in names if names.count(n) > 1}))
        )
    return unique


@dataclass
class SyncCounts:
    """What one sync read: new article versions, lines that were not records, runs, reports, and
    how many files it forgot (gone from the folders)."""

    versions: int = 0
    bad: int = 0
    runs: int = 0
    reports: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.versions or self.runs or self.reports or self.removed)


class FolderSync:
    """Keeps an article database up to date with crawl ``folders`` (see the module docstring).

    ``progress`` is called with the counts so far while records are read (a first sync of a
    large crawl takes a while).
    """

    def __init__(self, folders: Sequence[Path], progress: Callable[[SyncCounts], None] | None = None) -> None:
        self.folders = list(folders)
        self.progress = progress

    def sync(self, database: ArticleDatabase) -> SyncCounts:
        """Read what changed since the last sync into ``database``; returns the counts."""
        _create_tracking(database)
        counts = SyncCounts()
        seen: set[str] = set()
        for folder in self.folders:
            for path, final in _records_files(folder):
                seen.add(str(final))
                self._sync_records(database, path, final, counts)
            seen.add(str(folder / STATE_FILENAME))
            self._sync_runs(database, folder, counts)
            for path in sorted((folder / REPORTS_FOLDER).glob("*.json")):
                seen.add(str(path))
                self._sync_report(database, path, counts)
        counts.removed = _forget_missing(database, seen)
        if counts.versions or counts.removed:
            database.add_runs_from_records()
        database.index()
        return counts

    def _sync_records(self, database: ArticleDatabase, path: Path, final: Path, counts: SyncCounts) -> None:
        key = str(final)
        try:
            stat = path.stat()
        except FileNotFoundError:  # renamed from .open between the listing and now
            return
        known = _tracked(database, key)
        if known and known["size"] == stat.st_size and known["mtime_ns"] == stat.st_mtime_ns:
            return
        offset = known["offset"] if known else 0
        with path.open("rb") as stream:
            head = hashlib.sha1(stream.read(min(HEAD_BYTES, offset))).hexdigest() if offset else ""
            if known and (stat.st_size < offset or head != known["head"]):
                logger.info("%s was rewritten: reading it again", final)
                database.remove_records_file(key)
                offset = 0
            stream.seek(offset)
            for lines, end in _whole_lines(stream, offset):
                rows = []
                for line in lines:
                    record = _record(line)
                    try:
                        if record is None:
                            raise SchemaError("not a JSON record")
                        rows.append(database_row(flatten_record(record), record.get("version")))
                    except SchemaError as error:
                        counts.bad += 1
                        logger.warning("%s: line skipped: %s", final, error)
                counts.versions += database.add_versions(rows, records_file=key)
                offset = end
                if self.progress is not None:
                    self.progress(counts)
            stream.seek(0)
            head = hashlib.sha1(stream.read(min(HEAD_BYTES, offset))).hexdigest()
        _track(database, key, "records", stat.st_size, stat.st_mtime_ns, offset, head)

    def _sync_runs(self, database: ArticleDatabase, folder: Path, counts: SyncCounts) -> None:
        state = folder / STATE_FILENAME
        # the runs are written through the journal (WAL) first: its changes count too
        stamps = []
        for path in (state, Path(f"{state}-wal")):
            try:
                found = path.stat()
            except FileNotFoundError:  # SQLite removes the journal when the last writer closes
                continue
            stamps.append((found.st_size, found.st_mtime_ns))
        if not stamps:
            return
        stamp = json.dumps(stamps)
        known = _tracked(database, str(state))
        if known and known["head"] == stamp:
            return
        try:
            runs = site_runs(folder)
        except InputError as error:
            logger.warning("runs not shown: %s", error)
            runs = []
        database.set_runs(folder.name, runs)
        counts.runs += len(runs)
        _track(database, str(state), "state", 0, 0, 0, stamp)

    def _sync_report(self, database: ArticleDatabase, path: Path, counts: SyncCounts) -> None:
        stat = path.stat()
        known = _tracked(database, str(path))
        if known and known["size"] == stat.st_size and known["mtime_ns"] == stat.st_mtime_ns:
            return
        report = read_report(path)
        key = ""
        if report is not None:
            database.set_health(report)
            counts.reports += 1
            key = json.dumps([report["site"], report["crawl_id"]])
        _track(database, str(path), "report", stat.st_size, stat.st_mtime_ns, 0, key)


def _forget_missing(database: ArticleDatabase, seen: set[str]) -> int:
    """Forget what was read from files that are gone or not in the served folders any more (a
    data folder given for other folders, a records file deleted); returns how many files."""
    rows = database.conn.execute("SELECT path, kind, head FROM browse_files").fetchall()
    gone = [(path, kind, head) for path, kind, head in rows if path not in seen]
    for path, kind, head in gone:
        if kind == "records":
            database.remove_records_file(path)
        elif kind == "state":
            database.conn.execute("DELETE FROM runs WHERE source = 'state' AND folder = ?", [Path(path).parent.name])
        elif kind == "report" and head:
            database.conn.execute("DELETE FROM health WHERE site = ? AND crawl_id = ?", json.loads(head))
        database.conn.execute("DELETE FROM browse_files WHERE path = ?", [path])
    if gone:
        database.conn.execute(
            "DELETE FROM runs WHERE source = 'records' AND crawl_id NOT IN (SELECT crawl_id FROM versions)"
        )
    return len(gone)


def _records_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    """(the file to read, its final name) of each records file; an ``.open`` one while it has
    no final name yet."""
    finals = {path.name: path for path in folder.glob(RECORDS_PATTERN)}
    for path in folder.glob(RECORDS_PATTERN + OPEN_SUFFIX):
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        if final.name not in finals:
            finals[final.name] = path
    for name in sorted(finals):
        path = finals[name]
        yield path, path.with_name(name)


def _whole_lines(stream: Any, offset: int) -> Iterator[tuple[list[bytes], int]]:
    """Batches of whole lines (ending in a newline) from ``stream``, each with the offset just
    after it; a last line still being written is left for the next sync."""
    batch: list[bytes] = []
    for line in stream:
        if not line.endswith(b"\n"):
            break
        offset += len(line)
        if line.strip():
            batch.append(line)
        if len(batch) >= BATCH_LINES:
            yield batch, offset
            batch = []
    yield batch, offset


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def _create_tracking(database: ArticleDatabase) -> None:
    database.db.table("browse_files").create(
        {"path": str, "kind": str, "size": int, "mtime_ns": int, "offset": int, "head": str},
        pk="path",
        if_not_exists=True,
    )


def _tracked(database: ArticleDatabase, key: str) -> dict[str, Any] | None:
    row = database.conn.execute(
        "SELECT size, mtime_ns, offset, head FROM browse_files WHERE path = ?", [key]
    ).fetchone()
    return dict(zip(("size", "mtime_ns", "offset", "head"), row, strict=True)) if row else None


def _track(database: ArticleDatabase, key: str, kind: str, size: int, mtime_ns: int, offset: int, head: str) -> None:
    database.conn.execute(
        "INSERT OR REPLACE INTO browse_files VALUES (?, ?, ?, ?, ?, ?)", [key, kind, size, mtime_ns, offset, head]
    )
