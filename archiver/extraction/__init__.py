"""Article extraction: HTML bytes and their URL in, an article record (or the reason why not) out.

Pure logic on top of trafilatura and lxml; never imports Scrapy, so the same code re-extracts
articles from WARC files years after the crawl and runs in spawned worker processes.
"""
