"""Getting a page over HTTP, politely and within bounds.

httpx does the HTTP (redirects, gzip, timeouts); this module adds what a
news reader needs around it: a User-Agent that names bireader, a size cap
(checked while the body arrives, after decompression), a content-type check
so that a PDF or an image is refused with one line instead of read as a page,
and a few retries with back-off when a server is overloaded (5xx, 429, with
its Retry-After) or the connection fails.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"bireader/{__version__} (offline Indonesian news reader; python-httpx)"
MAX_BYTES = 8 * 1024 * 1024  # news pages are well below; a cap keeps a bad URL from filling memory
TIMEOUT_S = 20.0
RETRIES = 3  # after the first try
BACKOFF_S = 1.0  # doubled after each retry
MAX_WAIT_S = 60.0  # the longest Retry-After honoured; a longer one counts as a failure
HTML_TYPES = ("text/html", "application/xhtml+xml")
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL that could not be fetched; the message is one line naming it and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # the media type alone, lower case
    charset: str | None  # from the Content-Type header
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    fetched: float = 0.0  # time.time() when it arrived
    moved: bool = False  # every redirect on the way was permanent (301, 308)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] = HTML_TYPES,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_BYTES,
    retries: int = RETRIES,
    backoff: float = BACKOFF_S,
    headers: dict[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Fetched:
    """GET a URL; FetchError with a one-line reason when it cannot be had.

    ``accept`` lists the media types wanted; ``headers`` adds request headers
    (``If-None-Match`` for a conditional GET: a 304 comes back as is).
    """
    import httpx

    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join([*accept, "*/*;q=0.1"]),
        **(headers or {}),
    }
    wait = backoff
    with httpx.Client(
        follow_redirects=True, timeout=httpx.Timeout(timeout), headers=request_headers
    ) as client:
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                return _get(client, url, accept, max_bytes)
            except _Retry as retry:
                if last or (retry.after is not None and retry.after > MAX_WAIT_S):
                    raise FetchError(url, retry.reason) from None
                sleep(retry.after if retry.after is not None else wait)
            except httpx.TimeoutException:
                if last:
                    raise FetchError(url, f"no answer within {timeout:g} s (timed out)") from None
                sleep(wait)
            except httpx.TooManyRedirects:
                raise FetchError(url, "too many redirects") from None
            except httpx.InvalidURL as exc:
                raise FetchError(url, f"not a valid URL ({exc})") from None
            except httpx.UnsupportedProtocol:
                raise FetchError(url, "only http:// and https:// URLs can be fetched") from None
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(url, f"cannot connect ({exc or type(exc).__name__})") from None
                sleep(wait)
            wait *= 2
    raise AssertionError("unreachable")


class _Retry(Exception):
    def __init__(self, reason: str, after: float | None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


def _get(client: httpx.Client, url: str, accept: tuple[str, ...], max_bytes: int) -> Fetched:
    with client.stream("GET", url) as response:
        status = response.status_code
        if status in _RETRY_STATUS:
            raise _Retry(
                f"HTTP {status} {response.reason_phrase}".strip(),
                _retry_after(response.headers.get("Retry-After")),
            )
        moved = bool(response.history) and all(
            r.status_code in (301, 308) for r in response.history
        )
        if status == 304:
            return Fetched(
                url, str(response.url), status, "", None, b"", fetched=time.time(), moved=moved
            )
        if status >= 400:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
        media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media and media not in accept:
            raise FetchError(url, f"not a web page ({media})")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"larger than {_size(max_bytes)}")
        body = bytearray()
        for chunk in response.iter_bytes():  # decompressed: the cap holds against gzip bombs
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(url, f"larger than {_size(max_bytes)}")
        return Fetched(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=media,
            charset=response.charset_encoding,
            body=bytes(body),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            fetched=time.time(),
            moved=moved,
        )
