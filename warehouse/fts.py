"""BM25 over a table with DuckDB's fts extension, loaded offline, scored for many queries at once.

The extension ships in the pip package duckdb-extension-fts (a file per DuckDB version);
`LOAD '<that file>'` needs no network, whereas `INSTALL fts` would fetch it. Autoloading is
switched off on the connections we load it into, so nothing ever reaches an extension host.

`match_bm25` (the extension's macro) scores one query per statement by scanning the whole
table: 0.25 s a query over 10,375 fact-checks here, 5 minutes for the 1,197 CheckThat!
queries. `bm25_top` runs the same formula on the same index tables (tokenizer, Porter
stemmer, stopwords, k1 = 1.2, b = 0.75, each query term counted once) for a whole batch of
queries in one statement; tests/test_factchecks.py checks it agrees with `match_bm25`.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa

from core.errors import DatabaseError

K1 = 1.2  # the extension's defaults (PRAGMA create_fts_index ... k, b)
B = 0.75
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def extension_path() -> Path | None:
    """The fts extension file of the installed duckdb-extension-fts package, if it matches DuckDB."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    path = path / "fts.duckdb_extension"
    return path if path.exists() else None


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension into `con` from the pip package (no network)."""
    path = extension_path()
    try:
        con.execute("SET autoinstall_known_extensions = false")
        if path is not None:
            con.execute(f"LOAD '{path.as_posix()}'")  # a path from our own package, not user input
        else:  # an extension installed by other means (e.g. `INSTALL fts` by a user online)
            con.execute("LOAD fts")
    except duckdb.Error as exc:
        raise DatabaseError(
            f"cannot load DuckDB's fts extension (install duckdb-extension-fts=={duckdb.__version__}): "
            f"{str(exc).splitlines()[0]}"
        ) from None


def _schema(table: str) -> str:
    if not _NAME.match(table):
        raise ValueError(f"not a plain table name: {table!r}")
    return f"fts_main_{table}"


def has_index(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether `table` has an fts index (its fts_main_<table> schema)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'docs'",
        [_schema(table)],
    ).fetchone()
    return bool(row[0])


def build_index(con: duckdb.DuckDBPyConnection, table: str, id_column: str, *columns: str) -> None:
    """(Re)build the fts index of `table` over `columns`; the index does not follow later inserts."""
    for name in (id_column, *columns):
        _schema(name)  # plain identifiers only: they are spliced into the PRAGMA
    load_fts(con)
    cols = ", ".join(f"'{c}'" for c in columns)
    con.execute(f"PRAGMA create_fts_index('{table}', '{id_column}', {cols}, overwrite = 1)")


def bm25_top(
    con: duckdb.DuckDBPyConnection, table: str, queries: list[str], n: int = 100
) -> list[list[tuple[str, float]]]:
    """The top-n (document id, BM25 score) of each query, best first, ties by id.

    Documents sharing no term with a query are not returned (BM25 would score them None).
    """
    if not queries:
        return []
    schema = _schema(table)
    load_fts(con)
    # Two statements: as one CTE query DuckDB re-evaluated the tokens per join (62 s for 197
    # queries against 3.5 s staged). Scores are rounded to 9 digits so that documents with the
    # same terms tie exactly (parallel sums differ in the last bits) and the id decides.
    con.register("bm25_queries", pa.table({"qid": list(range(len(queries))), "text": queries}))
    try:
        qterms = con.execute(
            f"""SELECT DISTINCT t.qid, d.termid, d.df
                FROM (SELECT qid, stem(unnest({schema}.tokenize(text)), 'porter') AS term FROM bm25_queries) t
                JOIN {schema}.dict d ON d.term = t.term"""
        ).fetch_arrow_table()
    finally:
        con.unregister("bm25_queries")
    con.register("bm25_qterms", qterms)
    try:
        rows = con.execute(
            f"""
            WITH tf AS (
                SELECT termid, docid, count(*) AS tf FROM {schema}.terms
                WHERE termid IN (SELECT DISTINCT termid FROM bm25_qterms) GROUP BY termid, docid
            ), scored AS (
                SELECT q.qid, tf.docid,
                       round(sum(log((s.num_docs - q.df + 0.5) / (q.df + 0.5) + 1)
                           * (tf.tf * ($k1 + 1)) / (tf.tf + $k1 * (1 - $b + $b * (d.len / s.avgdl)))), 9)
                           AS score
                FROM bm25_qterms q JOIN tf ON tf.termid = q.termid
                JOIN {schema}.docs d ON d.docid = tf.docid, {schema}.stats s
                GROUP BY q.qid, tf.docid
            )
            SELECT sc.qid, d.name, sc.score FROM scored sc JOIN {schema}.docs d ON d.docid = sc.docid
            QUALIFY row_number() OVER (PARTITION BY sc.qid ORDER BY sc.score DESC, d.name) <= $n
            ORDER BY sc.qid, sc.score DESC, d.name
            """,
            {"k1": K1, "b": B, "n": n},
        ).fetchall()
    finally:
        con.unregister("bm25_qterms")
    out: list[list[tuple[str, float]]] = [[] for _ in queries]
    for qid, name, score in rows:
        out[qid].append((str(name), float(score)))
    return out
