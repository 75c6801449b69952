"""Feeds and the library: following feeds on a stand-in news site (127.0.0.1), refreshing
with conditional requests, one article per story, and translating only what is new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_server import NewsSite

from translate.cache import Cache
from translate.cli import main
from translate.engines import IdentityEngine
from translate.jobs.refresh import RefreshRunning, refresh, refresh_lock
from translate.library import Library


@pytest.fixture
def site():
    with NewsSite() as server:
        yield server


def cli(*args: str | Path):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


def follow(cache: Path, *urls: str) -> None:
    for url in urls:
        result = cli("feeds", "add", url, "--cache", cache)
        assert result.exit_code == 0, result.output


def opened() -> tuple[list[int], callable]:
    calls: list[int] = []

    def open_engine() -> IdentityEngine:
        calls.append(1)
        return IdentityEngine()

    return calls, open_engine


def test_refresh_keeps_each_story_once_translates_it_and_asks_again_conditionally(site, tmp_path):
    cache_dir = tmp_path / "c"
    feeds = [f"{site.url}/feed/{n}" for n in ("rss2.xml", "atom.xml", "rss1.xml")]
    follow(cache_dir, *feeds)
    calls, open_engine = opened()
    with Cache(cache_dir) as cache:
        first = refresh(cache, open_engine, out_dir=tmp_path / "out", fmt="json")
    assert first.ok, first.failed
    # detik and kompas (RSS 2.0), cnnindonesia and kompas again (Atom), tempo (RSS 1.0).
    titles = sorted(a.title.text for a in first.new)
    assert len(titles) == 4 and len(set(titles)) == 4
    assert calls == [1]
    with Library(cache_dir) as library:
        kept = library.articles()
        assert len(kept) == 4 and not any(a.read for a in kept)
        assert {a.feed for a in kept} == set(feeds)
        assert library.counts()[feeds[0]] == (2, 2)
    documents = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json")]
    stories = [d for d in documents if "schema" in d]
    assert len(stories) == 4
    assert all(
        p["translation"] == p["source"]
        for d in stories
        for p in d["paragraphs"]
        if "debris" not in p
    )
    before = len(site.requests)
    with Cache(cache_dir) as cache:
        second = refresh(cache, open_engine, out_dir=tmp_path / "out2")
    assert second.new == [] and second.unchanged == 3 and calls == [1]  # no model opened
    asked = site.requests[before:]
    assert len(asked) == 3 and all("If-None-Match" in headers for _, _, headers in asked)
    assert not (tmp_path / "out2").exists()  # nothing new, nothing written


def test_a_malformed_feed_and_a_dead_page_are_one_line_each_and_the_rest_goes_on(site, tmp_path):
    cache_dir = tmp_path / "c"
    with Library(cache_dir) as library:
        library.add_feed(f"{site.url}/feed/broken.xml", "Rusak")
        library.add_feed(f"{site.url}/feed/dead-item.xml", "Nusantara")
    warnings: list[str] = []
    with Cache(cache_dir) as cache:
        summary = refresh(cache, opened()[1], warn=warnings.append)
    assert [a.title.text.split()[0] for a in summary.new] == ["Badan"]  # the Antara story
    assert len(summary.failed) == 2
    assert any(
        f.startswith(f"{site.url}/feed/broken.xml: not an RSS or Atom feed") for f in summary.failed
    )
    assert f"{site.url}/missing: HTTP 404 Not Found" in summary.failed
    assert all("\n" not in w for w in warnings)
    with Library(cache_dir) as library:
        broken = next(f for f in library.feeds() if f.name == "Rusak")
        assert broken.last_error.startswith("not an RSS or Atom feed")


def test_a_feed_that_moved_for_good_is_followed_at_its_new_address(site, tmp_path):
    cache_dir = tmp_path / "c"
    with Library(cache_dir) as library:
        library.add_feed(f"{site.url}/moved-feed", "Politik")
    with Cache(cache_dir) as cache:
        summary = refresh(cache, opened()[1])
    assert summary.ok and len(summary.new) == 1
    with Library(cache_dir) as library:
        assert [f.url for f in library.feeds()] == [f"{site.url}/feed/rss1.xml"]


def test_feeds_add_finds_the_feed_a_page_names_and_list_remove_import_export(site, tmp_path):
    cache = tmp_path / "c"
    added = cli("feeds", "add", f"{site.url}/home", "--cache", cache)
    assert added.exit_code == 0
    assert added.output.strip() == f"following Berita Utama: {site.url}/feed/rss2.xml (2 items now)"
    again = cli("feeds", "add", f"{site.url}/feed/rss2.xml", "--cache", cache)
    assert again.output.strip() == f"already following {site.url}/feed/rss2.xml"
    listing = cli("feeds", "list", "--cache", cache)
    assert "Berita Utama" in listing.output and "never" in listing.output
    exported = cli("feeds", "export", "--cache", cache).output
    assert f'xmlUrl="{site.url}/feed/rss2.xml"' in exported
    opml = tmp_path / "subs.opml"
    opml.write_text(exported.replace("rss2.xml", "atom.xml").replace("Berita Utama", "Olahraga"))
    imported = cli("feeds", "import", opml, "--cache", cache)
    assert imported.output.strip() == f"1 feeds added, 0 already followed, from {opml}"
    removed = cli("feeds", "remove", "Berita Utama", "--cache", cache)
    assert removed.output.startswith("stopped following Berita Utama")
    with Library(cache) as library:
        assert [f.url for f in library.feeds()] == [f"{site.url}/feed/atom.xml"]
    missing = cli("feeds", "add", f"{site.url}/page/detik.html", "--cache", cache)
    assert missing.exit_code == 1
    assert "neither a feed nor a page that names one" in missing.output


def test_the_refresh_command_is_one_summary_line_and_exit_2_on_a_failure(site, tmp_path):
    cache = tmp_path / "c"
    follow(cache, f"{site.url}/feed/rss1.xml")
    with Library(cache) as library:
        library.add_feed(f"{site.url}/feed/broken.xml", "Rusak")
    result = cli("refresh", "--cache", cache, "--model", "identity", "--out", tmp_path / "o")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("2 feeds: 1 new articles, 0 unchanged, 1 failed")
    assert any(line.startswith(f"bireader: feed {site.url}/feed/broken.xml: ") for line in lines)
    assert (tmp_path / "o" / "tempo.md").exists()
    # Not on a terminal (cron): the failures, named, and one summary line; no progress.
    assert not any(line.startswith(("progress:", "Translating")) for line in lines)
    failure, summary = cli("refresh", "--cache", cache, "--model", "identity").stderr.splitlines()
    assert failure.startswith(f"bireader: feed {site.url}/feed/broken.xml: not an RSS or Atom")
    assert summary == "2 feeds: 0 new articles, 1 unchanged, 1 failed; 0 paragraphs translated"


def test_two_refreshes_never_run_at_once(tmp_path):
    with refresh_lock(tmp_path), pytest.raises(RefreshRunning) as refused, refresh_lock(tmp_path):
        pass
    assert "another refresh is running" in str(refused.value)


def test_translate_the_library_by_filter_and_prune_what_is_old(site, tmp_path):
    cache = tmp_path / "c"
    follow(cache, f"{site.url}/feed/rss2.xml")
    assert cli("refresh", "--cache", cache, "--model", "identity").exit_code == 0
    with Library(cache) as library:
        detik = next(a for a in library.articles() if "detik" in a.page_url)
        library.set_read(detik.url)
        library.set_bookmarked(detik.url)
    unread = cli(
        "translate",
        "--library",
        "--unread",
        "--out",
        tmp_path / "u",
        "--cache",
        cache,
        "--model",
        "identity",
    )
    assert unread.exit_code == 0, unread.stderr
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == ["index.md", "kompas.md"]
    marked = cli(
        "translate",
        "--library",
        "--bookmarked",
        "--out",
        tmp_path / "b",
        "--cache",
        cache,
        "--model",
        "identity",
    )
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["detik.md", "index.md"]
    since = cli(
        "translate",
        "--library",
        "--since",
        "2026-02-01",
        "--out",
        tmp_path / "s",
        "--cache",
        cache,
        "--model",
        "identity",
    )
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["index.md", "kompas.md"]
    assert marked.exit_code == since.exit_code == 0
    bad = cli("library", "prune", "--older-than", "soon", "--cache", cache)
    assert bad.exit_code == 1 and "30d" in bad.output
    kept = cli("library", "prune", "--older-than", "30d", "--cache", cache)
    assert kept.output.strip() == "forgot 0 articles fetched more than 30d ago"
    with Library(cache) as library:
        assert library.prune(-60) == 1  # all but the bookmarked one
        assert [a.url for a in library.articles()] == [detik.url]
    none = cli("translate", "--out", tmp_path / "n", "--cache", cache)
    assert none.exit_code == 1 and "--library" in none.output
