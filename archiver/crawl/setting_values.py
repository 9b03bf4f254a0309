"""Values of Scrapy's own settings checked before a crawl starts, against the type of each
setting's default: ``-s CONCURRENT_REQUESTS=many`` or ``concurrency = "many"`` in a sites file
fails in one line naming the setting, where Scrapy would fail half-way through its start-up.
Settings Scrapy does not define (a plugin's) are left to their plugin.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import scrapy.settings.default_settings as scrapy_defaults

from archiver.exceptions import UsageError

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def check_setting_values(values: Mapping[str, Any], where: str = "") -> None:
    """Raise UsageError (prefixed with ``where``) for a value Scrapy could not read as its setting's
    type: a flag, a number, a list or a dict."""
    for name, value in values.items():
        if not name.isupper() or not hasattr(scrapy_defaults, name):
            continue
        problem = _problem(getattr(scrapy_defaults, name), value)
        if problem:
            raise UsageError(f"{where}{name} must be {problem}, not {value!r}")


def _problem(default: Any, value: Any) -> str | None:
    if isinstance(default, bool):
        ok = (
            isinstance(value, bool)
            or (isinstance(value, int) and value in (0, 1))
            or str(value).strip().lower() in _TRUE + _FALSE
        )
        return None if ok else "true or false"
    if isinstance(default, int | float):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return "a number"
        return None if math.isfinite(number) and not isinstance(value, bool) else "a finite number"
    if isinstance(default, dict) and not isinstance(value, dict):
        try:
            return None if isinstance(json.loads(str(value)), dict) else "a dict (JSON)"
        except ValueError:
            return "a dict (JSON)"
    if isinstance(default, list | tuple) and not isinstance(value, list | tuple | str):
        return "a list"
    return None
