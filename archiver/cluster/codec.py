"""Requests as JSON for the shared frontier, instead of scrapy-redis's pickle. No Scrapy.

Scrapy's ``Request.to_dict`` gives a dict of strings, numbers, lists and bytes (headers, body);
:func:`dumps` writes bytes as ``{"__bytes__": BASE64}`` and a dict with other than text keys
(the headers) as ``{"__pairs__": [[KEY, VALUE], ...]}``; :func:`loads` reads them back. Nothing
but data crosses Redis: a worker never unpickles what another machine wrote. (scrapy-redis takes
any object with ``dumps`` and ``loads`` as its serializer: this module is one.)
"""

from __future__ import annotations

import base64
import json
from typing import Any


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        # headers: bytes names
        return {"__pairs__": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return base64.b64decode(value["__bytes__"])
        if set(value) == {"__pairs__"}:
            return {_decode(key): _decode(item) for key, item in value["__pairs__"]}
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def dumps(obj: dict[str, Any]) -> bytes:
    """A request dict as JSON bytes; raises TypeError for a value JSON cannot hold (an object in meta)."""
    return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True).encode("utf-8")


def loads(data: bytes | str) -> dict[str, Any]:
    """The request dict that :func:`dumps` wrote."""
    decoded: dict[str, Any] = _decode(json.loads(data))
    return decoded
