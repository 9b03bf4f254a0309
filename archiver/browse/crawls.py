"""The crawls page's content: each site's runs with their health figures, and the series its
charts draw. Pure functions over rows of the article database's ``runs``, ``health`` and
``article_facets`` tables; no Scrapy, no web framework."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from archiver.datasets.database import HEALTH_SHARES

DAYS_SHOWN = 60


@dataclass
class RunRow:
    """One run of a site: the crawl state's figures (``run``), the health report (``health``,
    None without one) and how many article records carry its crawl id (``records``)."""

    crawl_id: str
    run: dict[str, Any]
    health: dict[str, Any] | None
    records: int

    @property
    def errors_by_kind(self) -> list[tuple[str, int]]:
        """The run's errors by kind, most first (empty when the state did not count them)."""
        try:
            kinds = json.loads(self.run.get("errors_by_kind") or "{}")
        except ValueError:
            return []
        return sorted(((str(k), int(v)) for k, v in kinds.items()), key=lambda item: (-item[1], item[0]))

    @property
    def articles(self) -> int | None:
        """Articles of the run: the health report's count, else the state's, else the records'."""
        for value in ((self.health or {}).get("articles"), self.run.get("articles")):
            if value is not None:
                return int(value)
        return self.records

    @property
    def error_share(self) -> float | None:
        """The share of HTTP error responses (the health report's), or errors per page."""
        share = (self.health or {}).get("http_errors_share")
        if share is not None:
            return float(share)
        pages, errors = self.run.get("pages"), self.run.get("errors")
        return errors / pages if pages and errors is not None else None

    def share(self, name: str) -> float | None:
        """A health share (``no_title``, ``blocked``, ...) or None without a report."""
        value = (self.health or {}).get(f"{name}_share")
        return None if value is None else float(value)

    @property
    def warnings(self) -> list[str]:
        try:
            return [str(w) for w in json.loads((self.health or {}).get("warnings") or "[]")]
        except ValueError:
            return []


@dataclass
class SiteRuns:
    """A site (the health reports' name, else the crawl folder's) and its runs, oldest first."""

    name: str
    runs: list[RunRow] = field(default_factory=list)

    def articles_series(self) -> list[tuple[str, float | None]]:
        return [(run.crawl_id, run.articles) for run in self.runs]

    def error_series(self) -> list[tuple[str, float | None]]:
        return [(run.crawl_id, run.error_share) for run in self.runs]


def site_runs(
    runs: Sequence[Mapping[str, Any]], health: Sequence[Mapping[str, Any]], records: Mapping[str, int]
) -> list[SiteRuns]:
    """The runs grouped by site, sites by name. A run without a health report (killed before it
    could write one) goes with the site that its folder's other runs report, else its folder."""
    reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in health:
        reports[row["crawl_id"]].append(dict(row))
    folder_site: dict[str, str] = {}
    for run in sorted(runs, key=lambda r: r.get("started") or ""):
        if run.get("folder") and reports.get(run["crawl_id"]):
            folder_site[run["folder"]] = reports[run["crawl_id"]][-1]["site"]
    groups: dict[str, SiteRuns] = {}
    known = {run["crawl_id"] for run in runs}
    for run in sorted(runs, key=lambda r: (r.get("started") or "", r["crawl_id"])):
        found: list[dict[str, Any] | None] = [*reports.get(run["crawl_id"], [])] or [None]
        for report in found:
            if report is not None:
                name = report["site"]
            else:
                name = folder_site.get(run.get("folder") or "") or run.get("folder") or "records"
            group = groups.setdefault(name, SiteRuns(name))
            group.runs.append(RunRow(run["crawl_id"], dict(run), report, records.get(run["crawl_id"], 0)))
    # a report whose run the state does not know (a folder without its state file)
    for crawl_id, rows in reports.items():
        if crawl_id in known:
            continue
        for report in rows:
            group = groups.setdefault(report["site"], SiteRuns(report["site"]))
            run = {"crawl_id": crawl_id, "finished": report.get("finished"), "outcome": report.get("outcome")}
            group.runs.append(RunRow(crawl_id, run, report, records.get(crawl_id, 0)))
    for group in groups.values():
        group.runs.sort(key=lambda r: (r.run.get("started") or r.run.get("finished") or "", r.crawl_id))
    return [groups[name] for name in sorted(groups)]


def articles_per_day(
    rows: Sequence[tuple[str, str, int]], days: int = DAYS_SHOWN
) -> dict[str, list[tuple[str, float | None]]]:
    """Per site (article host), the articles published each day over the last ``days`` days
    that have any, from (site, published_date, count) rows; days without articles count 0."""
    by_site: dict[str, dict[str, int]] = defaultdict(dict)
    for site, day, count in rows:
        if day:
            by_site[site][day] = count
    series: dict[str, list[tuple[str, float | None]]] = {}
    for site in sorted(by_site):
        counts = by_site[site]
        try:
            last = date.fromisoformat(max(counts))
        except ValueError:
            continue
        span = [last - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
        series[site] = [(day.isoformat(), float(counts.get(day.isoformat(), 0))) for day in span]
    return series


SHARE_LABELS = dict(
    zip(
        HEALTH_SHARES,
        ("no title", "no date", "no author", "empty body", "HTTP errors", "blocked"),
        strict=True,
    )
)
