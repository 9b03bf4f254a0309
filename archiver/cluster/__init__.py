"""Crawling on many machines: the shared frontier, the queue of site jobs, politeness across
workers and the registry of workers, all in Redis; the worker loop. No Scrapy (the Scrapy side
is in :mod:`archiver.crawl`)."""
