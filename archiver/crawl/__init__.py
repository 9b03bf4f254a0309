"""Everything that runs inside a Scrapy crawl: the add-on, middlewares, pipelines, extensions,
the spiders' shared code and the ``scrapy crawl`` command.

This is the only package of the project that imports Scrapy or Twisted. Each module wires pure
logic from the packages beside it (``extraction``, ``discovery``, ``warc``, ``state``, ``runs``)
into a crawl. ``ADDONS = {"archiver.crawl.Archiver": 0}`` in any Scrapy project's settings makes
its crawls archiving crawls (:class:`~archiver.crawl.addon.Archiver`).
"""

from archiver.crawl.addon import Archiver

__all__ = ["Archiver"]
