"""The crawl state kept between runs (what each URL looked like when last fetched, archived
payloads, article versions, runs) and the rules that use it. No Scrapy."""
