"""News feeds: RSS 0.9x/1.0/2.0 and Atom read with feedparser, feed discovery in a page,
and OPML subscription lists in and out."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from urllib.parse import urljoin

# Media types a feed is served as (servers use all of these, and text/html by mistake).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
)
_ALTERNATE = re.compile(r"<link\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""(\w[\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


class FeedError(Exception):
    """Not a feed that can be read; the message says why in a few words."""


@dataclass(frozen=True)
class FeedItem:
    key: str  # the GUID, else the link: what a refresh remembers
    link: str
    title: str
    published: str  # ISO 8601 where the feed gives a date, else ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: tuple[FeedItem, ...]


def parse_feed(data: bytes, url: str) -> ParsedFeed:
    """A feed's title and items (those with a link), in the feed's order."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url})
    items = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            FeedItem(
                key=str(entry.get("id") or link).strip(),
                link=urljoin(url, link),
                title=" ".join(str(entry.get("title") or "").split()),
                published=time.strftime("%Y-%m-%dT%H:%M:%SZ", published) if published else "",
            )
        )
    # feedparser reads what it can of broken XML ("bozo"); a feed that gave no item is refused.
    if not items and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception")
        raise FeedError(
            f"not an RSS or Atom feed ({reason})" if reason else "not an RSS or Atom feed"
        )
    title = " ".join(str(parsed.feed.get("title") or "").split())
    return ParsedFeed(title, tuple(items))


def discover(html: str, base: str) -> str | None:
    """The feed a web page names in ``<link rel="alternate" type="application/rss+xml">``."""
    for tag in _ALTERNATE.findall(html[:200_000]):
        attributes: dict[str, str] = {
            m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None)
            for m in _ATTRIBUTE.finditer(tag)
        }
        rel = attributes.get("rel", "").lower().split()
        kind = attributes.get("type", "").lower()
        if "alternate" in rel and kind in FEED_TYPES and attributes.get("href"):
            return urljoin(base, attributes["href"])
    return None


def read_opml(data: bytes) -> list[tuple[str, str]]:
    """(feed URL, name) of every outline with an ``xmlUrl``, nested ones included."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FeedError(f"not an OPML file ({exc})") from None
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            feeds.append((url, (outline.get("title") or outline.get("text") or url).strip()))
    return feeds


def write_opml(feeds: list[tuple[str, str]]) -> str:
    """An OPML 2.0 subscription list of (feed URL, name)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "bireader feeds"
    body = ElementTree.SubElement(root, "body")
    for url, name in feeds:
        ElementTree.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=url)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"
