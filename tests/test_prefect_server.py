"""The daily flow on a real Prefect server: deploy from prefect.yaml, a process worker runs it.

One server for the session (tests/prefect_helpers.py, shared with tests/test_dask.py); the
worker is stopped with SIGINT by its process group in a finally (it ignores SIGTERM for
seconds). Both deployments are run at once on the same store: the writer limit
(claimwatch-db-writer, 1 slot) makes them take turns instead of failing on DuckDB's lock.
"""

from __future__ import annotations

import json
import subprocess
import time

import duckdb
import httpx
from prefect_helpers import REPO, flow_run_id, prefect_cli, wait_for_flow_run

from flows.prefect_server import prefect_command, stop_process


def test_deployments_run_on_a_worker(prefect_server, fixture_sources, tmp_path):
    api = prefect_server
    db = tmp_path / "store.duckdb"
    clock = time.monotonic()
    prefect_cli(api, "work-pool", "create", "claimwatch-process", "--type", "process")
    deployed = prefect_cli(api, "deploy", "--all")
    print(f"work pool + deploy: {time.monotonic() - clock:.1f} s")
    assert "daily-ingest/daily-ingest" in deployed.stdout
    assert "reprocess/backfill" in deployed.stdout

    deployments = httpx.post(f"{api.url}/deployments/filter", json={}, timeout=10).json()
    daily = next(d for d in deployments if d["name"] == "daily-ingest")
    schedule = daily["schedules"][0]["schedule"]
    assert (schedule["cron"], schedule["timezone"]) == ("0 6 * * *", "UTC")
    assert daily["work_pool_name"] == "claimwatch-process"

    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        prefect_command("worker", "start", "--pool", "claimwatch-process"),
        stdout=log,
        stderr=subprocess.STDOUT,
        env=api.env,
        cwd=REPO,
        start_new_session=True,
    )
    try:
        started = prefect_cli(
            api,
            "deployment",
            "run",
            "daily-ingest/daily-ingest",
            "--param",
            f"sources={fixture_sources}",
            "--param",
            f"db={db}",
            "--param",
            'crawl_settings={"DOWNLOAD_DELAY": 0}',
        )
        # The backfill waits for the daily run: started together, it could take the writer slot
        # after the daily's load and extract the new articles' claims first, leaving the daily's
        # claims, embed and link stages nothing to do (seen once in a full run).
        daily_done = wait_for_flow_run(api, flow_run_id(started.stdout), timeout=240)
        backfill = prefect_cli(
            api,
            "deployment",
            "run",
            "reprocess/backfill",
            "--param",
            f"db={db}",
            "--param",
            "since=2020-01-01",
        )
        runs = [daily_done, wait_for_flow_run(api, flow_run_id(backfill.stdout), timeout=240)]
    finally:
        stop_process(worker)
        log.close()
    worker_log = (tmp_path / "worker.log").read_text()
    for run in runs:
        print(f"{run['name']}: {run['state']['type']} in {run['total_run_time']:.1f} s of run time")
    for run in runs:
        assert run["state"]["type"] == "COMPLETED", (run["state"], worker_log[-3000:])
    daily_run = runs[0]
    assert daily_run["name"].startswith("daily-ingest-20"), daily_run["name"]  # the date

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
        rows = con.execute("SELECT status, report FROM runs ORDER BY started_at").fetchall()
    assert [r[0] for r in rows] == ["completed", "completed"]
    reports = [json.loads(r[1]) for r in rows]
    daily_report = next(r for r in reports if "crawl" in r)
    assert set(daily_report["crawl"]) == {"alpha", "beta", "gamma"}
    assert all(c["ok"] for c in daily_report["crawl"].values())
    assert {"crawl", "load", "claims", "embed", "link", "contradictions"} <= set(daily_report["seconds"])
    assert daily_report["flow_run"]["id"] == daily_run["id"]

    limit = httpx.get(f"{api.url}/v2/concurrency_limits/claimwatch-db-writer", timeout=10).json()
    assert (limit["limit"], limit["active_slots"]) == (1, 0)

    artifacts = httpx.post(
        f"{api.url}/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [daily_run["id"]]}}},
        timeout=10,
    ).json()
    by_key = {a["key"]: a for a in artifacts}
    assert by_key["claimwatch-run-report"]["type"] == "markdown"
    assert daily_report["run_id"] in by_key["claimwatch-run-report"]["data"]
    assert by_key["claimwatch-new-contradictions"]["type"] == "table"


def test_a_source_whose_crawl_keeps_failing_is_retried_then_recorded_as_failed(
    prefect_server, fixture_sources, tmp_path, monkeypatch
):
    from collections import Counter

    from prefect import flow

    import spiders.crawl
    from flows import daily
    from flows.prefect_server import api_url
    from spiders.crawl import CrawlResult
    from spiders.sources import load_sources

    attempts: Counter[str] = Counter()

    def fake_crawl(sources, workdir, settings=None, timeout=None, state=None):
        name = sources[0].name
        attempts[name] += 1
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "items.jsonl").write_text("", encoding="utf-8")
        return CrawlResult(workdir / "items.jsonl", {}, 1 if name == "beta" else 0)

    monkeypatch.setattr(spiders.crawl, "crawl", fake_crawl)
    monkeypatch.setattr(daily, "crawl_source", daily.crawl_source.with_options(retry_delay_seconds=0))
    db = tmp_path / "store.duckdb"

    @flow
    def crawl_then_load() -> tuple[dict, dict]:
        crawled = daily._crawl_all(load_sources(fixture_sources), str(db), tmp_path / "crawl", None)
        failed = [n for n, c in crawled.items() if not c["ok"]]
        items = [c["items"] for c in crawled.values() if c["ok"]]
        return crawled, daily.load_items(
            str(db), items, "run1", list(crawled), str(tmp_path / "crawl"), failed
        )

    with api_url(prefect_server.url):
        crawled, loaded = crawl_then_load()

    assert attempts == {"alpha": 1, "beta": 4, "gamma": 1}  # 3 retries, for beta only
    assert {n: c["ok"] for n, c in crawled.items()} == {"alpha": True, "beta": False, "gamma": True}
    assert "crawl of beta exited 1" in crawled["beta"]["error"]
    assert loaded["articles"]["new"] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT source, feeds_failed FROM source_runs ORDER BY source").fetchall()
    assert rows == [("alpha", 0), ("beta", 1), ("gamma", 0)]
