"""The sites file (TOML) and its cron schedules: which sites to crawl, how, and when. No Scrapy import.

A sites file lists ``[[site]]`` tables::

    [[site]]
    name = "meridian"                      # folder OUT/meridian/, report names
    start_urls = ["https://news.example.org/"]
    discovery = ["sitemaps", "feeds", "links"]   # any of the three, or ["none"] (default: all)
    allow = ['/news/']                     # regular expressions (default: none)
    deny = ['/live/']
    depth = 3                              # 0: the start pages only
    max_pages = 0                          # 0: no limit
    max_articles = 0
    schedule = "0 */6 * * *"               # cron: minute hour day month weekday (UTC)
    delay = 1.0                            # seconds between requests to the site
    concurrency = 4                        # requests in parallel to the site
    settings = { ARCHIVER_RECHECK_MAX_AGE = "7d" }   # any other setting
    shared = false                         # with run --cluster: every worker crawls it together

Each site crawls into its own folder ``OUT/<name>/`` with its own state, so sites never wait
on each other's lock. A site is *due* when it never ran or when its cron schedule has had a
time since the start of its last run.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from croniter import CroniterBadDateError, croniter

from archiver.config import (
    DISCOVERY_MODES,
    ArchiverConfig,
    check_discovery_modes,
    discovery_setting,
    finite_number,
    is_name_part,
)
from archiver.discovery.urls import check_start_url
from archiver.exceptions import BadURLError, InputError, UsageError

# croniter's "R" field: a random time, drawn anew each time the expression is read.
_RANDOM_CRON_FIELD = re.compile(r"(?:^|[\s,])[Rr](?:$|[\s,(/])")
_KEYS = frozenset(
    {
        "name",
        "start_urls",
        "discovery",
        "allow",
        "deny",
        "depth",
        "max_pages",
        "max_articles",
        "schedule",
        "delay",
        "concurrency",
        "settings",
        "shared",
    }
)


@dataclass(frozen=True)
class SiteConfig:
    """One ``[[site]]`` of a sites file, validated."""

    name: str
    start_urls: tuple[str, ...]
    schedule: str
    discovery: tuple[str, ...] = DISCOVERY_MODES
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    depth: int = 3
    max_pages: int = 0
    max_articles: int = 0
    delay: float = 1.0
    concurrency: int = 4
    settings: dict[str, Any] = field(default_factory=dict)
    shared: bool = False

    def next_run(self, after: datetime) -> datetime:
        """The first scheduled time strictly after ``after`` (aware, UTC)."""
        moment: datetime = croniter(self.schedule, after.astimezone(UTC)).get_next(datetime)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def is_due(self, last_started: datetime | None, now: datetime) -> bool:
        """Whether the site should run at ``now``, given when its last run started (None: never)."""
        return last_started is None or self.next_run(last_started) <= now

    def crawl_arguments(self, out: Path) -> list[str]:
        """The ``archiver crawl`` arguments that run this site into ``out``."""
        args = [
            *self.start_urls,
            "--out",
            str(out),
            "--depth",
            str(self.depth),
            "--max-pages",
            str(self.max_pages),
            "--max-articles",
            str(self.max_articles),
        ]
        # "--allow=PATTERN": a pattern that starts with "-" would be read as an option.
        args += [f"--allow={pattern}" for pattern in self.allow]
        args += [f"--deny={pattern}" for pattern in self.deny]
        settings = {
            "DOWNLOAD_DELAY": self.delay,
            "AUTOTHROTTLE_START_DELAY": self.delay,
            "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": float(self.concurrency),
            "ARCHIVER_SITE_NAME": self.name,
            "ARCHIVER_DISCOVERY": discovery_setting(self.discovery),
            **self.settings,
        }
        for name, value in settings.items():
            args += ["-s", f"{name}={value}"]
        return args


def load_sites(path: Path) -> list[SiteConfig]:
    """Read and check a sites file; raise InputError when unreadable, and UsageError, one line that
    names the file, the site and the bad value, for anything else wrong in it."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # an editor's byte-order mark is not TOML
    except OSError as error:
        raise InputError(f"cannot read sites file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text (bad byte at offset {error.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    tables = data.get("site")
    if not isinstance(tables, list) or not tables:
        raise UsageError(f"{path}: no [[site]] table")
    if not all(isinstance(table, dict) for table in tables):
        raise UsageError(f"{path}: site must be [[site]] tables")
    sites = [_site(path, table) for table in tables]
    names = [site.name for site in sites]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise UsageError(f"{path}: site names must be unique: {', '.join(duplicates)}")
    return sites


def _site(path: Path, table: dict[str, Any]) -> SiteConfig:
    name = table.get("name")
    where = f"{path}: site {name!r}" if name else f"{path}: a site"
    # a name is a folder name under --out: ".." would write beside it, "." into it
    if not isinstance(name, str) or not is_name_part(name):
        raise UsageError(f"{where}: name must be letters, digits, '.', '_' or '-', not starting with '.'")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {', '.join(unknown)}")
    urls = table.get("start_urls")
    if isinstance(urls, str):
        urls = [urls]
    if not isinstance(urls, list) or not urls or not all(isinstance(url, str) for url in urls):
        raise UsageError(f"{where}: start_urls must be a list of URLs")
    try:
        start_urls = tuple(check_start_url(url) for url in urls)
    except BadURLError as error:
        raise UsageError(f"{where}: start_urls: {error}") from None
    schedule = _schedule(where, table.get("schedule"))
    discovery = table.get("discovery", list(DISCOVERY_MODES))
    try:
        if not isinstance(discovery, list):
            raise ValueError
        modes = check_discovery_modes(discovery)
    except ValueError:
        raise UsageError(
            f'{where}: discovery must be a list of {", ".join(DISCOVERY_MODES)} (or ["none"]: the start pages only)'
        ) from None
    numbers: dict[str, Any] = {}
    for key, kind, minimum in (
        ("depth", int, 0),
        ("max_pages", int, 0),
        ("max_articles", int, 0),
        ("delay", float, 0),
        ("concurrency", int, 1),
    ):
        if key in table:
            numbers[key] = _number(where, key, table[key], kind, minimum)
    settings = table.get("settings", {})
    if not isinstance(settings, dict):
        raise UsageError(f"{where}: settings must be a table")
    try:  # the archiver's own settings, checked as the crawl will read them
        ArchiverConfig.from_settings({name: value for name, value in settings.items() if name.startswith("ARCHIVER_")})
    except UsageError as error:
        raise UsageError(f"{where}: settings: {error}") from None
    patterns = {key: _patterns(where, key, table.get(key, [])) for key in ("allow", "deny")}
    shared = table.get("shared", False)
    if not isinstance(shared, bool):
        raise UsageError(f"{where}: shared must be true or false")
    return SiteConfig(
        name=name,
        start_urls=start_urls,
        schedule=schedule,
        discovery=modes,
        allow=patterns["allow"],
        deny=patterns["deny"],
        settings=dict(settings),
        shared=shared,
        **numbers,
    )


def _schedule(where: str, schedule: Any) -> str:
    """``schedule`` if it is a five-field cron expression that has a next time; else UsageError.

    croniter also takes a sixth field (seconds: ``0 0 * * * *`` would run every second), a
    seventh (years), and ``R`` for a random time that changes each time it is read, so that
    ``status`` and ``run`` would disagree on when a site is due. A valid expression can still
    never happen (``0 0 31 2 *``): croniter finds that out only when asked for the next time,
    which ``run`` and ``status`` do for every site, so one such site would stop them all.
    """
    if (
        not isinstance(schedule, str)
        or len(schedule.split()) != 5
        or _RANDOM_CRON_FIELD.search(schedule)
        or not croniter.is_valid(schedule)
    ):
        raise UsageError(
            f"{where}: schedule must be a cron expression of five fields (minute hour day month "
            f"weekday) like '0 */6 * * *', not {schedule!r}"
        )
    try:
        croniter(schedule, datetime.now(UTC)).get_next(datetime)
    except CroniterBadDateError:
        raise UsageError(f"{where}: schedule {schedule!r} names no date that exists") from None
    return schedule


def _number(where: str, key: str, value: Any, kind: type[int | float], minimum: int) -> int | float:
    """``value`` as ``kind`` if it is a finite number of at least ``minimum`` (a whole one for
    ``int``); else UsageError. TOML has ``inf`` and ``nan``, and ``nan < 0`` is false."""
    try:
        return finite_number(value, kind, minimum)
    except ValueError as error:
        raise UsageError(f"{where}: {key} {error}") from None


def _patterns(where: str, key: str, value: Any) -> tuple[str, ...]:
    """``value`` if it is a list of regular expressions that compile; else UsageError."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{where}: {key} must be a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            raise UsageError(f"{where}: {key}: bad regular expression {pattern!r}: {error}") from None
    return tuple(value)
