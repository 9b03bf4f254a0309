"""The ``ARCHIVER_*`` settings: their defaults, and one typed, validated object parsed from them.

:data:`DEFAULTS` is the one list of the archiver's settings and their defaults (``docs/settings.md``
documents each). :meth:`ArchiverConfig.from_settings` reads any mapping with ``get`` (Scrapy's
settings, a dict) once and raises :class:`~archiver.exceptions.UsageError`, one line naming the
setting and the bad value, for anything wrong. The sites file (:mod:`archiver.runs.sites`)
checks its names, discovery modes and numbers with the same rules. No Scrapy import.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from archiver.exceptions import UsageError
from archiver.state.model import is_database_url

WARC_VERSIONS = ("1.0", "1.1")
DISCOVERY_MODES = ("sitemaps", "feeds", "links")
NO_DISCOVERY = "none"  # the given pages only
EXTRACT_MODES = ("full", "text")
REQUISITE_MODES = ("all", "articles", "none")
# A plain file-name part (site names, crawl ids name folders and files): no separators, no "..",
# nothing hidden.
NAME_PART = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")

DEFAULTS: Mapping[str, Any] = {
    "ARCHIVER_OUTPUT_DIR": ".",
    "ARCHIVER_WARC_DIR": "",
    "ARCHIVER_WARC_PREFIX": "archiver",
    "ARCHIVER_WARC_MAX_SIZE": 1_000_000_000,
    "ARCHIVER_WARC_VERSION": "1.1",
    "ARCHIVER_WARC_COMPRESS_LEVEL": 6,
    "ARCHIVER_CRAWL_ID": "",
    "ARCHIVER_EXTRACT_WORKERS": 0,
    "ARCHIVER_EXTRACT_MAX_IN_FLIGHT": 16,
    "ARCHIVER_EXTRACT_MODE": "full",
    "ARCHIVER_PROGRESS_INTERVAL": 5.0,
    "ARCHIVER_REPLAY_FROM": [],
    "ARCHIVER_INCREMENTAL": True,
    "ARCHIVER_STATE_PATH": "",
    "ARCHIVER_RECHECK_MAX_AGE": "0",
    "ARCHIVER_HEALTH_THRESHOLD": 0.2,
    "ARCHIVER_SITE_NAME": "",
    "ARCHIVER_DISCOVERY": "sitemaps feeds links",
    "ARCHIVER_PAGE_MAX_SIZE": 20_000_000,
    "ARCHIVER_PAGE_MAX_LINKS": 5000,
    "ARCHIVER_PAGE_MAX_REQUISITES": 5000,
    "ARCHIVER_DISCOVERY_MAX_SIZE": 52_428_800,
    "ARCHIVER_DISCOVERY_MAX_ENTRIES": 50_000,
    "ARCHIVER_SITEMAP_MAX_DEPTH": 2,
    "ARCHIVER_MAX_SITEMAPS": 1000,
    "ARCHIVER_CRAWL_DELAY_MAX": 30.0,
    "ARCHIVER_RETRY_AFTER_MAX": 120.0,
    "ARCHIVER_BLOCKED_SHARE": 0.5,
    "ARCHIVER_REQUISITES": "all",
    "ARCHIVER_REQUISITE_MAX_SIZE": 20_000_000,
    "ARCHIVER_REQUISITE_DOCUMENTS": False,
    "ARCHIVER_REDIS_URL": "",
    "ARCHIVER_SHARED_CRAWL": "",
    "ARCHIVER_WORKER_ID": "",
    "ARCHIVER_LEASE_TIME": 60.0,
}

_N = TypeVar("_N", int, float)


class SettingsLike(Protocol):
    """What the config reads settings from: Scrapy's ``Settings``, or a plain dict."""

    def get(self, name: str, default: Any = None) -> Any: ...


def new_crawl_id(now: datetime | None = None) -> str:
    """A crawl id that sorts by start time: ``20261125T180102Z-3f9a``."""
    moment = now or datetime.now(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


@dataclass(frozen=True)
class Limits:
    """What one site may cost a crawl (``docs/settings.md`` gives each setting's reasons).

    ``page_max_size``: bytes of a page (as received, and inflated), beyond which it is archived cut
    short (``WARC-Truncated: length``); ``page_max_links``: links followed from one page;
    ``page_max_requisites``: requisites fetched for one page (or stylesheet, or frame);
    ``discovery_max_size`` and ``discovery_max_entries``: bytes and entries read from one sitemap
    or feed (the sitemap protocol's own limits); ``sitemap_max_depth``: sitemap indexes nested in
    each other; ``max_sitemaps``: sitemaps read in one crawl; ``crawl_delay_max`` and
    ``retry_after_max``: the longest ``Crawl-delay`` and ``Retry-After`` honoured, in seconds;
    ``blocked_share``: the share of responses answered 403 or 429 above which a run is blocked.
    """

    page_max_size: int = 20_000_000
    page_max_links: int = 5000
    page_max_requisites: int = 5000
    discovery_max_size: int = 52_428_800
    discovery_max_entries: int = 50_000
    sitemap_max_depth: int = 2
    max_sitemaps: int = 1000
    crawl_delay_max: float = 30.0
    retry_after_max: float = 120.0
    blocked_share: float = 0.5


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
    extract_mode: str = "full"
    replay_from: tuple[Path, ...] = ()
    incremental: bool = True
    state_path: Path = Path("state.sqlite")
    state_url: str = ""
    recheck_max_age: float = 0.0
    health_threshold: float = 0.2
    site_name: str = ""
    discovery: tuple[str, ...] = DISCOVERY_MODES
    limits: Limits = field(default_factory=lambda: Limits())
    requisites: str = "all"
    requisite_max_size: int = 20_000_000
    requisite_documents: bool = False
    redis_url: str = ""
    shared_crawl: str = ""
    worker_id: str = ""
    lease_time: float = 60.0

    @property
    def state_location(self) -> str | Path:
        """Where the crawl state is: a PostgreSQL URL, or the SQLite file's path."""
        return self.state_url or self.state_path

    @property
    def records_path(self) -> Path:
        """The JSON Lines file of this crawl's article records."""
        return self.output_dir / f"articles-{self.crawl_id}.jsonl"

    @classmethod
    def from_settings(cls, settings: SettingsLike) -> ArchiverConfig:
        """Read and check the settings; raise UsageError naming the setting and the bad value.

        A crawl id is drawn at random when ``ARCHIVER_CRAWL_ID`` is not set: parse the settings
        once per crawl, so that every component sees the same."""

        def get(name: str) -> Any:
            return settings.get(name, DEFAULTS[name])

        check_setting_names(settings)
        output_dir = Path(get("ARCHIVER_OUTPUT_DIR") or ".")
        version = str(get("ARCHIVER_WARC_VERSION"))
        if version not in WARC_VERSIONS:
            raise UsageError(f"ARCHIVER_WARC_VERSION must be 1.0 or 1.1, not {version!r}")
        level = _number(get, "ARCHIVER_WARC_COMPRESS_LEVEL", int, minimum=0)
        if level > 9:
            raise UsageError(f"ARCHIVER_WARC_COMPRESS_LEVEL must be 0-9, not {level}")
        extract_mode = str(get("ARCHIVER_EXTRACT_MODE"))
        if extract_mode not in EXTRACT_MODES:
            raise UsageError(f"ARCHIVER_EXTRACT_MODE must be full or text, not {extract_mode!r}")
        workers = _number(get, "ARCHIVER_EXTRACT_WORKERS", int, minimum=0)
        requisites = str(get("ARCHIVER_REQUISITES")).strip().lower()
        if requisites not in REQUISITE_MODES:
            raise UsageError(f"ARCHIVER_REQUISITES must be all, articles or none, not {requisites!r}")
        redis_url = str(get("ARCHIVER_REDIS_URL") or "")
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise UsageError(f"ARCHIVER_REDIS_URL must be a redis:// URL, not {redis_url!r}")
        shared_crawl = _name_setting("ARCHIVER_SHARED_CRAWL", str(get("ARCHIVER_SHARED_CRAWL") or ""))
        if shared_crawl and not redis_url:
            raise UsageError("ARCHIVER_SHARED_CRAWL needs ARCHIVER_REDIS_URL: the shared frontier is in Redis")
        state = str(get("ARCHIVER_STATE_PATH") or "")
        # a database URL is kept as given: a Path would fold its "//"
        state_url = state if is_database_url(state) else ""
        return cls(
            output_dir=output_dir,
            warc_dir=Path(get("ARCHIVER_WARC_DIR") or output_dir / "warcs"),
            warc_prefix=str(get("ARCHIVER_WARC_PREFIX") or "archiver"),
            warc_max_size=_number(get, "ARCHIVER_WARC_MAX_SIZE", int, minimum=1),
            warc_version=version,
            warc_compress_level=level,
            crawl_id=_name_setting("--crawl-id (ARCHIVER_CRAWL_ID)", str(get("ARCHIVER_CRAWL_ID") or ""))
            or new_crawl_id(),
            extract_workers=workers or min(os.cpu_count() or 1, 4),
            extract_max_in_flight=_number(get, "ARCHIVER_EXTRACT_MAX_IN_FLIGHT", int, minimum=1),
            extract_mode=extract_mode,
            progress_interval=_number(get, "ARCHIVER_PROGRESS_INTERVAL", float, minimum=0),
            replay_from=tuple(Path(path) for path in _list(get("ARCHIVER_REPLAY_FROM"))),
            incremental=_flag(get, "ARCHIVER_INCREMENTAL"),
            state_path=Path(state if state and not state_url else output_dir / "state.sqlite"),
            state_url=state_url,
            recheck_max_age=parse_duration(str(get("ARCHIVER_RECHECK_MAX_AGE")), "ARCHIVER_RECHECK_MAX_AGE"),
            health_threshold=_number(get, "ARCHIVER_HEALTH_THRESHOLD", float, minimum=0),
            site_name=_name_setting("ARCHIVER_SITE_NAME", str(get("ARCHIVER_SITE_NAME") or "")),
            discovery=_discovery_modes(get("ARCHIVER_DISCOVERY") or "sitemaps feeds links"),
            limits=Limits(
                page_max_size=_size(get, "ARCHIVER_PAGE_MAX_SIZE"),
                page_max_links=_number(get, "ARCHIVER_PAGE_MAX_LINKS", int, minimum=0),
                page_max_requisites=_number(get, "ARCHIVER_PAGE_MAX_REQUISITES", int, minimum=0),
                discovery_max_size=_size(get, "ARCHIVER_DISCOVERY_MAX_SIZE"),
                discovery_max_entries=_number(get, "ARCHIVER_DISCOVERY_MAX_ENTRIES", int, minimum=1),
                sitemap_max_depth=_number(get, "ARCHIVER_SITEMAP_MAX_DEPTH", int, minimum=0),
                max_sitemaps=_number(get, "ARCHIVER_MAX_SITEMAPS", int, minimum=0),
                crawl_delay_max=_number(get, "ARCHIVER_CRAWL_DELAY_MAX", float, minimum=0),
                retry_after_max=_number(get, "ARCHIVER_RETRY_AFTER_MAX", float, minimum=0),
                blocked_share=_number(get, "ARCHIVER_BLOCKED_SHARE", float, minimum=0),
            ),
            requisites=requisites,
            requisite_max_size=_size(get, "ARCHIVER_REQUISITE_MAX_SIZE"),
            requisite_documents=_flag(get, "ARCHIVER_REQUISITE_DOCUMENTS"),
            redis_url=redis_url,
            shared_crawl=shared_crawl,
            worker_id=_name_setting("ARCHIVER_WORKER_ID", str(get("ARCHIVER_WORKER_ID") or "")),
            lease_time=_number(get, "ARCHIVER_LEASE_TIME", float, minimum=10),
        )


def check_setting_names(settings: Any) -> None:
    """Raise UsageError for an ``ARCHIVER_*`` name that is no setting (a typo would otherwise be
    ignored in silence), with the setting it most likely means."""
    try:
        names = [name for name in settings if isinstance(name, str) and name.startswith("ARCHIVER_")]
    except TypeError:  # an object that only answers get()
        return
    for name in sorted(set(names) - set(DEFAULTS)):
        close = difflib.get_close_matches(name, DEFAULTS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"{name} is not a setting of the archiver{hint}")


def finite_number(value: Any, kind: type[_N], minimum: float) -> _N:
    """``value`` as ``kind`` if it is a finite number of at least ``minimum`` (a whole one for
    ``int``); raises ValueError saying what it must be. A bool is not a number; ``nan`` and
    ``inf`` (which TOML and ``float()`` both accept) are not finite."""
    whole = kind is int
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and (not math.isfinite(value) or (whole and not value.is_integer())))
        or value < minimum
    ):
        what = "a whole number" if whole else "a finite number"
        raise ValueError(f"must be {what} of at least {minimum}, not {value!r}")
    return kind(value)


def _number(get: Any, name: str, kind: type[_N], *, minimum: float) -> _N:
    raw = get(name)
    try:
        value = kind(raw)
    except (TypeError, ValueError, OverflowError):
        raise UsageError(f"{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise UsageError(f"{name} must be at least {minimum}, not {raw!r}")
    return value


def _list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [part for part in raw.replace(",", " ").split() if part]
    return [str(part) for part in raw or []]


def check_discovery_modes(modes: Any) -> tuple[str, ...]:
    """``modes`` (a string of names separated by spaces or commas, or a list) as a tuple of
    :data:`DISCOVERY_MODES`, or ``()`` for ``none`` alone (the given pages only); raises
    ValueError when empty or naming another."""
    found = tuple(modes.replace(",", " ").split() if isinstance(modes, str) else modes or ())
    if found == (NO_DISCOVERY,):
        return ()
    if not found or not all(isinstance(mode, str) and mode in DISCOVERY_MODES for mode in found):
        raise ValueError(f"must be none or name some of {', '.join(DISCOVERY_MODES)}, not {modes!r}")
    return tuple(dict.fromkeys(found))


def discovery_setting(modes: tuple[str, ...]) -> str:
    """The ``ARCHIVER_DISCOVERY`` value for ``modes``: the names, or ``none``."""
    return " ".join(modes) or NO_DISCOVERY


def _discovery_modes(raw: Any) -> tuple[str, ...]:
    try:
        return check_discovery_modes(raw)
    except ValueError as error:
        raise UsageError(f"ARCHIVER_DISCOVERY {error}") from None


def is_name_part(name: str) -> bool:
    """Whether ``name`` may name a folder or a file: letters, digits, '.', '_', '-', not
    starting with '.'."""
    return NAME_PART.fullmatch(name) is not None


def _name_setting(name: str, value: str) -> str:
    """``value``, when it can name files (articles-ID.jsonl, reports/SITE-ID.json) or is empty."""
    if value and not is_name_part(value):
        raise UsageError(f"{name} must be letters, digits, '.', '_' or '-', not starting with '.', not {value!r}")
    return value


def _flag(get: Any, name: str) -> bool:
    raw = get(name)
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise UsageError(f"{name} must be true or false, not {raw!r}")


def _size(get: Any, name: str) -> int:
    """A size setting: a number of bytes, or a size like ``20MB`` (:func:`parse_size`)."""
    raw = get(name)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _number(get, name, int, minimum=1)
    return parse_size(str(raw), name)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, name: str = "duration") -> float:
    """Parse ``90``, ``30m``, ``12h``, ``7d`` or ``2w`` into seconds; raise UsageError naming ``name``."""
    match = _DURATION.match(text)
    if not match:
        raise UsageError(f"{name}: not a duration (like 3600, 30m, 12h, 7d): {text!r}")
    return float(match[1]) * _DURATION_UNITS[match[2].lower()]


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(I?)B?\s*$", re.IGNORECASE)


def parse_size(text: str, name: str = "--warc-max-size") -> int:
    """Parse a size like ``1GB``, ``500M``, ``2MiB`` or ``1048576`` into bytes; raise UsageError
    naming ``name`` if it is not one."""
    match = _SIZE.match(text)
    if not match or float(match[1]) <= 0:
        raise UsageError(f"{name}: not a size (like 1GB, 500MB, 1048576): {text!r}")
    power = "_KMG".index(match[2].upper() or "_")
    base = 1024 if match[3] else 1000
    return int(float(match[1]) * base**power)
