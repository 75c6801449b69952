"""The one hash of texts: paragraph ids, cache keys and engine keys all derive from it."""

from __future__ import annotations

import hashlib


def text_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text, as hex; callers keep as much of it as they need."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
