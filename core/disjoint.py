"""Disjoint sets (union-find): the grouping both fact clusters (core/clusters.py) and
syndication groups (warehouse/ingest.py) are built on. The least key of a group is its root,
so a group's representative does not depend on the order the pairs arrive in."""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class DisjointSet:
    def __init__(self, items: Iterable[Hashable]) -> None:
        self.parent = {x: x for x in items}

    def __contains__(self, item: Hashable) -> bool:
        return item in self.parent

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[Hashable, list]:
        """root -> its members, in the order the items were given."""
        out: dict[Hashable, list] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return out
