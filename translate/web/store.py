"""Fetched pages, kept in the cache folder so that a URL is fetched once.

One gzip-compressed JSON file per URL under ``<cache>/pages/``, named by a
hash of the URL as given: the page's bytes (base64), the HTTP facts needed to
decode it and to ask again conditionally (final URL, charset, ETag,
Last-Modified), when it was fetched, and its extraction. Files are written
atomically, so a killed process leaves the old page or the new one, never
half of either. An extraction made by another extractor version is redone
from the stored page; debris is always marked afresh, by the installed rules.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .fetch import Fetched

PAGES_DIR = "pages"
FORMAT = "bireader.page/1"


def page_file(cache_dir: Path, url: str) -> Path:
    return cache_dir / PAGES_DIR / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:32]}.json.gz"


def save_page(cache_dir: Path, page: Fetched, extraction: dict[str, Any] | None) -> Path:
    record = {
        "extraction": extraction,
        "format": FORMAT,
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "content_type": page.content_type,
        "charset": page.charset,
        "etag": page.etag,
        "last_modified": page.last_modified,
        "fetched": page.fetched,
        "body": base64.b64encode(page.body).decode("ascii"),
    }
    target = page_file(cache_dir, page.url)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".page-")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
            out.write(json.dumps(record).encode("utf-8"))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_page(cache_dir: Path, url: str) -> tuple[Fetched, dict[str, Any] | None] | None:
    """The stored page of this URL and its extraction, or None (never fetched, or the
    file is unreadable)."""
    path = page_file(cache_dir, url)
    try:
        with gzip.open(path, "rb") as raw:
            record = json.loads(raw.read())
        if record.get("format") != FORMAT or record.get("url") != url:
            return None
        page = Fetched(
            url=record["url"],
            final_url=record["final_url"],
            status=record["status"],
            content_type=record["content_type"],
            charset=record["charset"],
            body=base64.b64decode(record["body"]),
            etag=record["etag"],
            last_modified=record["last_modified"],
            fetched=record["fetched"],
        )
        return page, record.get("extraction")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None  # a damaged file counts as not stored: the page is fetched again
