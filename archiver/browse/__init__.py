"""The archive browser behind ``archiver serve``: a web interface over crawl output folders.

Pure logic, no Scrapy. It holds the article database kept up to date with the folders
(``folders.py``: records files read incrementally, runs from the crawl state, health reports),
the search queries (``search.py``), the crawls page's runs by site (``crawls.py``) and its inline
SVG charts (``charts.py``), the pywb replay server with its own index of the WARC files
(``replay.py``), the Datasette plugin and its templates that make the pages (``plugin.py``,
``templates/``) and the server that puts them together (``server.py``). Nothing here fetches
from the web: every page and every replayed byte comes from the given folders.
"""
