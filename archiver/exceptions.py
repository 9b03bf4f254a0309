"""The project's exceptions.

The command line turns each of them into one clear line and a non-zero exit code::

    ArchiverError
    ├── UsageError            a bad option or option value
    ├── InputError            input that cannot be read
    │   ├── BadURLError       a URL that is not http(s)://host/...
    │   └── BadWarcError      a WARC file that cannot be parsed at all
    ├── StartUnreachableError no start URL answered
    ├── BlockedError          the site refused the crawl (403, 429)
    ├── StateLockedError      another run holds the crawl state (one run at a time)
    └── OutputError           an output folder or file that cannot be written
"""

from __future__ import annotations


class ArchiverError(Exception):
    """Base class: every error the command line reports in one line."""

    exit_code = 1


class UsageError(ArchiverError):
    """A bad command-line option or setting value."""

    exit_code = 2


class InputError(ArchiverError):
    """Input that does not exist or cannot be read."""


class BadURLError(InputError):
    """A URL that is not an absolute http(s) URL."""

    exit_code = 2


class BadWarcError(InputError):
    """A WARC file that cannot be parsed."""


class StartUnreachableError(ArchiverError):
    """None of the start URLs could be fetched."""


class BlockedError(ArchiverError):
    """The crawl ended with most of its responses refusals (403, 429): the site blocks it."""

    exit_code = 4


class StateLockedError(ArchiverError):
    """Another run holds the state file (one run at a time per state file)."""


class OutputError(ArchiverError):
    """An output folder or file that cannot be created or written."""


def warc_error_text(error: Exception) -> str:
    """What went wrong reading a WARC file, as one line: warcio's own message for
    what it raises on bad framing (``ArchiveLoadFailed``, zlib errors), but for the Python errors
    it stumbles into on a record header it cannot parse (a ``response`` record without
    ``WARC-Target-URI`` raises ``AttributeError``) a plain description instead."""
    if isinstance(error, (AttributeError, TypeError, IndexError, KeyError)):
        return "a record header warcio cannot parse"
    text = " ".join(str(error).split())
    if text.startswith("Unknown archive format"):
        # (warcio goes on with the file's first bytes, quoted: binary noise for a file of another kind)
        return "it opens with neither a WARC nor an ARC record, compressed or not"
    return text[:200]  # one line: warcio quotes raw header bytes, CR and LF too
