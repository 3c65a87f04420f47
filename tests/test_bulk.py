"""warehouse/bulk.py: lists reach DuckDB as registered Arrow views."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.bulk import rows_with_ids


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE figures (claim_id VARCHAR, subject VARCHAR)")
    con.execute("INSERT INTO figures VALUES ('c1', 'nvidia'), ('c2', 'huawei'), ('c3', 'it''s, a subject')")
    yield con
    con.close()


def test_bulk_rows_with_ids_reads_the_list_as_a_view_and_drops_it(con):
    rows = rows_with_ids(
        con,
        "wanted",
        ["nvidia", "it's, a subject"],
        "SELECT claim_id FROM figures WHERE subject IN (SELECT subject FROM wanted) ORDER BY 1",
        column="subject",
    )
    assert rows == [("c1",), ("c3",)]
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM wanted")


def test_bulk_rows_with_ids_takes_parameters_and_an_empty_list(con):
    sql = "SELECT claim_id FROM figures WHERE claim_id IN (SELECT claim_id FROM wanted) AND subject = ?"
    assert rows_with_ids(con, "wanted", ["c1", "c2"], sql, ["huawei"]) == [("c2",)]
    assert rows_with_ids(con, "wanted", [], sql, ["huawei"]) == []
