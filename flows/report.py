"""The run report as a person reads it: the one formatter of `warehouse.runs.RunReport`
(`claimwatch run`, `claimwatch reprocess`, the demo and the Prefect report artifact); it lives with
the flows that fill the report, so the CLI imports it downwards and flows/ never imports cli/."""

from __future__ import annotations

from warehouse.runs import RunReport


def _topic_lines(topics: dict | None) -> list[str]:
    """Issue #8: article versions on and off the beat, and the new claims per best topic."""
    if not topics:
        return []
    per = ", ".join(f"{name} {n}" for name, n in topics["by_topic"].items()) or "none"
    return [
        f"  topics          {topics['articles']} article versions scored: {topics['on_beat']} on the beat, "
        f"{topics['off_beat']} off-beat (stored, claims not linked)",
        f"  by topic        {per} (new claims; {topics['claims_off_beat']} off-beat)",
    ]


def _article_lines(report: RunReport) -> list[str]:
    a = report.articles
    lines = [
        f"  articles        {a['new']} new, {a['updated']} updated, {a['unchanged']} unchanged, "
        f"{a['failed']} failed, {a['duplicates']} marked duplicate",
    ]
    if a.get("not_modified") or a.get("skipped"):
        lines.append(
            f"  fetches         {a.get('not_modified', 0)} not modified (304 or same bytes; feeds too), "
            f"{a.get('skipped', 0)} skipped (robots.txt, too large, not HTML)"
        )
    crawl_failed = sorted(name for name, c in (report.crawl or {}).items() if not c.get("ok"))
    if crawl_failed:
        lines.append(
            f"  CRAWL FAILED    {', '.join(crawl_failed)} (after 3 retries; runs.report has the errors)"
        )
    if a["failed_by_source"]:
        per = ", ".join(f"{s}: {n}" for s, n in sorted(a["failed_by_source"].items()))
        lines.append(f"  failed by source {per}")
    if report.unhealthy_sources:
        lines.append(
            f"  UNHEALTHY       {', '.join(report.unhealthy_sources)}: discovery failed 3 runs in a row "
            "(claimwatch sources status)"
        )
    if a.get("bad_items"):
        lines.append(f"  bad crawl items {a['bad_items']} (see the log)")
    return lines


def _dispute_lines(disputes: dict | None) -> list[str]:
    """The dispute stage's line (issue 17); none for a report made before it existed."""
    if not disputes:
        return []
    return [
        f"  disputes        {disputes['disputes']} in {disputes['facts']} facts "
        f"({disputes['touched']} clusters recomputed)"
    ]


def format_report(report: RunReport) -> str:
    """The run report as text, one line per stage."""
    t, claims, links = report.totals, report.claims, report.links
    recall = links.get("ann_recall")
    lines = [
        f"claimwatch run {report.run_id}: {report.sources} sources -> {report.db}",
        *_article_lines(report),
        f"  claims          {claims['new']} new from {claims['versions']} article versions"
        + (f", {claims['failed']} versions failed" if claims["failed"] else ""),
        *_topic_lines(report.topics),
        f"  embeddings      {links['embedded']} computed",
        f"  links           {links['new']} new ({links['compared']} claims compared"
        + (f"; ANN recall@10 {recall:.3f})" if recall is not None else ")"),
        *_dispute_lines(report.disputes),
        f"  contradictions  {report.contradictions['new']} new",
        f"  in store        {t['articles']} articles, {t['claims']} current claims, {t['links']} links, "
        f"{t['clusters']} clusters, {t['contradictions_open']} open contradictions",
        "  seconds         " + ", ".join(f"{stage} {secs:.1f}" for stage, secs in report.seconds.items()),
    ]
    if report.skipped:
        lines.append(f"  nothing to do   {', '.join(report.skipped)} (store not opened for them)")
    return "\n".join(lines)
