"""A stand-in news site on 127.0.0.1, for tests that fetch pages with the real HTTP client.

Routes (``site.url + path``):

- ``/page/<name>``: a fixture page of ``tests/data/web`` (``text/html``, with the
  charset the fixture declares in its own markup only, as many servers do)
- ``/charset/<name>``: the same page with ``charset=windows-1252`` in the header
- ``/gzip/<name>``: the page gzip-compressed (``Content-Encoding: gzip``)
- ``/moved/<name>``: 301 to ``/page/<name>``
- ``/missing``: 404
- ``/flaky/<name>``: 500 on the first request, then the page
- ``/busy/<name>``: 429 with ``Retry-After: 1`` on the first request, then the page
- ``/slow``: answers after ``slow_s`` seconds
- ``/huge``: a page of ``huge_bytes`` bytes, without Content-Length
- ``/pdf``: a PDF
- ``/empty``: a page with no article in it
- ``/feed/<name>``: a feed of ``FEEDS`` (RSS 2.0, RSS 1.0, Atom, a malformed one), with an
  ETag: a request that sends it back (``If-None-Match``) gets 304 Not Modified
- ``/moved-feed``: 301 to ``/feed/rss1.xml``
- ``/home``: a page whose ``<link rel="alternate">`` names ``/feed/rss2.xml``

Every request is recorded in ``site.requests`` (method, path, headers).
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from helpers import DATA_DIR

PAGES = DATA_DIR / "web"


class QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (a refused PDF, a page over the cap) is no server error."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class NewsSite:
    def __init__(self, pages: Path = PAGES, slow_s: float = 3.0, huge_bytes: int = 200_000) -> None:
        self.pages, self.slow_s, self.huge_bytes = pages, slow_s, huge_bytes
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._seen: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                site.requests.append(("GET", self.path, dict(self.headers)))
                site.answer(self)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]

    def _first(self, path: str) -> bool:
        first = path not in self._seen
        self._seen.add(path)
        return first

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        kind, _, name = path.strip("/").partition("/")
        page = (self.pages / name).read_bytes() if name and (self.pages / name).is_file() else None
        html = "text/html"
        if kind == "page" and page is not None:
            self.send(handler, 200, page, html)
        elif kind == "charset" and page is not None:
            self.send(handler, 200, page, "text/html; charset=windows-1252")
        elif kind == "gzip" and page is not None:
            self.send(handler, 200, gzip.compress(page), html, {"Content-Encoding": "gzip"})
        elif kind == "moved" and page is not None:
            self.send(handler, 301, b"", html, {"Location": f"/page/{name}"})
        elif kind == "flaky" and page is not None:
            if self._first(path):
                self.send(handler, 500, b"oops", "text/plain")
            else:
                self.send(handler, 200, page, html)
        elif kind == "busy" and page is not None:
            if self._first(path):
                self.send(handler, 429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self.send(handler, 200, page, html)
        elif kind == "slow":
            time.sleep(self.slow_s)
            self.send(handler, 200, b"<html><body><p>late</p></body></html>", html)
        elif kind == "huge":
            handler.send_response(200)
            handler.send_header("Content-Type", html)
            handler.send_header("Connection", "close")
            handler.end_headers()
            chunk = b"<p>" + b"x" * 1020 + b"</p>"
            try:
                for _ in range(self.huge_bytes // len(chunk) + 1):
                    handler.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            handler.close_connection = True
        elif kind == "pdf":
            self.send(handler, 200, b"%PDF-1.7\n...", "application/pdf")
        elif kind == "feed" and name in FEEDS:
            etag = f'"{name}-v1"'
            if handler.headers.get("If-None-Match") == etag:
                self.send(handler, 304, b"", "application/rss+xml", {"ETag": etag})
            else:
                body = FEEDS[name].replace("SITE", self.url).encode("utf-8")
                self.send(handler, 200, body, FEED_TYPES[name], {"ETag": etag})
        elif kind == "moved-feed":
            self.send(handler, 301, b"", "text/html", {"Location": "/feed/rss1.xml"})
        elif kind == "home":
            page = b'<html><head><link rel="alternate" type="application/rss+xml" '
            page += b'href="/feed/rss2.xml"></head><body><p>Beranda</p></body></html>'
            self.send(handler, 200, page, "text/html; charset=utf-8")
        elif kind == "empty":
            self.send(handler, 200, b"<html><body><nav>Home</nav></body></html>", html)
        else:
            self.send(handler, 404, b"not found", "text/plain")

    @staticmethod
    def send(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


# The same story (kompas.html) is in the RSS 2.0 and the Atom feed: one article.
FEEDS = {
    "rss2.xml": """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Berita Utama</title><link>SITE/</link>
<item><title>Banjir Rendam 45 RT</title><link>SITE/page/detik.html</link>
<guid isPermaLink="false">detik-8312457</guid>
<pubDate>Wed, 14 Jan 2026 08:00:00 +0700</pubDate></item>
<item><title>HET Beras Naik</title><link>SITE/page/kompas.html</link>
<guid>SITE/page/kompas.html</guid><pubDate>Thu, 19 Feb 2026 14:35:00 +0700</pubDate></item>
</channel></rss>""",
    "atom.xml": """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Olahraga dan Ekonomi</title>
<entry><title>Timnas Tekuk Vietnam</title><link href="SITE/page/cnnindonesia.html"/>
<id>tag:cnn,2026:1318842</id><updated>2026-03-26T21:45:00+07:00</updated></entry>
<entry><title>HET Beras Naik</title><link href="SITE/page/kompas.html"/>
<id>tag:kompas,2026:143512326</id><updated>2026-02-19T14:35:00+07:00</updated></entry>
</feed>""",
    "rss1.xml": """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="SITE/"><title>Politik</title><link>SITE/</link>
<items><rdf:Seq><rdf:li rdf:resource="SITE/page/tempo.html"/></rdf:Seq></items></channel>
<item rdf:about="SITE/page/tempo.html"><title>Debat Pilkada</title>
<link>SITE/page/tempo.html</link></item>
</rdf:RDF>""",
    "dead-item.xml": """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Nusantara</title>
<item><title>Hilang</title><link>SITE/missing</link></item>
<item><title>Lewotobi</title><link>SITE/page/antara.html</link></item>
</channel></rss>""",
    "broken.xml": "<rss><channel><title>Rusak</title><item><title>tanpa penutup",
}
FEED_TYPES = {
    "rss2.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "rss1.xml": "application/rdf+xml",
    "dead-item.xml": "text/xml",
    "broken.xml": "application/rss+xml",
}
