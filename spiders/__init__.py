"""The Scrapy project: discovery from feeds/sitemaps/listings, fetching, extraction.

Spiders never write the database: they yield items that the job's one writer loads.
"""
