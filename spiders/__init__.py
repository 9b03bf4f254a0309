"""The project's Scrapy spiders (named in ``SPIDER_MODULES``)."""
