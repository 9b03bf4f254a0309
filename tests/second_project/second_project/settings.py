"""A project's settings: its own spiders, and the archiver through its add-on, nothing else."""

BOT_NAME = "second_project"
SPIDER_MODULES = ["second_project.spiders"]
ADDONS = {"archiver.crawl.Archiver": 0}
ROBOTSTXT_OBEY = True
