"""What a failed request's failure says, in one line a person can read.

A body that does not decode as its ``Content-Encoding`` says is said so, where Python's message
is "Not a gzipped file (b'th')".

Twisted reports a response that never came, or came apart, as a list of failures
(``ResponseNeverReceived``, ``ResponseFailed``), which Scrapy wraps in its own exception: its
message is then the list's ``repr``, "[<twisted.python.failure.Failure
twisted.internet.error.ConnectionDone: Connection was closed cleanly.>]". :func:`failure_reason`
reads the list instead: "the connection closed before the response was whole (ConnectionDone)".
"""

from __future__ import annotations

import zlib
from gzip import BadGzipFile

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

# What Twisted's connection errors mean for a response, by the exception's name
_NETWORK_REASONS = {
    "ConnectionDone": "the connection closed before the response was whole",
    "ConnectionLost": "the connection was lost before the response was whole",
    "_DataLoss": "the response ended before the length it declared",
    "PotentialDataLoss": "the response ended without a declared length or a last chunk",
    "ConnectionAborted": "the connection was aborted",
}


def failure_reason(failure: Failure) -> str:
    """One line for ``failure``: "HTTP 503" for an HTTP error, the meaning of the network
    errors Twisted lists for a response that never came or came apart, else the exception's
    message (its name when it has none)."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    error = failure.value
    if failure.check(BadGzipFile, zlib.error):
        return f"the body does not decode as its Content-Encoding says ({type(error).__name__}: {error})"
    listed = getattr(error, "reasons", None) or getattr(error.__cause__, "reasons", None)
    if listed:
        reasons = [_network_reason(item.value if isinstance(item, Failure) else item) for item in listed]
        return "; ".join(dict.fromkeys(reasons))
    return failure.getErrorMessage() or failure.type.__name__


def _network_reason(error: BaseException) -> str:
    name = type(error).__name__
    if meaning := _NETWORK_REASONS.get(name):
        return f"{meaning} ({name})"
    return f"{name}: {error}" if str(error) else name
