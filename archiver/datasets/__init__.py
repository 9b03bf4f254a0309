"""Article records as data: reading and writing records files, the flat dataset schema,
deduplication and ``archiver export``'s JSON Lines, CSV and Parquet output. No Scrapy."""
