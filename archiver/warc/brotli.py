"""Reading brotli-encoded bodies from WARC files with warcio 1.8 and brotli 1.2.

warcio decodes a response body with ``Content-Encoding: br`` through a decoder object it
expects to have ``decompress()`` and a settable ``unused_data`` (the API of the older
``brotlipy``). The ``brotli`` module that Scrapy installs has neither: its ``Decompressor``
has ``process()``, and warcio 1.8.1's set-up fails with ``AttributeError``; warcio 1.8.2 looks
for ``brotlicffi`` only and, without it, decodes no brotli body at all. Either way warcio,
cdxj-indexer and ``archiver extract`` could not read such a record (WARC files from other
crawlers hold many). :func:`install` gives warcio a decoder with the API it expects, over the
``brotli`` module, where warcio has none that works; nothing changes with a warcio that has.
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
    """Give warcio a brotli decoder where it has none or where its own cannot be set up
    (idempotent); none where no ``brotli`` module is installed either."""
    factory = BufferedReader.DECOMPRESSORS.get("br")
    if factory is BrotliDecoder:
        return  # done already
    if factory is not None:
        try:
            factory()
            return  # warcio's own works
        except AttributeError:
            pass
    try:
        import brotli  # noqa: F401
    except ImportError:
        return  # warcio then refuses br bodies itself
    BufferedReader.DECOMPRESSORS["br"] = BrotliDecoder
