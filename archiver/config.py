"""The ``ARCHIVER_*`` settings, parsed once into a typed, validated object."""

from __future__ import annotations

import os
import re
import secrets
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from archiver.exceptions import UsageError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

WARC_VERSIONS = ("1.0", "1.1")
_N = TypeVar("_N", int, float)
_CRAWLER_CONFIGS: weakref.WeakKeyDictionary[Crawler, ArchiverConfig] = weakref.WeakKeyDictionary()


def new_crawl_id(now: datetime | None = None) -> str:
    """A crawl id that sorts by start time: ``20261125T180102Z-3f9a``."""
    moment = now or datetime.now(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


@dataclass(frozen=True)
class ArchiverConfig:
    """Where a crawl writes and how; built by :meth:`from_settings`."""

    output_dir: Path
    warc_dir: Path
    warc_prefix: str
    warc_max_size: int
    warc_version: str
    warc_compress_level: int
    crawl_id: str
    extract_workers: int
    extract_max_in_flight: int
    progress_interval: float
    incremental: bool = True
    state_path: Path = Path("state.sqlite")
    recheck_max_age: float = 0.0
    health_threshold: float = 0.2
    site_name: str = ""
    discovery: tuple[str, ...] = ("sitemaps", "feeds", "links")

    @property
    def records_path(self) -> Path:
        """The JSON Lines file of this crawl's article records."""
        return self.output_dir / f"articles-{self.crawl_id}.jsonl"

    @classmethod
    def of(cls, crawler: Crawler) -> ArchiverConfig:
        """The crawl's one config, parsed once: every component must see the same crawl id,
        which is drawn at random when ``ARCHIVER_CRAWL_ID`` is not set."""
        config = _CRAWLER_CONFIGS.get(crawler)
        if config is None:
            config = _CRAWLER_CONFIGS[crawler] = cls.from_settings(crawler.settings)
        return config

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ArchiverConfig:
        """Read and check the settings; raise UsageError naming the setting and the bad value."""
        output_dir = Path(settings.get("ARCHIVER_OUTPUT_DIR") or ".")
        warc_dir = Path(settings.get("ARCHIVER_WARC_DIR") or output_dir / "warcs")
        version = str(settings.get("ARCHIVER_WARC_VERSION", "1.1"))
        if version not in WARC_VERSIONS:
            raise UsageError(f"ARCHIVER_WARC_VERSION must be 1.0 or 1.1, not {version!r}")
        max_size = _number(settings, "ARCHIVER_WARC_MAX_SIZE", int, minimum=1)
        level = _number(settings, "ARCHIVER_WARC_COMPRESS_LEVEL", int, minimum=0)
        if level > 9:
            raise UsageError(f"ARCHIVER_WARC_COMPRESS_LEVEL must be 0-9, not {level}")
        workers = _number(settings, "ARCHIVER_EXTRACT_WORKERS", int, minimum=0)
        return cls(
            output_dir=output_dir,
            warc_dir=warc_dir,
            warc_prefix=str(settings.get("ARCHIVER_WARC_PREFIX") or "archiver"),
            warc_max_size=max_size,
            warc_version=version,
            warc_compress_level=level,
            crawl_id=_crawl_id(str(settings.get("ARCHIVER_CRAWL_ID") or "")) or new_crawl_id(),
            extract_workers=workers or min(os.cpu_count() or 1, 4),
            extract_max_in_flight=_number(settings, "ARCHIVER_EXTRACT_MAX_IN_FLIGHT", int, minimum=1),
            progress_interval=_number(settings, "ARCHIVER_PROGRESS_INTERVAL", float, minimum=0),
            incremental=_flag(settings, "ARCHIVER_INCREMENTAL"),
            state_path=Path(settings.get("ARCHIVER_STATE_PATH") or output_dir / "state.sqlite"),
            recheck_max_age=parse_duration(
                str(settings.get("ARCHIVER_RECHECK_MAX_AGE", "0")), "ARCHIVER_RECHECK_MAX_AGE"
            ),
            health_threshold=_number(settings, "ARCHIVER_HEALTH_THRESHOLD", float, minimum=0),
            site_name=_site_name(str(settings.get("ARCHIVER_SITE_NAME") or "")),
            discovery=_discovery_modes(settings.get("ARCHIVER_DISCOVERY") or "sitemaps feeds links"),
        )


def _number(settings: BaseSettings, name: str, kind: type[_N], *, minimum: float) -> _N:
    raw = settings.get(name)
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise UsageError(f"{name} must be at least {minimum}, not {raw!r}")
    return value


DISCOVERY_MODES = ("sitemaps", "feeds", "links")


def _discovery_modes(raw: str | list[str]) -> tuple[str, ...]:
    modes = tuple(raw.replace(",", " ").split() if isinstance(raw, str) else raw)
    if not modes or set(modes) - set(DISCOVERY_MODES):
        raise UsageError(f"ARCHIVER_DISCOVERY must name some of sitemaps, feeds, links, not {raw!r}")
    return modes


def _crawl_id(crawl_id: str) -> str:
    # it names files (articles-ID.jsonl, reports/SITE-ID.json): no folder separators, no "..",
    # nothing hidden
    if crawl_id and not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", crawl_id):
        raise UsageError(
            f"--crawl-id (ARCHIVER_CRAWL_ID) must be letters, digits, '.', '_' or '-', not starting with '.', "
            f"not {crawl_id!r}"
        )
    return crawl_id


def _site_name(name: str) -> str:
    if name and not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise UsageError(f"ARCHIVER_SITE_NAME must be letters, digits, '.', '_' or '-', not {name!r}")
    return name


def _flag(settings: BaseSettings, name: str) -> bool:
    raw = settings.get(name, True)
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise UsageError(f"{name} must be true or false, not {raw!r}")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, name: str = "duration") -> float:
    """Parse ``90``, ``30m``, ``12h``, ``7d`` or ``2w`` into seconds; raise UsageError naming ``name``."""
    match = _DURATION.match(text)
    if not match:
        raise UsageError(f"{name}: not a duration (like 3600, 30m, 12h, 7d): {text!r}")
    return float(match[1]) * _DURATION_UNITS[match[2].lower()]


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(I?)B?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Parse a size like ``1GB``, ``500M``, ``2MiB`` or ``1048576`` into bytes; raise UsageError if not one."""
    match = _SIZE.match(text)
    if not match or float(match[1]) <= 0:
        raise UsageError(f"--warc-max-size: not a size (like 1GB, 500MB, 1048576): {text!r}")
    power = "_KMG".index(match[2].upper() or "_")
    base = 1024 if match[3] else 1000
    return int(float(match[1]) * base**power)
