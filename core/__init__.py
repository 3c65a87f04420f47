"""The domain rules of claimwatch, pure: no storage, model, crawl or orchestration library.

Everything here takes plain frozen dataclasses and returns plain dataclasses, so the warehouse,
the flows, the review UI and the tests call the same rule (STYLE.md, convention 11):

- `core.facts`: fact keys and orientation (which figures state one fact, in which direction);
- `core.intervals`: the interval a figure allows and when two figures are compatible;
- `core.judge`: whether two linked claims contradict each other, and the one-line reason;
- `core.links`: whether two claims link, with which method and tier (thresholds);
- `core.clusters`: fact clusters, stories and their stable names;
- `core.eligibility`: invariant 4 (superseded and duplicate content takes no part);
- `core.lang`: an article's declared language, when the text cannot decide it;
- `core.ids`, `core.errors`: natural keys and the named errors every layer may raise;
- `core.provenance`: where a claim's number comes from (its origin), independent support,
  citation edges and re-report chains;
- `core.positions`: a fact cluster's positions, its dispute and the dispute's score.

tests/test_core_purity.py checks that importing this package loads none of duckdb, pyarrow,
spaCy, torch, Scrapy or Prefect.
"""
