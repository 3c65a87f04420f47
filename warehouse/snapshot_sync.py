"""What a publish writes anew (issue 16 item 4): the analysts' snapshot costs what changed since
it was written, not a copy of the store. The previous snapshot file is brought up to the live
store table by table, row by row (`sync`); each store table's Parquet is a folder of parts, hard
links to the previous version's, and a table only added to since gains one part of its new rows
(`write_parquet`).

Both files are attached to one connection (the live store read-only, the snapshot read-write). A table is
fingerprinted on each side (row count and the sum of its rows' 64-bit hashes, one scan); equal
fingerprints leave it alone. Otherwise, in a table with a primary key, rows whose key
left are deleted, live rows whose hash the snapshot lacks are updated by key or inserted; in a
table without one, rows are compared as multisets of row hashes (deleted by rowid, inserted).
Each step is its own statement, so a kill in between leaves a partial file: private to the
publisher, never published, and corrected by the next sync.

Any schema difference (a migration added a column or a table) is reported, and the caller copies
the store whole instead: a migration is rare and a full copy is always right.

A collision of two different rows' 64-bit hashes would hide a change: at 10^5 rows a table the
chance is about 10^10 / 1.8 * 10^19, 5 * 10^-10 per publish.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

# Columns fixed by the row's key, left out of the hash: hashing every 384-float vector of a
# 150k-claim store took 0.69 s of a 0.7 s scan (the key columns alone: 4 ms). A vector is a
# function of (text_sha1, model) and is only ever inserted (ON CONFLICT DO NOTHING); a MinHash
# signature is a function of (article_id, version); a fetch body of fetch_id (its sha1 is in it).
FIXED_BY_KEY = {
    "embeddings": ("vector",),
    "article_minhash": ("signature",),
    "fetches": ("body",),
}

# In each Parquet version folder: {table: [rows, fingerprint]} of the store tables it holds.
FINGERPRINTS = ".fingerprints.json"
# Every store table is written as a folder of parts, each publish adding one with the rows added
# since. Writing tables whole was most of a publish: the 384-float vectors (embeddings.parquet,
# 2.7 of 6.9 s at 50k claims, 77 MB), then at 100k articles article_versions' texts (1.6 s),
# MinHash signatures and buckets (0.5 + 0.2 s), figures (0.4 s) and articles (0.1 s), a run
# adding 0.1-0.5% to each. Tables whose rows are never updated, {table: key}: where the rows past
# the parts' count are not the new ones, those whose key the parts lack still make the new part.
APPENDED = {"embeddings": ("text_sha1", "model")}
PARQUET = "(FORMAT parquet, COMPRESSION zstd)"
MAX_PARTS = 64  # past this many parts a folder is written again as one (readers open each part)


def literal_path(path: Path) -> str:
    # ATTACH and COPY ... TO take no bound parameters in DuckDB 1.5.5 (parser error at '?'),
    # so paths become quoted literals: '' escapes a quote, nothing else is special.
    return "'" + str(path).replace("'", "''") + "'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema(con: duckdb.DuckDBPyConnection, catalog: str, skip: frozenset[str] = frozenset()) -> dict:
    """{table: ((column, type), ...)} of the base tables of `catalog`'s main schema."""
    tables: dict[str, list] = {}
    for table, column, kind in con.execute(
        """SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_catalog = c.table_catalog
                AND t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE c.table_catalog = ? AND c.table_schema = 'main' AND t.table_type = 'BASE TABLE'
           ORDER BY c.table_name, c.ordinal_position""",
        [catalog],
    ).fetchall():
        if table not in skip:
            tables.setdefault(table, []).append((column, kind))
    return {table: tuple(columns) for table, columns in tables.items()}


def _row_hash(table: str, columns: tuple, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    hashed = [prefix + _q(c) for c, _ in columns if c not in FIXED_BY_KEY.get(table, ())]
    return f"hash({', '.join(hashed)})"


def fingerprint(con: duckdb.DuckDBPyConnection, catalog: str, table: str, columns: tuple) -> tuple[int, int]:
    """(rows, sum of row hashes mod 2^64): equal for equal multisets of rows."""
    rows, total = con.execute(
        f"SELECT count(*), coalesce(sum({_row_hash(table, columns)})::HUGEINT, 0) % 18446744073709551616 "
        f"FROM {_q(catalog)}.main.{_q(table)}"
    ).fetchone()
    return int(rows), int(total)


def _tail(con: duckdb.DuckDBPyConnection, relation: str, table: str, columns: tuple, start: int) -> tuple:
    """(rows, fingerprint) of the rows of `relation` at rowid `start` and after: the scan skips
    the row groups before it (DuckDB pushes rowid filters into the scan)."""
    rows, total = con.execute(
        f"SELECT count(*), coalesce(sum({_row_hash(table, columns)})::HUGEINT, 0) % 18446744073709551616 "
        f"FROM {relation} WHERE rowid >= ?",
        [start],
    ).fetchone()
    return int(rows), int(total)


def appended(
    con: duckdb.DuckDBPyConnection, relation: str, table: str, columns: tuple, before: tuple, now: tuple
) -> bool:
    """Whether `relation` (fingerprint `now`) is the rows fingerprinted `before`, at rowids
    0..before[0]-1, and only appended to since: then its rows from rowid before[0] on are what
    is new. Rowids of a table only ever appended to are dense and in insertion order; a deletion
    or an update shows as a fingerprint that does not add up, and the caller compares whole."""
    if now[0] <= before[0]:
        return False
    rows, total = _tail(con, relation, table, columns, before[0])
    return (before[0] + rows, (before[1] + total) % 2**64) == (now[0], now[1])


def fingerprints(con: duckdb.DuckDBPyConnection, catalog: str, private: tuple[str, ...]) -> dict:
    """{table: (rows, fingerprint)} of every base table of `catalog` (private ones as empty)."""
    return {
        table: (0, 0) if table in private else fingerprint(con, catalog, table, columns)
        for table, columns in schema(con, catalog).items()
    }


def _keyed(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    """Base tables of `catalog`'s main schema with a primary key, a unique constraint or an index."""
    return {
        table
        for (table,) in con.execute(
            """SELECT table_name FROM duckdb_constraints() WHERE database_name = ?
                   AND schema_name = 'main' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')
               UNION SELECT table_name FROM duckdb_indexes()
               WHERE database_name = ? AND schema_name = 'main'""",
            [catalog, catalog],
        ).fetchall()
    }


def copy_whole(con: duckdb.DuckDBPyConnection, live: str, snap: str) -> None:
    """Copy catalog `live` into the empty catalog `snap`: its catalog (schemas, tables, views,
    macros) as COPY FROM DATABASE copies it, and every table's rows, but no key or index. The
    snapshot is only read and written by `sync`, which matches rows by the live store's keys;
    an index of its own is written whole by every checkpoint that follows a change to its table
    (at 100k articles the snapshot's keys of claims, figures, embeddings, articles, versions and
    MinHash, and article_lsh's index of 2.5M rows, made its checkpoint about 1.1 s a publish)."""
    con.execute(f"COPY FROM DATABASE {_q(live)} TO {_q(snap)} (SCHEMA)")
    for schema_name, index in con.execute(
        "SELECT schema_name, index_name FROM duckdb_indexes() WHERE database_name = ?", [snap]
    ).fetchall():
        con.execute(f"DROP INDEX {_q(snap)}.{_q(schema_name)}.{_q(index)}")
    keyed = _keyed(con, snap)
    for schema_name, table in con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? AND NOT temporary",
        [snap],
    ).fetchall():
        source = f"{_q(live)}.{_q(schema_name)}.{_q(table)}"
        target = f"{_q(snap)}.{_q(schema_name)}.{_q(table)}"
        if schema_name == "main" and table in keyed:  # made again without its constraints
            con.execute(f"DROP TABLE {target}")
            con.execute(f"CREATE TABLE {target} AS SELECT * FROM {source}")
        else:
            con.execute(f"INSERT INTO {target} SELECT * FROM {source}")


def sync(
    con: duckdb.DuckDBPyConnection,
    live: str,
    snap: str,
    private: tuple[str, ...],
    own: frozenset[str],
    recorded: dict | None = None,
) -> dict | None:
    """Make every table of catalog `snap` equal to catalog `live` (tables in `private` empty;
    tables in `own`, the snapshot's own, are not compared). `recorded`: {table: (rows,
    fingerprint)} of `snap`'s tables as recorded when it was made (the others are computed).
    Returns {table: (rows, fingerprint)} of the live tables, or None when the schemas differ,
    or the snapshot has keys or indexes (a file copied whole before `copy_whole` left them
    out): nothing was changed then."""
    tables = schema(con, live)
    if tables != schema(con, snap, skip=own) or _keyed(con, snap):
        return None
    prints = {}
    primary_keys = _primary_keys(con, live)
    for table, columns in tables.items():
        target = f"{_q(snap)}.main.{_q(table)}"
        if table in private:
            con.execute(f"DELETE FROM {target}")  # kept, empty: not the analysts' business
            prints[table] = (0, 0)
            continue
        source = f"{_q(live)}.main.{_q(table)}"
        now = fingerprint(con, live, table, columns)
        prints[table] = now
        before = (recorded or {}).get(table) or fingerprint(con, snap, table, columns)
        if before == now:
            continue
        if appended(con, source, table, columns, before, now):
            # Only rows added since (embeddings, MinHash buckets, links of a run): copy those,
            # reading the last row groups only. At 150k claims the anti join of the general
            # path read every vector (0.33 s for embeddings, 0.35 s for article_lsh's multiset).
            names = ", ".join(_q(c) for c, _ in columns)
            con.execute(
                f"INSERT INTO {target} ({names}) SELECT {names} FROM {source} WHERE rowid >= ?", [before[0]]
            )
            continue
        keys = primary_keys.get(table)
        if keys:
            _sync_keyed(con, source, target, table, columns, keys)
        else:
            _sync_multiset(con, source, target, _row_hash(table, columns), columns)
    return prints


def _primary_keys(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[str]]:
    return {
        table: list(columns)
        for table, columns in con.execute(
            """SELECT table_name, constraint_column_names FROM duckdb_constraints()
               WHERE database_name = ? AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'""",
            [catalog],
        ).fetchall()
    }


def _sync_keyed(
    con: duckdb.DuckDBPyConnection, source: str, target: str, table: str, columns: tuple, keys: list[str]
) -> None:
    """A table with a primary key in the live store: rows whose key left are deleted, changed rows
    updated in place, new keys inserted (the snapshot's table has no key: `copy_whole`). An
    UPDATE of the changed columns rewrites only those at the checkpoint: at 50k claims, 25k
    changed rows (cluster ids) took 0.31 s this way against 0.9 s to delete 12k of them."""
    lh, sh = _row_hash(table, columns, "l"), _row_hash(table, columns, "s")
    on = " AND ".join(f"s.{_q(k)} = l.{_q(k)}" for k in keys)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE snapshot_changed AS
            SELECT l.* FROM {source} l ANTI JOIN (SELECT {sh} AS h FROM {target} s) s ON s.h = {lh}"""
    )
    try:
        con.execute(
            f"DELETE FROM {target} WHERE rowid IN "
            f"(SELECT s.rowid FROM {target} s ANTI JOIN {source} l ON {on})"
        )
        # Only the columns that differ in some changed row are set: a checkpoint rewrites each
        # updated column of a row group, and the churn of a run is a few flags and cluster ids.
        values = [c for c, _ in columns if c not in keys]
        if values:
            matched = " AND ".join(f"s.{_q(k)} = l.{_q(k)}" for k in keys)
            differs = con.execute(
                "SELECT "
                + ", ".join(f"bool_or(s.{_q(c)} IS DISTINCT FROM l.{_q(c)})" for c in values)
                + f" FROM snapshot_changed l JOIN {target} s ON {matched}"
            ).fetchone()
            values = [c for c, changed in zip(values, differs, strict=True) if changed]
        if values:
            sets = ", ".join(f"{_q(c)} = l.{_q(c)}" for c in values)
            matched = " AND ".join(f"{target}.{_q(k)} = l.{_q(k)}" for k in keys)
            con.execute(f"UPDATE {target} SET {sets} FROM snapshot_changed l WHERE {matched}")
        names = ", ".join(_q(c) for c, _ in columns)
        picked = ", ".join(f"l.{_q(c)}" for c, _ in columns)
        con.execute(
            f"INSERT INTO {target} ({names}) "
            f"SELECT {picked} FROM snapshot_changed l ANTI JOIN {target} s ON {on}"
        )
    finally:
        con.execute("DROP TABLE IF EXISTS snapshot_changed")


def _sync_multiset(con: duckdb.DuckDBPyConnection, source: str, target: str, h: str, columns: tuple) -> None:
    """A table without a key (rows may repeat): rows compared as multisets of row hashes."""
    con.execute(
        f"""DELETE FROM {target} WHERE rowid IN (
                SELECT s.r FROM (SELECT rowid AS r, {h} AS h, row_number() OVER (PARTITION BY {h}) AS n
                                 FROM {target}) s
                LEFT JOIN (SELECT {h} AS h, count(*) AS c FROM {source} GROUP BY 1) l ON l.h = s.h
                WHERE s.n > coalesce(l.c, 0))"""
    )
    names = ", ".join(_q(c) for c, _ in columns)
    picked = ", ".join(f"x.{_q(c)}" for c, _ in columns)
    con.execute(
        f"""INSERT INTO {target} ({names})
            SELECT {picked} FROM (SELECT *, {h} AS h__, row_number() OVER (PARTITION BY {h}) AS n__
                                  FROM {source}) x
            LEFT JOIN (SELECT {h} AS h, count(*) AS c FROM {target} GROUP BY 1) s ON s.h = x.h__
            WHERE x.n__ > coalesce(s.c, 0)"""
    )


def _keep_parts(parts: list[Path], target: Path) -> None:
    """The current version's parts in `target` as hard links (a version's files never change)."""
    for part in parts:
        os.link(part, target / part.name)


def _add_part(con: duckdb.DuckDBPyConnection, parts: list[Path], target: Path, rows: str) -> int:
    """`parts` kept in `target` and the rows of query `rows` written as the next part; 1."""
    _keep_parts(parts, target)
    number = int(parts[-1].stem.removeprefix("part-")) + 1
    con.execute(f"COPY ({rows}) TO {literal_path(target / f'part-{number:05d}.parquet')} {PARQUET}")
    return 1


def _write_parts(
    con: duckdb.DuckDBPyConnection, name: str, kept: Path | None, target: Path, prints: tuple
) -> int:
    """`target` as a folder of part files (the layout Spark writes; DuckDB's `FROM 'NAME.parquet'`,
    pyarrow, pandas and polars read the folder): the current version's parts as hard links and
    one new part with the rows they lack. `prints`: (fingerprint the parts were written at, or
    None, and the table's now). Rows only added since: the new part is the rows past the parts'
    count (O(new)). A row of theirs changed or left: the parts are written again as one, as
    they are past MAX_PARTS (a table whose rows are never updated, APPENDED, adds the rows whose
    key the parts lack while none of theirs left). Returns 1 when a part was written, else 0."""
    target.mkdir()
    parts = sorted(kept.glob("part-*.parquet")) if kept is not None else []
    before, now = prints
    if parts and before is not None and tuple(before) == tuple(now):
        _keep_parts(parts, target)
        return 0
    columns = tuple(
        (c, None) for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {_q(name)})").fetchall()
    )
    if (
        parts
        and len(parts) < MAX_PARTS
        and before is not None
        and appended(con, _q(name), name, columns, tuple(before), tuple(now))
    ):
        # The parts hold the table's first before[0] rows and rows were only added since: the
        # new part is the rows from that rowid on (reading the parts' keys back for an anti join
        # was 0.5 s of a publish at 150k claims, O(store)). COPY takes no bound parameters in
        # DuckDB 1.5.5: the rowid goes in as an int literal.
        return _add_part(con, parts, target, f"SELECT * FROM {_q(name)} WHERE rowid >= {int(before[0])}")
    if parts and len(parts) < MAX_PARTS and name in APPENDED:
        key = ", ".join(APPENDED[name])
        old = "read_parquet([" + ", ".join(literal_path(p) for p in parts) + "])"
        gone = con.execute(f"SELECT count(*) FROM {old} o ANTI JOIN {_q(name)} t USING ({key})").fetchone()[0]
        if not gone:
            new_rows = f"SELECT t.* FROM {_q(name)} t ANTI JOIN (SELECT {key} FROM {old}) o USING ({key})"
            return _add_part(con, parts, target, new_rows)
    con.execute(f"COPY (SELECT * FROM {_q(name)}) TO {literal_path(target / 'part-00000.parquet')} {PARQUET}")
    return 1


def write_parquet(
    con: duckdb.DuckDBPyConnection, relations: list[str], prints: dict, current: Path | None, new_dir: Path
) -> int:
    """The Parquet set in `new_dir`: a store table is a folder of parts (`_write_parts`), the
    current version's parts hard links (files of a version are never written again, so sharing
    the inode is safe) and a new part with what was added since the fingerprint recorded with
    them; views and the snapshot's own tables, one file each, are written. Returns how many
    files were written."""
    new_dir.mkdir(parents=True)
    before = {}
    if current is not None and (current / FINGERPRINTS).is_file():
        try:
            before = json.loads((current / FINGERPRINTS).read_text())
        except (OSError, ValueError):
            before = {}
    written = 0
    for name in relations:
        target = new_dir / f"{name}.parquet"
        kept = current / f"{name}.parquet" if current is not None else None
        if name in prints:  # a store table: a folder of parts
            written += _write_parts(
                con,
                name,
                kept if kept is not None and kept.is_dir() else None,
                target,
                (before.get(name), prints[name]),
            )
            continue
        con.execute(f"COPY (SELECT * FROM {_q(name)}) TO {literal_path(target)} {PARQUET}")
        written += 1
    (new_dir / FINGERPRINTS).write_text(json.dumps({name: list(p) for name, p in prints.items()}))
    return written
