"""Publishing the analysts' snapshot (issue #7) on the demo store and on a store N times bigger.

The bigger store repeats every row of the source store N times under new keys (150 copies of
the demo store: ~10k claims, ~10k embeddings). Baselines measured in the same run:
- file copy: shutil.copyfile of the live file (the floor for moving the bytes; no views,
  and only safe while nothing writes);
- CTAS: CREATE TABLE AS per table across attached databases (no keys or indexes) instead
  of COPY FROM DATABASE.

    .venv/bin/python bench/snapshot.py [--store data/demo.duckdb] [--copies 150]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from warehouse.db import connect, copy_store
from warehouse.snapshot import publish_snapshot
from warehouse.snapshot_sync import literal_path

# Columns holding keys (or references to keys) get a per-copy suffix; the rest is copied as is.
KEY_COLUMNS = {
    "article_id",
    "url",
    "final_url",
    "canonical_url",
    "claim_id",
    "claim_a",
    "claim_b",
    "text_sha1",
    "fetch_id",
    "contradiction_id",
    "superseded_by",
    "cluster_id",
    "duplicate_of",
    "run_id",
    "content_sha1",
}


def build_store(source: Path, target: Path, copies: int) -> dict[str, int]:
    """A store holding `copies` renamed copies of every row of `source`; returns row counts."""
    with connect(target) as con:
        con.execute(f"ATTACH {literal_path(source)} AS src (READ_ONLY)")
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'src' "
                "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"
            ).fetchall()
        ]
        counts = {}
        for table in tables:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'src' "
                    "AND table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            renamed = [f"{c} || '-' || n.i AS {c}" for c in cols if c in KEY_COLUMNS]
            replace = f" REPLACE ({', '.join(renamed)})" if renamed else ""
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT t.*{replace} FROM src.{table} t, range(?) n(i)", [copies]
            )
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.execute("DETACH src")
    return counts


def file_copy(store: Path, out: Path) -> float:
    clock = time.perf_counter()
    copy_store(store, out)
    return time.perf_counter() - clock


def ctas(store: Path, out: Path) -> float:
    clock = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"ATTACH {literal_path(store)} AS live (READ_ONLY)")
    con.execute(f"ATTACH {literal_path(out)} AS snap")
    for (table,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'live'"
    ).fetchall():
        con.execute(f'CREATE TABLE snap."{table}" AS SELECT * FROM live."{table}"')
    con.execute("DETACH snap")
    con.close()
    return time.perf_counter() - clock


def measure(label: str, store: Path, work: Path) -> None:
    publish_snapshot(store)  # warm the page cache and the imports: the second publish is measured
    result = publish_snapshot(store)
    floor = file_copy(store, work / "copy.duckdb")
    plain = ctas(store, work / f"ctas-{label}.duckdb")
    size = store.stat().st_size / 1e6
    print(
        f"{label:>6}: {size:6.1f} MB store | publish {result['seconds']:.2f} s "
        f"(live file held {result['live_seconds']:.2f} s, {result['relations']} relations) | "
        f"file copy {floor:.2f} s ({result['seconds'] / floor:.0f}x) | CTAS tables only {plain:.2f} s "
        f"vs COPY FROM DATABASE {result['live_seconds']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("data/demo.duckdb"))
    parser.add_argument("--copies", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo.duckdb"
        copy_store(args.store, demo)
        big = work / "big.duckdb"
        clock = time.perf_counter()
        counts = build_store(demo, big, args.copies)
        print(
            f"built {big.name} in {time.perf_counter() - clock:.1f} s: {counts['articles']} articles, "
            f"{counts['claims']} claims, {counts['figures']} figures, {counts['embeddings']} embeddings, "
            f"{counts['fetches']} fetches"
        )
        measure("demo", demo, work)
        measure("big", big, work)


if __name__ == "__main__":
    main()
