"""`claimwatch demo`: the daily job on the bundled sample site, served on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path

from flows.localsite import render_sources, serve
from flows.settings import REPO_ROOT

DEMO_DIR = REPO_ROOT / "demo"
# Loopback serves in microseconds: the polite defaults (delay, AutoThrottle) only slow it.
DEMO_CRAWL_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}


# A fixed port keeps the demo's URLs, and so its articles, the same from run to run: a
# second `make demo` is an unchanged rerun (conditional requests, no new rows).
DEMO_PORT = 8642


def _port(preferred: int) -> int:
    """`preferred` when it is free on 127.0.0.1, else 0 (any free port)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server: TIME_WAIT is free
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            print(f"[claimwatch] port {preferred} is busy; serving on a free port (URLs change)")
            return 0
    return preferred


def _program() -> str:
    """How the user invoked us (`.venv/bin/claimwatch` after `make demo`), for copy-paste hints."""
    invoked = Path(sys.argv[0])
    if invoked.name == "claimwatch":
        relative = os.path.relpath(invoked)
        return relative if not relative.startswith("..") else str(invoked)
    return "claimwatch"


def run_demo(db: str, serve_after: bool = False, port: int = DEMO_PORT) -> int:
    """Serve demo/site, run the daily job into `db`, print the report and the contradictions."""
    from cli.report import format_report
    from flows.daily import daily_ingest
    from warehouse.db import connect
    from warehouse.review import list_contradictions

    site, template = DEMO_DIR / "site", DEMO_DIR / "sources.yaml"
    if not site.is_dir() or not template.is_file():
        raise FileNotFoundError(f"the demo site is missing under {DEMO_DIR}")
    with serve(site, port=_port(port)) as (base, _), tempfile.TemporaryDirectory() as tmp:
        print(f"[claimwatch] serving the sample site at {base}")
        sources = render_sources(template, base, Path(tmp) / "sources.yaml")
        report = daily_ingest(sources=str(sources), db=db, crawl_settings=DEMO_CRAWL_SETTINGS)
        print()
        print(format_report(report))
        print()
        print("Open contradictions:")
        with connect(db, read_only=True) as con:
            print(list_contradictions(con, status="open"))
        print()
        prog = _program()
        print(f'Explore: {prog} sql --db {db} "SELECT source, title FROM articles"')
        print(f"         {prog} export claims --db {db} --format jsonl")
        print(f"         {prog} --help")
        if serve_after:
            print(f"Serving {base} until Ctrl-C")
            while True:
                time.sleep(3600)
    return 0
