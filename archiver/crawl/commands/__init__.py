"""Scrapy commands of the project (``COMMANDS_MODULE``): Scrapy's own, with the archiver's errors in one line."""
