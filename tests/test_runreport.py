"""The run report (one dataclass, one formatter) and the pending-work check that lets a run with
nothing new skip its stages (warehouse/pending.py)."""

from __future__ import annotations

from store_helpers import add_article, add_claims, claim, figure

from flows.report import format_report
from nlp.embeddings import model_name
from warehouse.db import connect
from warehouse.pending import SKIPPABLE, pending_work
from warehouse.runs import RunReport, finish_run, start_run, stored_report


def _report(**changes) -> RunReport:
    base = RunReport(
        run_id="r1",
        sources=2,
        db="x.duckdb",
        articles={
            "new": 1,
            "updated": 0,
            "unchanged": 3,
            "failed": 0,
            "duplicates": 0,
            "failed_by_source": {},
        },
        claims={"versions": 1, "new": 4, "failed": 0, "appearances": 0},
        links={"embedded": 4, "compared": 4, "new": 2, "ann_recall": None},
        contradictions={"new": 1},
        totals={"articles": 4, "claims": 9, "links": 2, "clusters": 1, "contradictions_open": 1},
        seconds={"crawl": 1.0, "total": 1.0},
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_runreport_round_trips_through_the_runs_table_and_reads_reports_of_before(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    report = _report(unhealthy_sources=["beta"], skipped=["topics"])
    report.run_id = start_run(con, "sources.yaml")
    report.status = "completed"
    finish_run(con, report)
    assert stored_report(con, report.run_id) == report
    # A report stored before the dataclass: unhealthy sources sat in the load's counts.
    old = {**_report().as_dict(), "articles": {**_report().articles, "unhealthy_sources": ["beta"]}}
    old.pop("unhealthy_sources", None)
    old.pop("skipped")
    assert RunReport.from_dict({**old, "unknown_key": 1}).unhealthy_sources == ["beta"]
    assert "crawl" not in _report().as_dict()  # a run without a crawl (reprocess) stores none


def test_runreport_formatter_says_what_a_reprocess_did_not_check():
    text = format_report(_report(unhealthy_sources=["beta"], skipped=["link", "contradictions"]))
    assert "UNHEALTHY       beta" in text
    assert "nothing to do   link, contradictions" in text
    reprocess = format_report(_report(unhealthy_sources=None))  # not checked: no line, no faked list
    assert "UNHEALTHY" not in reprocess
    assert "nothing to do" not in reprocess


def test_pending_work_is_zero_for_a_finished_store_and_names_the_stage_with_work(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    model = model_name()
    assert pending_work(con, model) == {**dict.fromkeys(SKIPPABLE, 0), "factchecks_stored": 0}
    add_article(con, "a1", "alpha")  # an unprocessed version: the claims stage has work
    assert pending_work(con, model)["claims"] == 1
    con.execute("UPDATE article_versions SET processed = true, topics_scored = true")
    add_claims(con, "a1", [claim("Sales rose 5%.", figure(5, "%", 5, 5, "5%", "acme"))])
    work = pending_work(con, model)
    assert work["claims"] == 0
    assert work["embed"] == 1  # no vector, not ranked
    assert work["link"] == 1
    assert work["factchecks"] == 0  # nothing imported to match against
    # Topic limits that changed in the sources file are work for the topic stage.
    con.execute("UPDATE claims SET embedded = true, linked = true, topics_scored = true, factchecked = true")
    assert pending_work(con, model, {"alpha": []})["topics"] == 0
    assert pending_work(con, model, {"alpha": ["export-controls"]})["topics"] == 1
