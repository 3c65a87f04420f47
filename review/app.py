"""The fact-checkers' review UI: FastAPI routes over Jinja2 templates (autoescaped), no JavaScript.

Routes: GET / (the queue of disputes), GET /disputes/{id}, POST /disputes/{id}/ruling, GET /facts,
GET /facts/{cluster_id}, GET /api/disputes (issue #17); GET /contradictions (the queue of pairs,
the evidence), GET /contradictions/{id}, POST /contradictions/{id}/verdict,
GET /articles/{article_id}/v/{version} (the archived text), GET|POST /login, POST /logout,
GET /api/contradictions (JSON). Pages read the analysts' snapshot with the UI's own verdicts
laid over it; reviewers, sessions and verdicts live in the UI's own store (review/store.py).
The job's file is never opened, so no number of requests can hold the job up.
Security: review/auth.py (sessions, CSRF, sign-in throttle) and `_security_headers` below.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.middleware.trustedhost import TrustedHostMiddleware

import settings
from review import auth
from review.chart import human, timeline_svg
from review.store import SnapshotOutdated, StoreBusy, open_pages, open_ui_store
from warehouse import factreview as facts
from warehouse import review as store
from warehouse.claimreview import (
    claim_review,
    default_base_url,
    default_org,
    dispute_claim_reviews,
    script_json,
)
from warehouse.reviewstore import insert_ruling, insert_verdict, open_review_store
from warehouse.rulings import new_ruling
from warehouse.verdicts import new_verdict

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
PAGE_SIZE = 50
MAX_NOTE = 4000  # characters: a paragraph or two of reasoning, not a pasted article
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# No script at all: even markup that escaped escaping could not run. Styles come from
# /static only; the SVG chart uses presentation attributes.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def default_secret() -> bytes:
    """The CSRF key: from $CLAIMWATCH_REVIEW_SECRET (stable across restarts), else random."""
    configured = settings.current().review_secret
    if configured:
        return hashlib.sha256(configured.encode("utf-8")).digest()
    return secrets.token_bytes(32)


@dataclass
class ReviewConfig:
    """How one server runs.

    Args:
        db: the DuckDB store; the UI reads its snapshot and writes its own store beside it.
        secure_cookies: mark cookies Secure (behind HTTPS); off on plain-http loopback.
        open_reads: pages readable without signing in (the default on loopback).
        secret: the CSRF key; random per server start unless given.
        org: the ClaimReview author; base_url: where the pages are published.
        allowed_hosts: Host headers accepted (DNS-rebinding defence); None = any.
    """

    db: Path
    secure_cookies: bool = False
    open_reads: bool = True
    secret: bytes = field(default_factory=default_secret)
    org: str = field(default_factory=default_org)
    base_url: str = field(default_factory=default_base_url)
    allowed_hosts: list[str] | None = None


@dataclass
class Visit:
    """Who is asking: the session token of the cookie (new when absent) and the reviewer."""

    token: str
    new: bool
    reviewer: str | None
    csrf: str


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC") if value.tzinfo else value.strftime("%Y-%m-%d %H:%M")
    return _day(value)


def segments(text: str, figures: list[dict]) -> list[tuple[str, dict | None]]:
    """The claim text cut at its figures' offsets: (piece, figure or None) in order.

    Offsets outside the text or overlapping an earlier figure are ignored rather than trusted.
    """
    out: list[tuple[str, dict | None]] = []
    pos = 0
    for fig in sorted(figures, key=lambda f: (f["start_char"], f["end_char"])):
        start, end = fig["start_char"], fig["end_char"]
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], fig))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _json_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _entity_names() -> dict[str, str]:
    from core.entities import default_gazetteer

    return {eid: e.name for eid, e in default_gazetteer().entities.items()}


def create_app(config: ReviewConfig) -> FastAPI:
    """The review app for one store."""
    app = FastAPI(title="claimwatch review", docs_url=None, redoc_url=None, openapi_url=None)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: scraped text is always escaped
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(day=_day, when=_when, interval=interval, human=human)
    names = _entity_names()
    env.filters["entity"] = lambda eid: names.get(eid, eid)
    throttle = auth.Throttle()
    with open_review_store(config.db):  # create and migrate the UI's own store once, at start
        pass
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if config.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    def signed_in(token: str | None) -> str | None:
        if not token or len(token) > 128:
            return None
        with open_ui_store(config.db) as ui:
            return auth.session_reviewer(ui, token)

    def visit(request: Request) -> Visit:
        token = request.cookies.get(auth.SESSION_COOKIE)
        new = not token or len(token) > 128
        if new:
            token = auth.new_token()
        reviewer = None if new else signed_in(token)
        return Visit(token, new, reviewer, auth.csrf_token(config.secret, token))

    def set_cookie(response: Response, token: str, signed_in: bool) -> None:
        response.set_cookie(
            auth.SESSION_COOKIE,
            token,
            max_age=auth.SESSION_HOURS * 3600 if signed_in else None,
            path="/",
            httponly=True,
            samesite="lax",
            secure=config.secure_cookies,
        )

    def page(request: Request, v: Visit, template: str, status: int = 200, **context) -> HTMLResponse:
        html = env.get_template(template).render(
            reviewer=v.reviewer, csrf=v.csrf, path=request.url.path, open_reads=config.open_reads, **context
        )
        response = HTMLResponse(html, status_code=status)
        if v.new:
            set_cookie(response, v.token, signed_in=False)
        return response

    def error_page(
        request: Request, status: int, title: str, message: str, v: Visit | None = None
    ) -> Response:
        token = request.cookies.get(auth.SESSION_COOKIE) or ""
        v = v or Visit(token, False, None, auth.csrf_token(config.secret, token) if token else "")
        return page(request, v, "error.html", status=status, title=title, message=message)

    def login_redirect(request: Request) -> RedirectResponse:
        return RedirectResponse("/login?" + urlencode({"next": request.url.path}), status_code=303)

    def reviewer_writing(request: Request, csrf_token: str, action: str) -> str | Response:
        """The signed-in reviewer behind a form that records something, or the error page to
        answer with (an expired form: 403; nobody signed in: 401). `action` ends "Only a
        signed-in reviewer can ..."."""
        token = request.cookies.get(auth.SESSION_COOKIE)
        if not auth.csrf_ok(config.secret, token, csrf_token):
            return error_page(request, 403, "Form expired", "Reload the page and submit the form again.")
        reviewer = signed_in(token)
        if reviewer is None:
            return error_page(request, 401, "Sign in first", f"Only a signed-in reviewer can {action}.")
        return reviewer

    @app.exception_handler(SnapshotOutdated)
    async def _outdated(request: Request, exc: SnapshotOutdated) -> Response:
        log.error("review: %s", exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=503)
        return error_page(request, 503, "Snapshot out of date", str(exc))

    @app.exception_handler(StoreBusy)
    async def _busy(request: Request, exc: StoreBusy) -> Response:
        log.warning("review: store busy on %s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": "5"}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "store busy, retry"}, status_code=503, headers=headers)
        response = error_page(
            request,
            503,
            "Store busy, retry",
            "The review store is busy or no snapshot has been published yet. Nothing was "
            "changed; retry in a few seconds.",
        )
        response.headers.update(headers)
        return response

    @app.get("/", response_class=HTMLResponse)
    def dispute_queue(
        request: Request,
        status: str = "open",
        source: str = "",
        entity: str = "",
        topic: str = "",
        page_no: int = 1,
    ) -> Response:
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        kept = {k: val for k, val in {"source": source, "entity": entity, "topic": topic}.items() if val}
        page_no = max(1, page_no)
        with open_pages(config.db) as con:
            try:
                total, rows = facts.fetch_disputes(
                    con,
                    status,
                    PAGE_SIZE,
                    offset=(page_no - 1) * PAGE_SIZE,
                    source=source or None,
                    entity=entity or None,
                    topic=topic or None,
                )
            except ValueError as exc:
                return error_page(request, 400, "Bad filter", str(exc), v)
            counts = facts.dispute_counts(con)
            options = facts.dispute_filter_options(con)
            pairs = store.status_counts(con)["open"]
        here = {"status": status, **kept}
        return page(
            request,
            v,
            "disputes.html",
            rows=rows,
            total=total,
            counts={**counts, "all": sum(counts.values())},
            tabs={s: "/?" + urlencode({"status": s, **kept}) for s in (*facts.STATES, "all")},
            statuses=(*facts.STATES, "all"),
            options=options,
            f={"status": status, "source": source, "entity": entity, "topic": topic},
            first=(page_no - 1) * PAGE_SIZE + 1,
            pages=_pager("/", here, page_no, total),
            open_pairs=pairs,
        )

    @app.get("/disputes/{dispute_id}", response_class=HTMLResponse)
    def dispute_page(request: Request, dispute_id: str) -> Response:
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        with open_pages(config.db) as con:
            try:
                fact = facts.fetch_dispute(con, dispute_id)
            except store.NotFound as exc:
                return error_page(request, 404, "Not found", str(exc), v)
            chart, points = _fact_chart(con, fact)
        reviews = dispute_claim_reviews(fact, config.org, config.base_url)
        return page(
            request,
            v,
            "fact.html",
            fact=fact,
            d=fact["dispute"],
            chart=chart,
            points=points,
            segments=segments,
            ruling_form=True,
            # script_json escapes <, > and & as \u003c..., so this is safe inside <script>.
            jsonld=Markup(script_json(reviews)) if reviews else None,
        )

    @app.post("/disputes/{dispute_id}/ruling")
    def ruling(
        request: Request,
        dispute_id: str,
        position: str = Form(""),
        note: str = Form(""),
        evidence: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        reviewer = reviewer_writing(request, csrf_token, "rule on a dispute")
        if not isinstance(reviewer, str):
            return reviewer
        if len(note) > MAX_NOTE:
            return error_page(request, 400, "Note too long", f"Keep the note under {MAX_NOTE} characters.")
        with open_pages(config.db) as con:
            ids = facts.position_ids(con, dispute_id)
        if ids is None:
            return error_page(request, 404, "Not found", f"no dispute {dispute_id!r}")
        try:
            row = new_ruling(dispute_id, reviewer, position, ids, note, evidence)
        except ValueError as exc:
            return error_page(request, 400, "Bad ruling", str(exc))
        with open_ui_store(config.db) as ui:
            insert_ruling(ui, row)
        log.info("review: %s ruled %s %s %s", reviewer, dispute_id, row["outcome"], row["position_id"] or "")
        return RedirectResponse(f"/disputes/{dispute_id}#rulings", status_code=303)

    @app.get("/facts", response_class=HTMLResponse)
    def fact_index(request: Request) -> Response:
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        with open_pages(config.db) as con:
            lists = facts.fact_lists(con)
        return page(request, v, "facts.html", lists=lists)

    @app.get("/facts/{cluster_id}", response_class=HTMLResponse)
    def fact_page(request: Request, cluster_id: str) -> Response:
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        with open_pages(config.db) as con:
            try:
                fact = facts.fetch_fact(con, cluster_id)
            except store.NotFound as exc:
                return error_page(request, 404, "Not found", str(exc), v)
            chart, points = _fact_chart(con, fact)
        return page(
            request,
            v,
            "fact.html",
            fact=fact,
            d=fact["dispute"],
            chart=chart,
            points=points,
            segments=segments,
            ruling_form=False,
            jsonld=None,
        )

    @app.get("/api/disputes")
    def api_disputes(
        request: Request, status: str = "open", source: str = "", entity: str = "", topic: str = "",
        limit: int = 100, offset: int = 0,
    ) -> Response:  # fmt: skip
        if not config.open_reads and not signed_in(request.cookies.get(auth.SESSION_COOKIE)):
            return JSONResponse({"error": "sign in first"}, status_code=401)
        with open_pages(config.db) as con:
            try:
                total, rows = facts.fetch_disputes(
                    con, status, limit, offset=offset, source=source or None, entity=entity or None,
                    topic=topic or None,
                )  # fmt: skip
            except ValueError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        for r in rows:
            r["url"] = f"{config.base_url}/disputes/{r['dispute_id']}"
            r["positions"] = [
                {k: p[k] for k in ("position_id", "lower", "upper", "value", "support", "single_source",
                                   "first_source", "first_reported_at", "claim_ids", "sources")}
                for p in r.pop("position_list")
            ]  # fmt: skip
        body = {"status": status, "count": total, "offset": max(0, offset), "disputes": rows}
        return Response(
            json.dumps(body, default=_json_default, ensure_ascii=False), media_type="application/json"
        )

    @app.get("/contradictions", response_class=HTMLResponse)
    def queue(
        request: Request,
        status: str = "open",
        kind: str = "",
        source: str = "",
        entity: str = "",
        topic: str = "",
        page_no: int = 1,
    ) -> Response:
        filters = {"kind": kind or None, "source": source or None, "entity": entity or None}
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        with open_pages(config.db) as con:
            options = store.filter_options(con)
            filters["topic"] = topic or None
            try:
                total = store.count_contradictions(con, status, **filters)
            except ValueError as exc:
                return error_page(request, 400, "Bad filter", str(exc), v)
            page_no = max(1, page_no)
            rows = store.fetch_contradictions(
                con, status, PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE, **filters
            )
            counts = store.status_counts(con)
        kept = {
            k: val
            for k, val in {"kind": kind, "source": source, "entity": entity, "topic": topic}.items()
            if val
        }
        tabs = {s: "/contradictions?" + urlencode({"status": s, **kept}) for s in (*store.STATUSES, "all")}
        pages = _pager("/contradictions", {"status": status, **kept}, page_no, total)
        return page(
            request,
            v,
            "queue.html",
            rows=rows,
            total=total,
            counts={**counts, "all": sum(counts.values())},
            tabs=tabs,
            options=options,
            f={"status": status, "kind": kind, "source": source, "entity": entity, "topic": topic},
            statuses=(*store.STATUSES, "all"),
            first=(page_no - 1) * PAGE_SIZE + 1,
            pages=pages,
        )

    @app.get("/contradictions/{contradiction_id}", response_class=HTMLResponse)
    def detail(request: Request, contradiction_id: str) -> Response:
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        with open_pages(config.db) as con:
            try:
                x = store.fetch_contradiction(con, contradiction_id)
            except store.NotFound as exc:
                return error_page(request, 404, "Not found", str(exc), v)
            cluster = store.cluster_claims(con, x)
            points = store.timeline(con, x["fact_key"])
            history = store.verdict_history(con, contradiction_id)
            review = claim_review(con, x, config.org, config.base_url)
        unit = x["fact_key"].split("|")[-1] if x["fact_key"] else ""
        chart = timeline_svg(points, unit, {x["claim_a"]: "A", x["claim_b"]: "B"})
        return page(
            request,
            v,
            "detail.html",
            x=x,
            sides=[("A", x["a"]), ("B", x["b"])],
            segments=segments,
            cluster=cluster,
            chart=chart,
            points=len(points),
            history=history,
            verdicts=store.VERDICTS,
            # script_json escapes <, > and & as \u003c..., so this is safe inside <script>.
            jsonld=Markup(script_json(review)) if review else None,
        )

    @app.post("/contradictions/{contradiction_id}/verdict")
    def verdict(
        request: Request,
        contradiction_id: str,
        verdict: str = Form(""),
        note: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        reviewer = reviewer_writing(request, csrf_token, "record a verdict")
        if not isinstance(reviewer, str):
            return reviewer
        if verdict not in store.VERDICTS:
            return error_page(request, 400, "Bad verdict", f"Choose one of: {', '.join(store.VERDICTS)}.")
        if len(note) > MAX_NOTE:
            return error_page(request, 400, "Note too long", f"Keep the note under {MAX_NOTE} characters.")
        with open_pages(config.db) as con:  # the status the reviewer saw: snapshot + earlier verdicts
            row = con.execute(
                "SELECT status FROM contradictions WHERE contradiction_id = ?", [contradiction_id]
            ).fetchone()
        if row is None:
            return error_page(request, 404, "Not found", f"no contradiction {contradiction_id!r}")
        with open_ui_store(config.db) as ui:
            insert_verdict(ui, new_verdict(contradiction_id, reviewer, verdict, note, row[0]))
        log.info("review: %s marked %s %s", reviewer, contradiction_id, verdict)
        return RedirectResponse(f"/contradictions/{contradiction_id}#verdicts", status_code=303)

    @app.get("/articles/{article_id}/v/{version}", response_class=HTMLResponse)
    def article(request: Request, article_id: str, version: int, claim: str = "") -> Response:
        v = visit(request)
        if not config.open_reads and not v.reviewer:
            return login_redirect(request)
        with open_pages(config.db) as con:
            row = con.execute(
                """SELECT a.title, a.source, a.url, a.published_at, v.text, v.fetched_at, v.title
                   FROM article_versions v JOIN articles a ON a.article_id = v.article_id
                   WHERE v.article_id = ? AND v.version = ?""",
                [article_id, version],
            ).fetchone()
            if row is None:
                return error_page(
                    request, 404, "Not found", f"no version {version} of article {article_id!r}", v
                )
            versions = [
                r[0]
                for r in con.execute(
                    "SELECT version FROM article_versions WHERE article_id = ? ORDER BY 1", [article_id]
                ).fetchall()
            ]
            span = con.execute(
                """SELECT start_char, end_char FROM claims
                   WHERE claim_id = ? AND article_id = ? AND version = ?""",
                [claim, article_id, version],
            ).fetchone()
        title, source, url, published, text, fetched, version_title = row
        parts = [(text, False)]
        if span and 0 <= span[0] < span[1] <= len(text):
            parts = [(text[: span[0]], False), (text[span[0] : span[1]], True), (text[span[1] :], False)]
        return page(
            request,
            v,
            "article.html",
            article_id=article_id,
            version=version,
            versions=versions,
            title=version_title or title,
            source=source,
            url=url,
            published=published,
            fetched=fetched,
            parts=parts,
        )

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> Response:
        v = visit(request)
        return page(request, v, "login.html", next=_safe_next(next), error=None, username="")

    @app.post("/login")
    def login(
        request: Request,
        username: str = Form(""),
        password: str = Form(""),
        csrf_token: str = Form(""),
        next: str = Form("/"),
    ) -> Response:
        token = request.cookies.get(auth.SESSION_COOKIE)
        if not auth.csrf_ok(config.secret, token, csrf_token):
            return error_page(request, 403, "Form expired", "Reload the sign-in page and try again.")
        v = Visit(token, False, None, auth.csrf_token(config.secret, token))
        context = {"next": _safe_next(next), "username": username}
        address = request.client.host if request.client else ""
        if not throttle.attempt(username, address):  # counted before the password is checked
            return page(request, v, "login.html", 429, error="Too many attempts: wait a minute.", **context)
        with open_ui_store(config.db) as ui:
            stored = auth.stored_hash(ui, username)
        reviewer = auth.verify_reviewer(stored, username, password)  # scrypt with no store open
        if reviewer is None:
            return page(request, v, "login.html", 401, error="Wrong name or password.", **context)
        throttle.succeeded(username, address)
        fresh = auth.new_token()  # a new token at sign-in: a planted cookie never becomes a session
        with open_ui_store(config.db) as ui:
            auth.start_session(ui, reviewer, fresh)
        response = RedirectResponse(_safe_next(next), status_code=303)
        set_cookie(response, fresh, signed_in=True)
        return response

    @app.post("/logout")
    def logout(request: Request, csrf_token: str = Form("")) -> Response:
        token = request.cookies.get(auth.SESSION_COOKIE)
        if not auth.csrf_ok(config.secret, token, csrf_token):
            return error_page(request, 403, "Form expired", "Reload the page and sign out again.")
        with open_ui_store(config.db) as ui:
            auth.end_session(ui, token)
        response = RedirectResponse("/", status_code=303)
        set_cookie(response, auth.new_token(), signed_in=False)
        return response

    @app.get("/api/contradictions")
    def api(
        request: Request,
        status: str = "open",
        kind: str = "",
        source: str = "",
        entity: str = "",
        topic: str = "",
        limit: int = 100,
        offset: int = 0,
    ) -> Response:
        filters = {
            "kind": kind or None,
            "source": source or None,
            "entity": entity or None,
            "topic": topic or None,
        }
        if not config.open_reads and not signed_in(request.cookies.get(auth.SESSION_COOKIE)):
            return JSONResponse({"error": "sign in first"}, status_code=401)
        with open_pages(config.db) as con:
            try:
                total = store.count_contradictions(con, status, **filters)
            except ValueError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            rows = store.fetch_contradictions(con, status, limit, offset=offset, **filters)
        for r in rows:
            r["url"] = f"{config.base_url}/contradictions/{r['contradiction_id']}"
        body = {"status": status, "count": total, "offset": max(0, offset), "contradictions": rows}
        return Response(
            json.dumps(body, default=_json_default, ensure_ascii=False), media_type="application/json"
        )

    return app


def _pager(path: str, here: dict, page_no: int, total: int) -> dict:
    """Links to the previous and next page of a queue (None at either end)."""
    return {
        "prev": f"{path}?" + urlencode({**here, "page_no": page_no - 1}) if page_no > 1 else None,
        "next": f"{path}?" + urlencode({**here, "page_no": page_no + 1})
        if page_no * PAGE_SIZE < total
        else None,
    }


def _fact_chart(con, fact: dict) -> tuple[Markup, int]:
    """The timeline of a fact's figures in its positions, one colour per position."""
    series = {}
    for p in fact["position_list"]:
        for claim_id in p["claim_ids"]:
            series.setdefault(
                claim_id, f"{p['label']} {interval(p['lower'], p['upper'], fact['unit'] or '')}"
            )
    points = [pt for pt in store.timeline(con, fact["fact_key"]) if pt["claim_id"] in series]
    return timeline_svg(points, fact["unit"] or "", series=series), len(points)


def interval(lower: float | None, upper: float | None, unit: str) -> str:
    """A position's interval for people: "1.2bn USD", "360m–440m USD", "≥ 1bn USD", "any"."""
    if lower is None and upper is None:
        return "any"
    if lower is None:
        return f"≤ {human(upper, unit)}"
    if upper is None:
        return f"≥ {human(lower, unit)}"
    if lower == upper:
        return human(lower, unit)
    low, high = human(lower, unit), human(upper, unit)
    suffix = f" {unit}" if unit and low.endswith(f" {unit}") and high.endswith(f" {unit}") else ""
    return f"{low.removesuffix(suffix)}–{high}" if suffix else f"{low}–{high}"


def _safe_next(target: str) -> str:
    """Only a path on this site: '/x' yes, '//evil.example' or 'https://…' no (open redirect)."""
    parts = urlsplit(target or "/")
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/"
    return target
