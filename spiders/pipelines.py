"""Items go to the JSON-lines file one line at a time, flushed, as they are scraped.

Nothing of a source is held back in memory, and a crawl stopped at its time limit (even
by SIGKILL) leaves every item it finished on disk for the loader.
"""

from __future__ import annotations

import dataclasses
import json
from typing import IO, Any

from scrapy.exceptions import NotConfigured


class ItemsFilePipeline:
    def __init__(self, path: str) -> None:
        self.path = path
        self.fh: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ItemsFilePipeline:
        path = crawler.settings.get("CLAIMWATCH_ITEMS_PATH")
        if not path:
            raise NotConfigured("set CLAIMWATCH_ITEMS_PATH to the items file (spiders.crawl does)")
        return cls(path)

    def open_spider(self) -> None:
        self.fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close_spider

    def close_spider(self) -> None:
        if self.fh is not None:
            self.fh.close()

    def process_item(self, item: Any) -> Any:
        data = dataclasses.asdict(item) if dataclasses.is_dataclass(item) else dict(item)
        assert self.fh is not None
        self.fh.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.fh.flush()
        return item
