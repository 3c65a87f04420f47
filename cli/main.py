"""The `claimwatch` command line: parse arguments, call a library function, print.

Heavy imports (Prefect, spaCy, torch) happen inside the commands, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Callable

import settings
from cli import checkworthiness_cmd, extract_cmd, factchecks_cmd, review_cmd

EXPORT_TABLES = ("articles", "claims", "links", "contradictions", "facts", "disputes", "claimreview")
EXPORT_FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_DEMO_DB = "data/demo.duckdb"
DEFAULT_DB = settings.Settings.db
_SNAPSHOT_DB_HELP = (
    "DuckDB store; its snapshot (X.snapshot.duckdb beside X.duckdb, published after each run) is "
    "read, or the store itself while none exists"
)
_LIVE_HELP = "read the writer's file instead of the snapshot (fails while a run writes, and blocks it)"


def _setting(text: str) -> tuple[str, object]:
    from spiders.crawl import parse_setting  # stdlib-only module: --help stays instant

    try:
        return parse_setting(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_run(args: argparse.Namespace) -> int:
    from flows.quick import ingest_first, run_topics
    from flows.report import format_report
    from spiders.sources import load_sources
    from warehouse.db import connect

    source_list = load_sources(args.sources)  # a bad sources file fails here, in one line, before Prefect
    run_topics(args.sources, source_list, args.topics)  # likewise a bad topics file or topic name
    connect(args.db).close()  # likewise an unwritable database
    from flows.progress import terminal

    runner = {"kind": args.task_runner, "address": args.dask_address, "workers": args.dask_workers}
    ingested = launched = None
    # Issue 16: on the ephemeral API, crawl and load before Prefect; nothing pending, no Prefect.
    # The API and the models start as soon as a crawl fetched an article (Headstart).
    if args.task_runner == "local" and not os.environ.get("PREFECT_API_URL"):
        from flows.warmup import Headstart

        headstart = Headstart()
        try:
            with terminal():
                report, ingested = ingest_first(
                    args.sources, args.db, dict(args.set) or None, args.topics, runner, headstart.crawled
                )
        except BaseException:
            headstart.cancel()
            raise
        if report is not None:
            headstart.cancel()
            print(format_report(report))
            return 0
        launched = headstart.take()
    from flows.prefect_server import api_for_runner, early_api
    from flows.warmup import warm

    # Something is pending: Prefect's API boots while this process loads the models it needs.
    warming = (lambda: warm(args.db, every_article=False, embedder=True, api=launched)) if ingested else None
    with (
        api_for_runner(args.task_runner, args.dask_address),
        early_api(warming, launched=launched),
        terminal(),
    ):
        from flows.daily import daily_ingest

        report = daily_ingest(
            sources=args.sources,
            db=args.db,
            crawl_settings=dict(args.set) or None,
            task_runner=args.task_runner,
            dask_address=args.dask_address,
            dask_workers=args.dask_workers,
            topics=args.topics,
            ingested=ingested,
        )
    print(format_report(report))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse.export import export
    from warehouse.sandbox import open_sealed
    from warehouse.snapshot import reader_path

    path, note = reader_path(args.db, live=args.live)
    if note:
        print(note, file=sys.stderr)
    with open_sealed(path) as con:  # read-only and sealed, as `sql`: the export writes its file itself
        if args.table == "claimreview":  # schema.org JSON-LD whatever --format says
            from warehouse.claimreview import export_claimreview
            from warehouse.reviewstore import read_rulings, read_verdicts
            from warehouse.rulings import overlay_rulings
            from warehouse.verdicts import overlay_verdicts

            # Verdicts given in the review UI since the last run are in its own store, not yet
            # in the snapshot: laid over it as the UI shows them.
            overlay_verdicts(con, read_verdicts(args.db))
            overlay_rulings(con, read_rulings(args.db))  # issue #17: per-claim reviews of ruled disputes
            count = export_claimreview(con, args.out)
        else:
            count = export(con, args.table, args.format, args.out, topic=args.topic)
    if args.out:
        print(f"wrote {count} {args.table} rows to {args.out}", file=sys.stderr)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from warehouse.export import format_table
    from warehouse.sandbox import open_sealed, run_sealed
    from warehouse.snapshot import reader_path

    path, note = reader_path(args.db, live=args.live)
    if note:
        print(note, file=sys.stderr)
    with open_sealed(path) as con:  # no ATTACH, COPY TO, file access, extensions or SET (README)
        cursor = run_sealed(con, args.query)
        if cursor.description is None:
            return 0
        print(format_table(cursor, max_width=args.max_width), end="")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from warehouse.db import apply_migrations, connect, migration_status

    with connect(args.db, migrate=False) as con:
        if not args.list:
            applied = apply_migrations(con)
            print(f"applied {len(applied)} migration(s)")
        for m in migration_status(con):
            when = m.applied_at.isoformat(timespec="seconds") if m.applied_at else "pending"
            print(f"{'[x]' if m.applied else '[ ]'} {m.version:04d}_{m.name}  {when}")
    return 0


def cmd_contradictions(args: argparse.Namespace) -> int:
    from cli.formatting import list_contradictions
    from warehouse.db import connect

    with connect(args.db, read_only=True) as con:
        print(list_contradictions(con, status=args.status, limit=args.limit))
    return 0


def cmd_sources_status(args: argparse.Namespace) -> int:
    from cli.formatting import format_health
    from warehouse.db import connect
    from warehouse.health import source_health

    with connect(args.db, read_only=True) as con:
        print(format_health(source_health(con)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from cli.formatting import format_diff
    from warehouse.db import connect

    with connect(args.db, read_only=True) as con:
        print(format_diff(con, args.article_id))
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from flows.prefect_server import early_api, launch_temporary, stop_temporary
    from flows.report import format_report
    from flows.warmup import warm
    from warehouse.db import connect

    connect(args.db, read_only=True).close()  # a missing store fails here, in one line
    extracted = launched = None
    if not os.environ.get("PREFECT_API_URL"):
        # Issue 16: on the ephemeral API, the re-extract runs here while the API boots.
        from flows.reprocess import reextract_first

        launched = launch_temporary()
        try:
            extracted = reextract_first(args.db, args.since)
        except BaseException:
            if launched is not None:
                stop_temporary(launched[1])
            raise
    # Every article is read again: its languages' pipelines load, and the first articles' claims
    # are extracted, while the API finishes booting.
    with early_api(
        lambda: warm(args.db, every_article=True, embedder=False, api=launched), launched=launched
    ):
        from flows.daily import reprocess_archive

        print(format_report(reprocess_archive(db=args.db, since=args.since, extracted=extracted)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from demo.run import run_demo

    return run_demo(db=args.db, serve_after=args.serve, port=args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimwatch",
        description="Track news coverage, extract check-worthy claims, normalise their figures, "
        "link the same fact across sources and languages, and flag contradictions.",
        epilog="Start with `claimwatch demo`; `claimwatch COMMAND --help` explains each command.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "run",
        help="run the daily job: crawl the sources and process what is new",
        description="Crawl every source (feeds, sitemaps, listing pages), extract articles and "
        "claims, embed and link them, flag contradictions and print a run report. Exits 0 when "
        "the run completed, even if some pages failed (they are counted and logged).",
    )
    p.add_argument(
        "--sources", required=True, metavar="FILE", help="sources file (YAML), see sources/beat.yaml"
    )
    p.add_argument(
        "--db", required=True, metavar="PATH", help="DuckDB store (created and migrated if missing)"
    )
    p.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        type=_setting,
        metavar="KEY=VALUE",
        help="override a Scrapy setting for this run, e.g. -s DOWNLOAD_DELAY=1 (repeatable)",
    )
    p.add_argument(
        "--task-runner",
        choices=("local", "dask"),
        default="local",
        help="where the claims and embedding stage runs: local (default) or a Dask cluster; "
        "dask needs a Prefect server: PREFECT_API_URL, else one is started for the run",
    )
    p.add_argument(
        "--dask-address", metavar="tcp://HOST:PORT", help="a running Dask scheduler (default: a LocalCluster)"
    )
    p.add_argument(
        "--dask-workers", type=int, default=2, metavar="N", help="LocalCluster workers (default: 2)"
    )
    p.add_argument(
        "--topics",
        metavar="FILE",
        help="topics file (YAML); default: the sources file's `topics:` key, else topics/beat.yaml",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "export",
        help="export a table as JSON lines, CSV or Parquet",
        description="Export articles, claims, links or contradictions from a read-only "
        "connection. JSON lines and CSV go to stdout when --out is absent.",
    )
    p.add_argument("table", choices=EXPORT_TABLES, help="what to export: " + ", ".join(EXPORT_TABLES))
    p.add_argument("--db", required=True, metavar="PATH", help=_SNAPSHOT_DB_HELP)
    p.add_argument("--live", action="store_true", help=_LIVE_HELP)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--out", metavar="FILE", help="output file (required for parquet; default: stdout)")
    p.add_argument(
        "--topic", metavar="NAME", help="only rows of this topic, e.g. export-controls (topics/beat.yaml)"
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "sql",
        help="run a read-only SQL query and print a table",
        description="Run SQL on a read-only connection to the store's analyst snapshot (its "
        "tables plus the views claim_timeline, first_reported, open_contradictions and "
        "source_health; see README, 'Query the store') and print the result.",
    )
    p.add_argument("--db", required=True, metavar="PATH", help=_SNAPSHOT_DB_HELP)
    p.add_argument("--live", action="store_true", help=_LIVE_HELP)
    p.add_argument("query", help='e.g. "SELECT source, count(*) FROM articles GROUP BY source"')
    p.add_argument("--max-width", type=int, default=60, help="truncate cells to this many characters")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser(
        "db",
        help="database maintenance (migrations)",
        description="Maintain the store: `claimwatch db migrate` applies or lists migrations.",
    )
    dbsub = p.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    m = dbsub.add_parser(
        "migrate",
        help="apply pending migrations, or list them with --list",
        description="Apply the numbered SQL migrations in warehouse/migrations that the "
        "store has not seen yet; --list shows applied and pending ones without changing "
        "anything.",
    )
    m.add_argument("--db", required=True, metavar="PATH", help="DuckDB store")
    m.add_argument("--list", action="store_true", help="only list applied and pending migrations")
    m.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "contradictions",
        help="list flagged contradictions",
        description="List contradictions, highest score first, with both claims and sources.",
    )
    p.add_argument("--db", required=True, metavar="PATH", help="DuckDB store")
    p.add_argument(
        "--status",
        choices=("open", "needs_work", "confirmed", "dismissed", "closed", "all"),
        default="open",
        help="which contradictions to list (default: open)",
    )
    p.add_argument("--limit", type=int, default=50, help="at most this many (default: 50)")
    p.set_defaults(func=cmd_contradictions)

    extract_cmd.add_parser(sub)
    checkworthiness_cmd.add_parser(sub)
    review_cmd.add_parser(sub)
    factchecks_cmd.add_parser(sub)

    p = sub.add_parser("sources", help="source health", description="Per-source health from the run history.")
    ssub = p.add_subparsers(dest="sources_command", metavar="SUBCOMMAND", required=True)
    s = ssub.add_parser(
        "status",
        help="list sources with their health",
        description="Each source's health: 'unhealthy' after its feeds, sitemaps and listing "
        "pages all failed 3 runs in a row, with the last run's article counts.",
    )
    s.add_argument("--db", required=True, metavar="PATH", help="DuckDB store")
    s.set_defaults(func=cmd_sources_status)

    p = sub.add_parser(
        "diff",
        help="what changed between an article's versions, claim by claim",
        description="Print the claims an article changed, removed or added across its versions "
        "(e.g. 'power ratio 2.3 times → 3.9 times') and its correction notices.",
    )
    p.add_argument("article_id", help="article_id (see `claimwatch export articles`) or the article's URL")
    p.add_argument(
        "--db",
        default=settings.current().db,
        metavar="PATH",
        help=f"DuckDB store (default: $CLAIMWATCH_DB or {DEFAULT_DB})",
    )
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "reprocess",
        help="re-extract articles and claims from the archive (no network)",
        description="Re-extract every archived article page (or those fetched since a date), "
        "store changed text as new versions, re-derive claims, then link and compare again. "
        "Nothing is fetched.",
    )
    p.add_argument("--db", required=True, metavar="PATH", help="DuckDB store")
    p.add_argument("--since", metavar="DATE", help="only pages fetched on or after this date (ISO 8601)")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser(
        "demo",
        help="crawl the bundled sample site on 127.0.0.1 and show the contradictions",
        description="Serve the bundled sample site (4 outlets, English and Japanese) on "
        "127.0.0.1, run the daily job into the demo store, and print the report and the open "
        "contradictions. Nothing beyond loopback is contacted.",
    )
    p.add_argument(
        "--db", default=DEFAULT_DEMO_DB, metavar="PATH", help=f"store (default: {DEFAULT_DEMO_DB})"
    )
    p.add_argument("--serve", action="store_true", help="keep serving the sample site after the run")
    p.add_argument(
        "--port",
        type=int,
        default=8642,
        help="port on 127.0.0.1 (default 8642; a fixed port keeps the demo's URLs stable)",
    )
    p.set_defaults(func=cmd_demo)
    return parser


# The exit status of the command line this process was started for, once it returned (None:
# not returned yet, or main() was called in-process with its own argv, as by the tests).
_finished: int | None = None


def _skip_teardown() -> None:
    """The last exit handler (registered first): end the process without the interpreter's
    teardown, which frees every object of Prefect, spaCy and the models one by one: 1.3-4.3 s
    after a run at load 1-5 on the shared 2-core machine, against 0.07-0.17 s (measured
    2026-12-06). Every other exit handler (Prefect's, logging's flush) has run, the streams are
    flushed, and what the command wrote is committed: a run is built to survive a kill at any
    instant (the crash tests), and this is the instant after it finished."""
    if _finished is None:
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a broken pipe: nothing to keep
            stream.flush()
    os._exit(_finished)


def main(argv: list[str] | None = None) -> int:
    global _finished
    own_command_line = argv is None
    if own_command_line:
        atexit.register(_skip_teardown)  # first registered, last run
    code = _main(argv)
    if own_command_line:
        _finished = int(code or 0)
    return code


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings.apply_process_defaults()
    from warehouse.errors import ClaimwatchError

    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ClaimwatchError as exc:
        print(f"claimwatch: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # bad argument values from the libraries (formats, tables, models)
        print(f"claimwatch: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimwatch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
