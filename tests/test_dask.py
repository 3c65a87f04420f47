"""The claims and embedding stage on a Dask LocalCluster of 2 workers gives exactly the rows of
the sequential run (prefect-dask's DaskTaskRunner, with the session's real Prefect server).

The sequential run is the session's `claimwatch run` (crawled_db, local runner); the Dask
run starts from the same crawl items loaded into a fresh store, in small batches so both
workers get some. Compared: what the claims and embedding stage writes (later stages such
as linking and topics also write to claims; their columns are not compared).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
from conftest import FIRST_CRAWL_ITEMS

# Per table: the stage's columns and the order. Timestamps and run ids are left out.
STAGE_COLUMNS = {
    "claims": (
        "claim_id, article_id, version, start_char, end_char, text, text_sha1, lang, claim_type, "
        "checkworthiness, current, superseded_by, attributed_to, entities::VARCHAR",
        "claim_id",
    ),
    "figures": (
        "claim_id, idx, value, unit, lower, upper, hedge, precision, surface, start_char, end_char, "
        "subject, measure, noun, reference",
        "claim_id, idx",
    ),
    "appearances": ("claim_id, article_id, source, url", "claim_id, article_id"),
    "article_versions": ("article_id, version, content_sha1, text, processed", "article_id, version"),
}


def _rows(db, table: str) -> list[tuple]:
    columns, order = STAGE_COLUMNS[table]
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY {order}").fetchall()


def _vectors(db) -> tuple[list[str], np.ndarray]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT text_sha1, vector FROM embeddings ORDER BY text_sha1, model").fetchall()
    return [r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.float32)


def test_dask_runner_gives_the_rows_of_the_sequential_run(prefect_server, crawled_db, tmp_path):
    from flows.nlp_stage import run_nlp_stage
    from flows.prefect_server import api_url
    from warehouse.db import connect
    from warehouse.ingest import load_crawl

    sequential, _ = crawled_db
    dask = tmp_path / "dask.duckdb"
    with connect(dask) as con:
        assert load_crawl(con, sequential.parent / FIRST_CRAWL_ITEMS, "load").new > 0
    with api_url(prefect_server.url):
        result = run_nlp_stage(str(dask), "dask", workers=2, article_batch=3, text_batch=5)

    assert result["claims"]["new"] > 0
    for table in STAGE_COLUMNS:
        assert _rows(dask, table) == _rows(sequential, table), table
    keys_sequential, vectors_sequential = _vectors(sequential)
    keys_dask, vectors_dask = _vectors(dask)
    assert keys_dask == keys_sequential
    # Other batches, and a Dask worker runs torch on 1 thread (the nanny sets
    # OMP_NUM_THREADS=1), so sums may run in another order: the last float bits may differ.
    np.testing.assert_allclose(vectors_dask, vectors_sequential, atol=1e-6)


def test_dask_runner_needs_a_prefect_server():
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.nlp_stage import task_runner

    with (
        temporary_settings(restore_defaults={PREFECT_API_URL}),
        pytest.raises(ValueError, match="Prefect server"),
    ):
        task_runner("dask", workers=2)
