"""A static site on 127.0.0.1 for the demo and the tests (nothing beyond loopback).

Files are served from a folder with `{{BASE}}` replaced by the server's own address, so
feeds and canonical links can be written once. Paths containing `error-500` answer 500.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

PLACEHOLDER = b"{{BASE}}"
_TYPES = {
    ".html": "text/html",  # no charset: pages declare theirs (Shift_JIS ones too)
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
}


def _handler(root: Path, base: str, hits: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlparse(self.path).path)
            hits.append(path)
            if "error-500" in path:
                self._send(500, b"<h1>Internal Server Error</h1>", "text/html")
                return
            target = (root / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root) or not target.is_file():
                self._send(404, b"<h1>Not Found</h1>", "text/html")
                return
            body = target.read_bytes().replace(PLACEHOLDER, base.encode("ascii"))
            # Validators like a real news CMS: conditional requests get a 304 and no body.
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            validators = {"ETag": etag, "Last-Modified": formatdate(target.stat().st_mtime, usegmt=True)}
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", None, validators)
                return
            self._send(200, body, _TYPES.get(target.suffix, "application/octet-stream"), validators)

        def _send(
            self, status: int, body: bytes, content_type: str | None, headers: dict | None = None
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the crawl logs its own requests

    return Handler


@contextmanager
def serve(root: str | Path, port: int = 0) -> Iterator[tuple[str, list[str]]]:
    """Serve `root` on 127.0.0.1 in a thread; yields (base URL, list of requested paths)."""
    root = Path(root).resolve()
    server = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    hits: list[str] = []
    server.RequestHandlerClass = _handler(root, base, hits)
    thread = threading.Thread(target=server.serve_forever, name="claimwatch-localsite", daemon=True)
    thread.start()
    try:
        yield base, hits
    finally:
        server.shutdown()
        server.server_close()


def render_sources(template: str | Path, base: str, out: str | Path) -> Path:
    """Write a sources file with `{{BASE}}` replaced by the served address."""
    text = Path(template).read_text(encoding="utf-8").replace(PLACEHOLDER.decode(), base)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
