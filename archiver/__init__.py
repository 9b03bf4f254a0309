"""News crawler and web archiver: clean article records and faithful WARC files."""

__version__ = "0.1.0"
