"""A loopback site that behaves like the real web at its worst (issue #15).

Routes are a dict path -> handler result, so a test can change them between runs. Every
server logs every request as (Host header, path), so a test can prove that a refused
URL was never asked for. Servers bind loopback addresses only: 127.0.0.1 (the source),
127.0.0.2 and ::1 (internal hosts that are not the source's own).
"""

from __future__ import annotations

import socket
import threading
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# A route answers (status, headers, body); "hang" starts a body that never ends.
Route = tuple[int, dict[str, str], bytes] | str


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung response must not keep the test process alive
    block_on_close = False


class _V6Server(_Server):
    address_family = socket.AF_INET6


@dataclass
class HostileServer:
    host: str
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)  # (Host header, path)

    def start(self) -> HostileServer:
        self.stopping = threading.Event()
        cls = _V6Server if ":" in self.host else _Server
        self.server = cls((self.host, 0), self._handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def paths(self) -> list[str]:
        return [path for _, path in self.log]

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                site.log.append((self.headers.get("Host", ""), path))
                route = site.routes.get(path)
                if route is None:
                    route = (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")
                if route == "hang":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self.wfile.write(b"<html><body><p>")
                    self.wfile.flush()
                    site.stopping.wait(120)  # never finishes sending while the test runs
                    return
                status, headers, body = route  # type: ignore[misc]
                etag = f'"{zlib.crc32(body):08x}"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if status == 200:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def redirect(status: int, location: str) -> Route:
    return (status, {"Location": location, "Content-Type": "text/html"}, b"moved")


def html(body: str) -> Route:
    return (200, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8"))


def xml(body: str) -> Route:
    return (200, {"Content-Type": "application/xml"}, body.encode("utf-8"))


def text(body: str) -> Route:
    return (200, {"Content-Type": "text/plain"}, body.encode("utf-8"))


def article(title: str, *paragraphs: str, date: str = "2025-07-28") -> Route:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return html(
        f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "{date}T09:00:00+00:00", "author": {{"name": "Test Writer"}}}}</script></head>
<body><nav>Home World Tech</nav><article><h1>{title}</h1>{body}</article>
<footer>Footer text</footer></body></html>"""
    )


def rss(*links: str, stamps: dict[str, str] | None = None) -> Route:
    items = "".join(
        f"<item><title>{n}</title><link>{link}</link>"
        f"<pubDate>{(stamps or {}).get(link, 'Mon, 28 Jul 2025 09:00:00 +0000')}</pubDate></item>"
        for n, link in enumerate(links)
    )
    return xml(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>')


def urlset(entries: dict[str, str]) -> Route:
    """A sitemap of url -> lastmod."""
    urls = "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>" for u, m in entries.items())
    return xml(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def sitemap_index(*children: str) -> Route:
    body = "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
    return xml(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{body}</sitemapindex>"
    )
