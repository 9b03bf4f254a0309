"""The Scrapy project's settings (``scrapy.cfg`` names this module): the archiver's add-on and
its spiders. Everything else the archiver needs, the add-on sets (:mod:`archiver.crawl.addon`);
``ARCHIVER_*`` settings and their defaults are in :mod:`archiver.config` and ``docs/settings.md``.
"""

from __future__ import annotations

BOT_NAME = "archiver"
SPIDER_MODULES = ["archiver.spiders"]
NEWSPIDER_MODULE = "archiver.spiders"
# `scrapy crawl` reports a bad spider argument (-a url=...) in one line, as `archiver crawl` does
COMMANDS_MODULE = "archiver.crawl.commands"
ADDONS = {"archiver.crawl.Archiver": 0}
