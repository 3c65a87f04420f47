"""`claimwatch review serve|add-user`: the fact-checkers' review UI and its reviewers.

Wired into cli/main.py with `add_parser(sub)`; FastAPI, uvicorn and DuckDB are imported only
when a command runs, so `claimwatch --help` stays instant.
"""

from __future__ import annotations

import argparse
import sys

import settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `review` command (serve, add-user) to the CLI's subparsers."""
    p = sub.add_parser(
        "review",
        help="the fact-checkers' review UI (serve) and its reviewers (add-user)",
        description="Serve the review UI where reviewers confirm or dismiss contradictions, or "
        "create a reviewer. The UI reads the analysts' snapshot and keeps reviewers, sessions and "
        "an append-only table of verdicts in its own store (X.review.sqlite3 beside X.duckdb); "
        "the daily job copies the verdicts into the store at the start of each run.",
    )
    rsub = p.add_subparsers(
        dest="review_command", metavar="SUBCOMMAND", required=True, help="serve or add-user"
    )

    s = rsub.add_parser(
        "serve",
        help="serve the review UI (reads open on loopback, writes need a signed-in reviewer)",
        description="Serve the review UI over HTTP. Pages read the snapshot the daily job "
        "publishes after each run (X.snapshot.duckdb), never the job's file, so the job runs "
        "alongside whatever the UI is asked; until a first snapshot exists pages answer 503 "
        "'store busy, retry'. On a non-loopback host every page needs a signed-in reviewer; put "
        "HTTPS in front and pass --secure-cookies.",
    )
    s.add_argument(
        "--db", required=True, metavar="PATH", help="DuckDB store (its snapshot is read; never opened itself)"
    )
    s.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    s.add_argument(
        "--secure-cookies",
        action="store_true",
        help="mark the session cookie Secure (only behind HTTPS; off by default on plain-http loopback)",
    )
    s.add_argument(
        "--public-url",
        metavar="URL",
        help="base URL of the published review pages, used in ClaimReview 'url' "
        "(default: $CLAIMWATCH_REVIEW_URL or http://HOST:PORT)",
    )
    s.set_defaults(func=cmd_serve)

    a = rsub.add_parser(
        "add-user",
        help="create a reviewer and print a one-time password",
        description="Create a reviewer and print a random password once; only its salted scrypt "
        "hash is stored. --reset gives an existing reviewer a new password and signs them out.",
    )
    a.add_argument("name", help="reviewer name: 1-40 letters, digits, '.', '_' or '-'")
    # `claimwatch review add-user NAME` as the issue writes it: the store defaults like `diff`'s.
    default_db = settings.current().db
    a.add_argument(
        "--db",
        default=default_db,
        metavar="PATH",
        help="DuckDB store whose review UI gets the reviewer; the UI's store X.review.sqlite3 is "
        "created if missing (default: $CLAIMWATCH_DB or data/claimwatch.duckdb)",
    )
    a.add_argument("--reset", action="store_true", help="give an existing reviewer a new password")
    a.set_defaults(func=cmd_add_user)
    return p


def _import_reviewers(db: str) -> None:
    """Once, when the UI's own store is new: copy reviewers a store of before issue #14 holds.

    The only time a review command opens the job's file, read-only and without waiting: a
    store busy with a run is skipped with a note (add-user --reset can re-create a reviewer)."""
    from pathlib import Path

    from warehouse.db import connect
    from warehouse.errors import DatabaseError
    from warehouse.reviewstore import open_review_store, review_store_path, ts

    if review_store_path(db).exists() or not Path(db).exists():
        return
    try:
        with connect(db, read_only=True, lock_wait=0, check_version=False) as con:  # a pre-#14 store
            tables = {
                r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            }
            rows = con.execute("SELECT * FROM reviewers").fetchall() if "reviewers" in tables else []
    except DatabaseError as exc:
        print(f"claimwatch: note: reviewers of {db} not imported ({exc})", file=sys.stderr)
        rows = []
    with open_review_store(db) as ui:
        for name, stored, created in rows:
            ui.execute("INSERT OR IGNORE INTO reviewers VALUES (?, ?, ?)", [name, stored, ts(created)])


def cmd_add_user(args: argparse.Namespace) -> int:
    from review.auth import AuthError, add_reviewer
    from warehouse.errors import DatabaseError
    from warehouse.reviewstore import open_review_store

    _import_reviewers(args.db)
    with open_review_store(args.db) as ui:
        try:
            name, password = add_reviewer(ui, args.name, reset=args.reset)
        except AuthError as exc:
            raise DatabaseError(str(exc)) from None
    what = "new password" if args.reset else "created"
    print(f"reviewer {name} {what}; one-time password (shown once, only its salted hash is stored):")
    print(password)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    import uvicorn

    from review.app import ReviewConfig, create_app, is_loopback
    from warehouse.errors import DatabaseError
    from warehouse.sandbox import open_attached
    from warehouse.snapshot import snapshot_paths

    snapshot = snapshot_paths(args.db).duckdb
    if not snapshot.exists():
        raise DatabaseError(
            f"no snapshot at {snapshot}: `claimwatch run` (or `claimwatch demo`) publishes it"
        )
    open_attached(snapshot).close()  # refuses, at start, a snapshot older or newer than the code
    _import_reviewers(args.db)
    loopback = is_loopback(args.host)
    host_name = f"[{args.host}]" if ":" in args.host else args.host
    public = args.public_url or settings.current().review_url or f"http://{host_name}:{args.port}"
    allowed = None
    if loopback:  # a page elsewhere cannot DNS-rebind its own name onto this server
        allowed = ["127.0.0.1", "localhost", "::1", "[::1]", args.host]
    config = ReviewConfig(
        db=Path(args.db),
        secure_cookies=args.secure_cookies,
        open_reads=loopback,
        base_url=public.rstrip("/"),
        allowed_hosts=allowed,
    )
    if not loopback:
        print(
            f"review: {args.host} is not loopback: every page needs a signed-in reviewer; "
            "serve it behind HTTPS with --secure-cookies",
            file=sys.stderr,
        )
    print(f"review UI on http://{host_name}:{args.port}/ (store {args.db}); Ctrl-C stops", file=sys.stderr)
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
