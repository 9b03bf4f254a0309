"""Reading brotli-encoded bodies from WARC files with warcio 1.8 and brotli 1.2.

warcio decodes a response body with ``Content-Encoding: br`` through a decoder object it
expects to have ``decompress()`` and a settable ``unused_data`` (the API of the older
``brotlipy``). The ``brotli`` module that Scrapy installs has neither: its ``Decompressor``
has ``process()``, and warcio's set-up fails with ``AttributeError``, so warcio, cdxj-indexer
and ``archiver extract`` could not read such a record (WARC files from other crawlers hold
many). :func:`install` gives warcio a decoder with the API it expects, and only when its own
fails; nothing changes with a warcio or brotli that work together.
"""

from __future__ import annotations

from warcio.bufferedreaders import BufferedReader


class BrotliDecoder:
    """``brotli.Decompressor`` with the ``decompress()`` / ``unused_data`` API warcio uses."""

    unused_data = None  # brotli reads one stream to its end: nothing is left over

    def __init__(self) -> None:
        import brotli

        self._decoder = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        return self._decoder.process(data)  # type: ignore[no-any-return]


def install() -> None:
    """Replace warcio's brotli decoder when it cannot be set up (idempotent)."""
    factory = BufferedReader.DECOMPRESSORS.get("br")
    if factory is None or factory is BrotliDecoder:
        return  # no brotli module (warcio then refuses br bodies itself), or done already
    try:
        factory()
    except AttributeError:
        BufferedReader.DECOMPRESSORS["br"] = BrotliDecoder
