"""`claimwatch demo`: the daily job on the bundled sample site, served on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path

from demo.localsite import render_sources, serve

DEMO_DIR = Path(__file__).resolve().parent  # this package holds the site and its sources template
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


def _number(x: float | None, unit: str) -> str:
    if x is None:
        return "∞"
    text = f"{x / 1e9:.3g}bn" if abs(x) >= 1e9 else f"{x / 1e6:.3g}m" if abs(x) >= 1e6 else f"{x:.4g}"
    return {"USD": f"${text}", "x": f"{text}x", "%": f"{text}%"}.get(unit, f"{text} {unit}")


def format_disputes(con) -> str:
    """The disputes (export disputes, queue order), each position with its interval, its
    claims' outlets and figures, its independent support and whether it rests on one origin."""
    from warehouse.export import rows

    said: dict[str, list[str]] = {}
    for position_id, source, surface in con.execute(
        """SELECT pc.position_id, a.source, f.surface FROM position_claims pc
           JOIN figures f ON f.claim_id = pc.claim_id AND f.idx = pc.idx
           JOIN claims c ON c.claim_id = pc.claim_id JOIN articles a ON a.article_id = c.article_id
           ORDER BY a.source, f.surface"""
    ).fetchall():
        said.setdefault(position_id, []).append(f'{source} "{surface}"')
    lines = []
    for n, d in enumerate(rows(con, "disputes"), 1):
        ruled = f", ruled: {d['ruling'] or 'no position supported'}" if d["status"] == "ruled" else ""
        lines.append(
            f"{n}. {d['subject']} {d['measure']} ({d['unit']}) — {len(d['positions'])} positions, "
            f"score {d['score']:.2f}, {d['status']}{ruled}  [dispute {d['dispute_id']}]"
        )
        for p in d["positions"]:
            flag = ", SINGLE-SOURCE" if p["single_source"] else ""
            lines.append(
                f"   [{_number(p['lower'], d['unit'])}, {_number(p['upper'], d['unit'])}]  "
                f"independent support {p['independent_support']}{flag}; "
                f"first {p['first_source']} {(p['first_reported_at'] or '')[:10]}"
            )
            lines.append(f"      {'; '.join(said.get(p['position_id'], []))}")
            lines.append(f"      origins: {', '.join(p['origins'])}")
    return "\n".join(lines) if lines else "(none)"


def run_demo(db: str, serve_after: bool = False, port: int = DEMO_PORT) -> int:
    """Serve demo/site, run the daily job into `db`, print the report and the disputes."""
    from flows.daily import daily_ingest
    from flows.report import format_report
    from warehouse.db import connect

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
        print("Disputes (facts whose reports disagree; the pairwise contradictions are their evidence):")
        with connect(db, read_only=True) as con:
            print(format_disputes(con))
        print()
        prog = _program()
        print(f'Explore: {prog} sql --db {db} "SELECT source, title FROM articles"')
        print(f"         {prog} export disputes --db {db} --format jsonl")
        print(f'         {prog} sql --db {db} "SELECT * FROM facts ORDER BY disputed DESC"')
        print(f"         {prog} --help")
        if serve_after:
            print(f"Serving {base} until Ctrl-C")
            while True:
                time.sleep(3600)
    return 0
