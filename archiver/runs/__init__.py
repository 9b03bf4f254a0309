"""Crawl runs: the sites file and its schedules, the summary of a run and its health report.
No Scrapy: ``archiver status`` reads these without starting a crawl."""
