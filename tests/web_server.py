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

Every request is recorded in ``site.requests`` (method, path, headers).
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from helpers import DATA_DIR

PAGES = DATA_DIR / "web"


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

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
