"""The whole claims stage (load, extract, save) and the topic stage against raw `nlp.pipe`.

bench/nlp.py compares `extract_claims_many` with `nlp.pipe` over the demo paragraphs only: it
leaves out reading the pending versions, the save (which cost ~20 ms an article version, as
much as extracting: issue 16 measured the stage at 3.4x raw spaCy from outside), and its demo
texts are few. Here, on the synthetic beat web of bench/run_cost.py, in one process with the
models loaded, each measured as wall and CPU seconds (the 2-core box is shared: CPU is the
steadier number; the load average is printed with them):
- raw: `nlp.pipe` of the same pipeline without our component over the article texts, and of
  the full installed en_core_web_sm (parser and lemmatizer included);
- stage: pending_versions + extract_claims_many + save_versions in the daily flow's batches,
  into a fresh store;
- topics: score_topics on that store once its claims' and descriptions' vectors are stored.
Goals (issue 16): stage <= 1.15x raw pipe of the same pipeline; topics <= 10% of the stage.
The raw pipe and the stage alternate `--repeat` times and the fastest CPU time of each counts.

    .venv/bin/python -m bench.claims_stage [--articles 300] [--repeat 3] \
        [--profile bench/profiles/claims_stage.txt]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def _clock(call) -> tuple[float, float, object]:
    """(wall, cpu, result) of `call`."""

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    wall, used = time.perf_counter(), cpu()
    result = call()
    return time.perf_counter() - wall, cpu() - used, result


def _store(path: Path, texts: list[str]):
    from warehouse.db import connect

    now = datetime.now(UTC)
    con = connect(path)
    con.executemany(
        "INSERT INTO articles (article_id, url, source, published_at, lang, version, first_seen) "
        "VALUES (?, ?, 'bench', ?, 'en', 1, ?)",
        [[f"a{i:05d}", f"http://127.0.0.1/{i}", now, now] for i in range(len(texts))],
    )
    con.executemany(
        "INSERT INTO article_versions (article_id, version, content_sha1, text, fetch_id, fetched_at) "
        "VALUES (?, 1, ?, ?, 'f', ?)",
        [[f"a{i:05d}", f"h{i}", t, now] for i, t in enumerate(texts)],
    )
    return con


def claims_stage(con, batch: int) -> int:
    """The claims stage as flows/nlp_stage.py runs it, without Prefect: returns new claims."""
    from nlp.claims import extract_claims_many
    from warehouse.claimstore import pending_versions, save_versions

    pending = pending_versions(con)
    new = 0
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        claims = extract_claims_many([(p.text, p.lang, p.published) for p in chunk])
        new += save_versions(con, list(zip(chunk, claims, strict=True))).new
    return new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--profile", type=Path, help="write the stage's cProfile summary here")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="alternate the raw pipe and the stage this many times (each into a fresh store) and "
        "report the fastest of each: one pass moved 1.13x -> 1.25x on the shared box",
    )
    args = parser.parse_args()
    from settings import apply_process_defaults

    apply_process_defaults()
    import spacy

    from bench.run_cost import article_texts, build_site
    from flows.nlp_stage import ARTICLE_BATCH
    from nlp.claims import extract_claims_many
    from nlp.embeddings import embed, model_name
    from nlp.pipeline import build_nlp, model_for
    from nlp.topics import load_topics
    from warehouse.linking import missing_texts, store_vectors
    from warehouse.topicstore import missing_descriptions, score_topics

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_site(tmp / "site", args.articles)
        texts = article_texts(tmp / "site")
        nlp = build_nlp("en")
        full = spacy.load(model_for("en"))
        extract_claims_many([(texts[0], "en")])  # models and caches warm before any clock
        raw_runs, stage_runs, new, con = [], [], 0, None
        for i in range(max(1, args.repeat)):  # alternated, so a busy spell hits both
            with nlp.select_pipes(disable=["claimwatch_figures"]):
                raw_runs.append(_clock(lambda: list(nlp.pipe(texts)))[:2])
            con = _store(tmp / f"stage{i}.duckdb", texts)
            wall, cpu, new = _clock(lambda con=con: claims_stage(con, ARTICLE_BATCH))
            stage_runs.append((wall, cpu))
        rows = [("raw nlp.pipe, same pipeline", *min(raw_runs, key=lambda r: r[1]))]
        rows.append(("raw nlp.pipe, full en_core_web_sm", *_clock(lambda: list(full.pipe(texts)))[:2]))
        fastest = min(stage_runs, key=lambda r: r[1])
        rows.append((f"claims stage (load, extract, save: {new} claims)", *fastest))
        profiler = cProfile.Profile() if args.profile else None
        topics = load_topics()
        pending = missing_texts(con, model_name()) + missing_descriptions(con, topics)
        store_vectors(con, [k for k, _ in pending], embed([t for _, t in pending]), model_name())
        rows.append(("topic stage", *_clock(lambda: score_topics(con, topics, {}))[:2]))
        if profiler is not None:
            again = _store(tmp / "profiled.duckdb", texts)
            profiler.runcall(claims_stage, again, ARTICLE_BATCH)
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(40)
            body = "\n".join(line.rstrip() for line in out.getvalue().splitlines())
            head = (
                f"python -m bench.claims_stage --articles {args.articles} --profile; load {os.getloadavg()}\n"
            )
            args.profile.write_text(head + body.replace(str(Path.cwd()) + "/", "") + "\n", encoding="utf-8")
    raw = rows[0][2]
    print(
        f"{args.articles} synthetic articles, fastest of {max(1, args.repeat)} alternations; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':50} {'wall s':>8} {'cpu s':>8} {'cpu / raw':>10}")
    for label, wall, cpu in rows:
        print(f"{label:50} {wall:8.2f} {cpu:8.2f} {cpu / raw:10.2f}")
    stage_cpu, topics_cpu = rows[2][2], rows[3][2]
    print(f"claims stage / raw pipe: {stage_cpu / raw:.2f}x (goal <= 1.15)")
    print(f"topic stage / claims stage: {topics_cpu / stage_cpu:.1%} (goal <= 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
