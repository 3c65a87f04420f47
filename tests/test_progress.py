"""`claimwatch run` progress: plain lines when stdout is not a terminal, bars when it is."""

from __future__ import annotations

from flows import progress


def test_run_without_a_terminal_prints_a_line_per_stage_then_the_report(crawled_db):
    _, proc = crawled_db
    lines = proc.stdout.splitlines()
    for stage in ("crawl", "load", "claims", "embed", "link", "contradictions"):
        assert any(line.startswith(f"[claimwatch] {stage}: ") for line in lines), stage
    assert "[claimwatch] crawl: 3 ok, 0 failed" in proc.stdout
    report = proc.stdout[proc.stdout.index("claimwatch run ") :]
    assert "\n  seconds " in report
    assert "[claimwatch]" not in report  # the report comes last


def test_terminal_shows_a_bar_per_stage(capsys):
    with progress.terminal(enabled=True):
        progress.stage("claims", 4, "article versions")
        progress.advance("claims", 4, "9 claims")
        progress.done("claims", "9 new from 4 article versions", 1.5)
        progress.done("link", "3 new links", 0.2)  # a stage without a bar gets its line
    out = capsys.readouterr().out
    assert "4/4" in out
    assert "9 new from 4 article versions" in out
    assert "3 new links" in out
    assert "[claimwatch]" not in out  # bars, not log lines


def test_plain_lines_count_up(capsys):
    progress.stage("embed", 10, "claim texts")
    progress.advance("embed", 4, "4 vectors")
    progress.done("embed", "10 computed", 2.0)
    assert capsys.readouterr().out.splitlines() == [
        "[claimwatch] embed: 10 claim texts",
        "[claimwatch] embed: 4/10 4 vectors",
        "[claimwatch] embed: 10 computed (2.0 s)",
    ]
