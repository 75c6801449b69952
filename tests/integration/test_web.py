"""Articles from the web: fetched from a stand-in news site on 127.0.0.1 with the real
HTTP client, extracted, kept in the cache, and translated like any other article."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DATA_DIR
from web_server import NewsSite

from translate.articles import ArticleError
from translate.cli import main
from translate.sources import load_articles, web_article
from translate.testing.labels import load_labels, paragraph_texts
from translate.web.fetch import USER_AGENT, FetchError, fetch
from translate.web.store import page_file

PAGES = DATA_DIR / "web"
LABELS = load_labels(PAGES / "labels.json")


@pytest.fixture
def site():
    with NewsSite(slow_s=2.0, huge_bytes=300_000) as server:
        yield server


def story(labels: dict) -> list[str]:
    return [p["text"] for p in labels["paragraphs"] if p["label"] == "story"]


def test_a_page_is_fetched_with_our_user_agent_and_read_as_its_story(site, tmp_path):
    url = f"{site.url}/page/detik.html"
    article = web_article(url, tmp_path)
    labels = LABELS["detik.html"]
    assert article.title.text == labels["title"]
    assert (article.meta.author, article.meta.date) == (labels["author"], labels["date"])
    assert article.meta.canonical_url == labels["url"]
    assert article.meta.url == url and article.source == url
    assert article.meta.byline == labels["byline"]
    [(_, _, headers)] = site.requests
    assert headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("bireader/")
    texts = paragraph_texts(article, story(labels))
    assert [t for t, reason in texts if reason is None] == story(labels)


def test_a_fetched_page_is_kept_compressed_and_read_offline_until_refetched(site, tmp_path):
    url = f"{site.url}/page/kompas.html"
    first = web_article(url, tmp_path)
    stored = page_file(tmp_path, url)
    record = json.loads(gzip.decompress(stored.read_bytes()))
    assert record["url"] == url and record["extraction"]["title"] == first.title.text
    assert web_article(url, tmp_path) == first
    assert len(site.requests) == 1
    assert web_article(url, tmp_path, refetch=True) == first
    assert len(site.requests) == 2


def test_redirects_are_followed_and_the_article_names_where_it_landed(site, tmp_path):
    article = web_article(f"{site.url}/moved/tempo.html", tmp_path)
    assert site.paths() == ["/moved/tempo.html", "/page/tempo.html"]
    assert article.meta.url == f"{site.url}/page/tempo.html"
    assert article.title.text == LABELS["tempo.html"]["title"]


def test_a_gzip_body_reads_as_the_page(site, tmp_path):
    plain = web_article(f"{site.url}/page/cnnindonesia.html", tmp_path)
    packed = web_article(f"{site.url}/gzip/cnnindonesia.html", tmp_path)
    assert packed.paragraphs == plain.paragraphs and packed.title == plain.title


@pytest.mark.parametrize("route", ["page", "charset"])
def test_a_windows_1252_page_is_decoded_from_its_meta_or_its_header(site, tmp_path, route):
    article = web_article(f"{site.url}/{route}/antara.html", tmp_path)
    text = " ".join(p.text for p in article.paragraphs)
    assert "René" in text and "“" in text and "\ufffd" not in text
    assert article.title.text == LABELS["antara.html"]["title"]


def test_a_server_error_is_retried_and_then_succeeds(site, tmp_path):
    article = web_article(f"{site.url}/flaky/detik.html", tmp_path)
    assert site.paths() == ["/flaky/detik.html"] * 2
    assert article.title.text == LABELS["detik.html"]["title"]


def test_429_waits_as_long_as_retry_after_says(site):
    waits: list[float] = []
    page = fetch(f"{site.url}/busy/detik.html", sleep=waits.append)
    assert waits == [1.0] and page.status == 200


def test_errors_retry_with_growing_back_off_then_give_up_in_one_line(site):
    waits: list[float] = []
    with pytest.raises(FetchError) as failure:
        fetch(f"{site.url}/slow", timeout=0.3, retries=2, backoff=0.01, sleep=waits.append)
    assert waits == [0.01, 0.02]
    assert str(failure.value) == f"{site.url}/slow: no answer within 0.3 s (timed out)"


@pytest.mark.parametrize(
    ("path", "reason", "options"),
    [
        ("/missing", "HTTP 404 Not Found", {}),
        ("/pdf", "not a web page (application/pdf)", {}),
        ("/huge", "larger than 100 KB", {"max_bytes": 100 * 1024}),
    ],
)
def test_a_url_that_is_not_a_page_fails_with_one_line(site, path, reason, options):
    with pytest.raises(FetchError) as failure:
        fetch(site.url + path, **options)
    assert str(failure.value) == f"{site.url}{path}: {reason}"
    assert site.paths() == [path]  # a client error is not retried


def test_a_page_without_a_story_and_an_unreachable_host_are_one_line_each(site, tmp_path):
    dead = "http://127.0.0.1:9/nothing-listens-here"
    articles, problems = load_articles(
        [f"{site.url}/empty", dead, f"{site.url}/page/detik.html"], cache_dir=tmp_path
    )
    assert [a.title.text for a in articles] == [LABELS["detik.html"]["title"]]
    messages = [str(p) for p in problems]
    assert messages[0] == f"{site.url}/empty: no article text found in the page"
    assert messages[1].startswith(f"{dead}: cannot connect")
    assert all("\n" not in m for m in messages)
    assert all(isinstance(p, ArticleError) for p in problems)


def run(*args: str | Path):
    return CliRunner().invoke(main, ["translate", *map(str, args)], catch_exceptions=False)


def test_translate_urls_and_saved_pages_to_json_keeps_every_story_paragraph_once_in_order(
    site, tmp_path
):
    """The identity invariant for HTML input: each labelled story paragraph comes back
    exactly once, in order, translated; the debris comes back marked, untranslated."""
    urls = [f"{site.url}/page/{name}" for name in ("detik.html", "kompas.html")]
    saved = [PAGES / name for name in ("cnnindonesia.html", "tempo.html", "antara.html")]
    result = run(*urls, *saved, "--out", tmp_path / "o", "--format", "json", "--model", "identity")
    assert result.exit_code == 0, result.stderr
    assert f"bireader: fetching {urls[0]}" in result.stderr
    documents = {
        Path(d["source_file"]).name: d
        for d in (json.loads(f.read_text()) for f in (tmp_path / "o").glob("*.json"))
        if "schema" in d
    }
    assert sorted(documents) == sorted(LABELS)
    for name, document in documents.items():
        labels = LABELS[name]
        byline = document["meta"].get("byline", "")
        stories = [p for p in document["paragraphs"] if "debris" not in p]
        sources = [p["source"] for p in stories]
        expected = [t.removeprefix(f"{byline} ") if byline else t for t in story(labels)]
        assert sources == expected, name
        assert all(p["translation"] == p["source"] for p in stories)
        assert all(p["translation"] is None for p in document["paragraphs"] if "debris" in p)
        assert document["title"]["translation"] == labels["title"]
        assert document["meta"]["date"] == labels["date"]


def test_a_saved_page_to_markdown_leaves_debris_out_unless_kept(tmp_path):
    page = PAGES / "detik.html"
    result = run(page, "--out", tmp_path / "o", "--model", "identity")
    assert result.exit_code == 0, result.stderr
    markdown = (tmp_path / "o" / "detik.md").read_text()
    assert "Baca juga" not in markdown and "nvc/nvc" not in markdown
    labels = LABELS["detik.html"]
    byline = f"*Detiknews · {labels['date']} · {labels['author']} · <{labels['url']}>*"
    assert byline in markdown.splitlines()
    kept = run(page, "--out", tmp_path / "k", "--model", "identity", "--keep-debris")
    assert kept.exit_code == 0
    text = (tmp_path / "k" / "detik.md").read_text()
    assert "Baca juga" in text and "(related, not translated)" in text


def test_failing_urls_are_named_one_line_each_and_the_rest_goes_on(site, tmp_path):
    result = run(
        f"{site.url}/missing",
        f"{site.url}/pdf",
        PAGES / "detik.html",
        "--out",
        tmp_path / "o",
        "--model",
        "identity",
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"bireader: skipped {site.url}/missing: HTTP 404 Not Found" in lines
    assert f"bireader: skipped {site.url}/pdf: not a web page (application/pdf)" in lines
    assert (tmp_path / "o" / "detik.md").exists()
    assert "Traceback" not in result.stderr
