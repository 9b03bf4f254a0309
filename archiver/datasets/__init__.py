"""Article records as data: reading and writing records files, the flat dataset schema,
deduplication, ``archiver export``'s JSON Lines, CSV, Parquet and SQLite output (the article
database that ``archiver serve`` searches), and versions of an article compared. No Scrapy."""
