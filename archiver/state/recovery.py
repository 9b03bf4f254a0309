"""Recovery of a crawl state from the output itself, for every store. No Scrapy.

A SIGKILL can cut off the last state updates of a run, never the WARC and JSON Lines files,
which are written first. :class:`RecoveryFromOutput` reads back, through a store's own
``page``, ``record_fetch``, ``record_article`` and ``mark_indexed``, the files that a crashed
run left unindexed; the add-on calls it when it opens the state.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archiver.state.model import PageState, WarcPointer, iso_from_warc_date


class RecoveryFromOutput:
    """Mixed into a store: reads output files into it (the store provides the methods below)."""

    def page(self, url: str) -> PageState | None:
        raise NotImplementedError

    def record_fetch(
        self,
        url: str,
        *,
        fetched_at: str,
        status: int,
        etag: str | None,
        last_modified: str | None,
        listed: str | None,
        payload: WarcPointer | None,
    ) -> None:
        raise NotImplementedError

    def record_article(self, record: dict[str, Any], records_file: str) -> None:
        raise NotImplementedError

    def mark_indexed(self, name: str) -> None:
        raise NotImplementedError

    def ingest_records_file(self, path: Path) -> int:
        """Store every article of a JSON Lines records file not yet stored; returns how many lines.

        A final ``.jsonl`` file is marked indexed afterwards. Lines that are not JSON are skipped.
        """
        count = 0
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and record.get("url"):
                    self.record_article(record, path.name)
                    count += 1
        if path.suffix == ".jsonl":
            self.mark_indexed(path.name)
        return count

    def ingest_warc_file(self, path: Path) -> int:
        """Store the fetches recorded in a closed WARC file that the store may have missed.

        Response and revisit records update their URL when newer than what is stored. The file
        is marked indexed afterwards. Returns the number of records read; raises nothing for a
        damaged file (it is read as far as it goes).
        """
        count = 0
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    kind = record.rec_type
                    headers = record.rec_headers
                    url = headers.get_header("WARC-Target-URI")
                    http = record.http_headers
                    records.read_to_end(record)
                    if kind not in ("response", "revisit") or not url or http is None:
                        continue
                    date = headers.get_header("WARC-Date") or ""
                    page = self.page(url)
                    if page is not None and page.last_fetched >= iso_from_warc_date(date):
                        continue
                    payload = None
                    if kind == "response":
                        payload = WarcPointer(
                            path.name,
                            records.get_record_offset(),
                            records.get_record_length(),
                            headers.get_header("WARC-Record-ID"),
                            date,
                            headers.get_header("WARC-Payload-Digest"),
                        )
                    self.record_fetch(
                        url,
                        fetched_at=iso_from_warc_date(date),
                        status=int(http.get_statuscode() or 0),
                        etag=http.get_header("ETag"),
                        last_modified=http.get_header("Last-Modified"),
                        listed=None,
                        payload=payload,
                    )
                    count += 1
            except ArchiveLoadFailed:
                pass
        self.mark_indexed(path.name)
        return count
