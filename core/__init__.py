"""The domain rules of claimwatch, pure: no storage, model, crawl or orchestration library.

Everything here takes plain frozen dataclasses and returns plain dataclasses, so the warehouse,
the flows, the review UI and the tests call the same rule (STYLE.md, convention 11):

- `core.intervals`: the interval a figure allows and when two figures are compatible;
- `core.provenance`: where a claim's number comes from (its origin), independent support,
  citation edges and re-report chains;
- `core.positions`: a fact cluster's positions, its dispute and the dispute's score.

tests/test_core_purity.py checks that importing this package loads none of duckdb, pyarrow,
spaCy, torch, Scrapy or Prefect.
"""
