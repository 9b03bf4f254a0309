"""WARC files: records built from HTTP exchanges, the rotating writer, repair after a crash,
reading records back, CDXJ indexes and WACZ packages. Pure logic on warcio; no Scrapy."""
