"""Finding pages before fetching them: start URLs, the crawl's URL filter, robots.txt, sitemaps,
feeds and the links of a parsed page. Pure logic (bytes or trees in, URLs out); no Scrapy."""
