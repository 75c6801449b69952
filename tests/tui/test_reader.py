"""The reader, driven with Textual's Pilot: what a person sees and does."""

from __future__ import annotations

import asyncio
import os
import subprocess

from helpers import ROOT, SIZE, UpperEngine, make_app, screen_text, settle, translate_command

from reader.app import ReaderApp
from reader.screens import EditScreen, HelpScreen, VersionsScreen
from reader.widgets.pairs import PairView
from translate import session
from translate.articles import load_articles
from translate.cache import Cache
from translate.engines import EngineSpec, IdentityEngine


async def test_opens_seeds_and_fills_in_translations(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.query_one("#articles").option_count == 5
        text = screen_text(app.pairs)
        title = app.articles[0].title.text
        assert title[:20] in text and title.upper()[:20] in text
        status = str(app.query_one("#status").render())
        story = len(app.articles[0].story)  # the lines above the story are debris
        assert story == 22 and len(app.articles[0].blocks) == 25
        assert "upper" in status and f"{story}/{story} translated" in status
        assert "3 debris folded" in status
        assert "100% translated" in str(app.query_one("#articles").get_option_at_index(0).prompt)


async def test_navigation_between_paragraphs_and_articles(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "down")
        assert app.pairs.cursor == 3
        await pilot.press("k")
        assert app.pairs.cursor == 2
        await pilot.press("G")
        assert app.pairs.cursor == len(app.article.blocks) - 1
        await pilot.press("g")
        assert app.pairs.cursor == 0
        await pilot.press("right_square_bracket")
        assert app.current == 1 and app.pairs.cursor == 0
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.current == 4
        await pilot.press("tab")
        assert app.current == 0
        await pilot.press("shift+tab")
        assert app.current == 4
        await pilot.press("pagedown")
        assert app.pairs.cursor > 0


async def test_translation_runs_in_the_background_without_blocking(tmp_path, seeds_dir):
    engine = UpperEngine()
    engine.release.clear()  # the model is "busy" until we say so
    app = make_app(tmp_path, [seeds_dir], engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        # Originals are there at once, translations are not, and keys still work.
        assert app.articles[0].title.text[:20] in screen_text(app.pairs)
        assert "translating" in screen_text(app.pairs)
        await pilot.press("j", "j")
        assert app.pairs.cursor == 2
        engine.release.set()
        await settle(pilot, app)
        assert "translating" not in screen_text(app.pairs)


async def test_model_missing_keeps_originals_readable(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir], model=str(tmp_path / "no-such-model"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await settle(pilot, app)
        assert app.choice is not None and app.choice.engine is None
        assert "no such model directory" in app.choice.problem
        text = screen_text(app.pairs)
        assert app.articles[0].title.text[:20] in text
        assert "model not available" in text
        assert "model not available" in str(app.query_one("#status").render())
        await pilot.press("j", "r")  # nothing to retranslate with: a notice, no crash
        assert app.pairs.cursor == 1


async def test_cached_translations_show_although_the_model_is_gone(tmp_path, marian_dir, seeds_dir):
    article = seeds_dir / "004_0aca5b8c67ae9ee5.txt"
    choice = session.choose_engine(EngineSpec(str(marian_dir), beams=1), tmp_path / "c")
    texts = [p.text for p in load_articles([article])[0][0].blocks]
    session.translate_in_order(choice.engine, tmp_path / "c", texts, lambda batch: None)
    app = make_app(tmp_path, [article], model="marian")
    with Cache(tmp_path / "c") as cache:  # make the cache know the model as 'marian'
        cache.register_engine(choice.key, "Helsinki-NLP/opus-mt-id-en", choice.engine.signature)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.choice.engine is None and app.choice.key == choice.key
        assert set(texts) <= set(app.shown())


async def test_retranslate_keeps_the_previous_version(tmp_path, seeds_dir):
    engine = UpperEngine(vary=True)
    app = make_app(tmp_path, [seeds_dir / "004_0aca5b8c67ae9ee5.txt"], engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        text = app.article.blocks[1].text
        before = app.shown()[text].translation
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.shown()[text].translation != before:
                break
        after = app.shown()[text].translation
        assert " v1" in before and after != before and " v1" not in after
        earlier = session.history(tmp_path / "c", engine.key, text)
        assert [h.translation for h in earlier] == [before]
        await pilot.press("v")
        await pilot.pause(0.3)
        assert isinstance(app.screen, VersionsScreen)
        assert app.screen.earlier[0].translation == before


async def test_edit_is_saved_as_a_persons_translation_and_persists(tmp_path, seeds_dir):
    paths = [seeds_dir / "004_0aca5b8c67ae9ee5.txt"]
    app = make_app(tmp_path, paths, UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "e")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("TextArea").text = "A person's [bold]careful[/] translation."
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        text = app.article.blocks[1].text
        assert app.shown()[text].translation == "A person's [bold]careful[/] translation."
        assert "✎" in screen_text(app.pairs)
    again = make_app(tmp_path, paths, UpperEngine())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.shown()[text].translation == "A person's [bold]careful[/] translation."
        assert text in again.person
        assert "[bold]careful[/]" in screen_text(again.pairs)


async def test_search_both_languages_and_jump_between_hits(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / "001_51ed02acc8b627b7.txt"], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.press(*"lukashenko")
        await pilot.press("enter")
        sides = {h.side for h in app.hits}
        assert sides == {"source", "target"}  # matched in both languages
        first = app.pairs.cursor
        assert first == app.hits[0].block
        await pilot.press("n")
        assert app.hit == 1
        await pilot.press("N", "N")
        assert app.hit == len(app.hits) - 1


async def test_layout_toggle_and_automatic_stacking_when_narrow(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert not app.pairs.is_stacked
        await pilot.press("s")
        assert app.pairs.is_stacked
        await pilot.press("s")
        assert not app.pairs.is_stacked
    narrow = make_app(tmp_path, [seeds_dir], UpperEngine())
    async with narrow.run_test(size=(80, 30)) as pilot:
        await settle(pilot, narrow)
        assert narrow.pairs.is_stacked


async def test_markup_escapes_and_controls_in_articles_are_shown_literally(tmp_path):
    article = tmp_path / "tricky.txt"
    article.write_text(
        "Judul [bold]tebal[/bold]\n"
        "Klik [@click=app.quit]di sini[/] dan [red]merah[/red].\n"
        "Warna \x1b[31mANSI\x1b[0m dan bel\x07.\n"
    )
    app = make_app(tmp_path, [article], UpperEngine())
    async with app.run_test(size=(220, 30)) as pilot:  # wide: no line wraps inside the markup
        await settle(pilot, app)
        text = screen_text(app.pairs)
        assert "Judul [bold]tebal[/bold]" in text
        assert "Klik [@click=app.quit]di sini[/] dan [red]merah[/red]." in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.click(PairView, offset=(10, 3))  # clicking text must not run its "action"
        assert app.is_running


async def test_help_screen_lists_every_binding(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#keys").render())
        for key in ("j", "r", "e", "v", "y", "s", "m", "/", "n / N", "Ctrl+P"):
            assert key in shown


async def test_sentence_cursor_follows_alignment(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / "003_a5b2618d017f9403.txt"], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        index = next(i for i, p in enumerate(app.article.blocks) if p.text.count(". ") >= 2)
        app.pairs.cursor = index
        await pilot.press("l", "l")
        assert app.pairs.sentence == 1
        cached = app.shown()[app.article.blocks[index].text]
        assert len(cached.alignment.source) >= 2
        await pilot.press("h")
        assert app.pairs.sentence == 0


async def test_switching_model_shows_that_engines_translations(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / "004_0aca5b8c67ae9ee5.txt"], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.switch_model("identity")
        await settle(pilot, app)
        assert app.choice.name == "identity"
        title = app.article.title.text
        assert app.shown()[title].translation == title  # identity, not upper


def test_reader_and_batch_share_one_cache_at_the_same_time(tmp_path, seeds_dir):
    cache = tmp_path / "c"
    batch = subprocess.Popen(
        translate_command(
            seeds_dir, "--out", tmp_path / "out", "--model", "identity", "--cache", cache
        ),
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stderr=subprocess.PIPE,
        text=True,
    )

    async def read() -> ReaderApp:
        app = make_app(tmp_path, [seeds_dir], UpperEngine(delay=0.01))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app, timeout=60)
        return app

    app = asyncio.run(read())
    _, errors = batch.communicate(timeout=120)
    assert batch.returncode == 0, errors
    texts = [p.text for a in app.articles for p in a.story]
    with Cache(cache) as db:
        assert len(db.paragraphs(UpperEngine().key, texts)) == len(set(texts))
        assert len(db.paragraphs(IdentityEngine().key, texts)) == len(set(texts))


async def test_compare_mode_lines_up_two_engines_and_keeps_a_choice(tmp_path, seeds_dir):
    from reader.screens.compare import CompareRow, CompareScreen

    app = make_app(tmp_path, [seeds_dir / "004_0aca5b8c67ae9ee5.txt"], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.models = ["upper", "identity"]
        await pilot.press("c")
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, CompareScreen) and app.screen.query(CompareRow):
                break
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.labels == ["upper", "identity"]
        assert len(screen.query(CompareRow)) == len(app.article.blocks)
        report = screen.report
        assert all("upper ~ identity" in p.agreement for p in report.paragraphs)
        await pilot.press("j", "2")  # keep the identity engine's version of paragraph 1
        await pilot.pause(0.3)
        text = app.article.blocks[1].text
        assert app.pairs.cursor == 1
        assert app.shown()[text].translation == text and text in app.person


async def test_debris_is_folded_shown_on_request_and_never_translated(tmp_path, seeds_dir):
    engine = UpperEngine()
    app = make_app(tmp_path, [seeds_dir / "002_082d6fc98803b495.txt"], engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        article = app.article
        captions = [i for i, b in enumerate(article.blocks) if b.debris == "caption"]
        assert captions and all(b.text not in app.shown() for b in article.blocks if b.debris)
        layout = app.pairs._layout
        assert all(layout.blocks[i].height == 1 for i in captions)  # folded to one line
        await pilot.press("X")
        assert all(app.pairs._layout.blocks[i].height > 1 for i in captions[:1])
        assert "debris shown" in str(app.query_one("#status").render())
        app.pairs.cursor = captions[0]
        await pilot.pause()
        assert "(caption, not translated" in screen_text(app.pairs)


async def test_marking_a_paragraph_by_hand_is_saved_and_translation_follows(tmp_path, seeds_dir):
    path = seeds_dir / "002_082d6fc98803b495.txt"
    app = make_app(tmp_path, [path], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        story_text = app.article.blocks[1].text
        caption = next(i for i, b in enumerate(app.article.blocks) if b.debris == "caption")
        caption_text = app.article.blocks[caption].text
        await pilot.press("j")  # the first paragraph: story, translated
        assert story_text in app.shown()
        await pilot.press("x")
        assert app.article.blocks[1].debris == "marked by hand"
        app.pairs.cursor = caption
        await pilot.press("x")  # a caption the reader is sure is story
        assert app.article.blocks[caption].debris is None
        await settle(pilot, app)
        assert caption_text in app.shown()  # translated once it is story
    await asyncio.sleep(0.2)  # the marks are saved by a worker
    again = make_app(tmp_path, [path], UpperEngine())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.article.blocks[1].debris == "marked by hand"
        assert again.article.blocks[caption].debris is None
        await pilot.press("j", "x")  # and back: the automatic marking applies again
        await pilot.pause(0.2)
    with Cache(tmp_path / "c") as cache:
        assert cache.marks([story_text, caption_text]) == {caption_text: None}


async def test_a_url_opens_after_it_is_fetched_in_the_background(tmp_path):
    from web_server import NewsSite

    with NewsSite() as site:
        url = f"{site.url}/page/detik.html"
        app = ReaderApp([url], model="upper", cache_dir=tmp_path / "c", engine=UpperEngine())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert [a.source for a in app.articles] == [url]
            assert app.article.title.text.startswith("Banjir Rendam 45 RT")
            label = str(app.query_one("#articles").get_option_at_index(0).prompt)
            assert "Detiknews · 2026-01-14" in label
            assert app.article.title.text.upper() == app.shown()[app.article.title.text].translation
    # Kept in the cache: the page opens offline.
    app = ReaderApp([url], model="upper", cache_dir=tmp_path / "c", engine=UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert [a.source for a in app.articles] == [url]


async def test_a_url_that_fails_is_a_notice_and_the_files_stay_readable(tmp_path, seeds_dir):
    from web_server import NewsSite

    with NewsSite() as site:
        missing = f"{site.url}/missing"
        path = seeds_dir / "001_51ed02acc8b627b7.txt"
        app = ReaderApp([path, missing], "upper", tmp_path / "c", engine=UpperEngine())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert len(app.articles) == 1
            notices = [n.message for n in app._notifications]
            assert f"{missing}: HTTP 404 Not Found" in notices


async def test_the_library_lists_english_headlines_unread_in_bold_and_keeps_read_state(tmp_path):
    cache_dir = tmp_path / "c"
    app = library_reader(cache_dir, {"rss2.xml": "Berita Utama"}, articles=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        sidebar = app.query_one("#articles")
        # Newest first, under a heading for each day.
        headings = [str(o.prompt) for o in sidebar.options if o.disabled]
        assert headings == ["2026-02-19", "2026-01-14"]
        first, second = (sidebar.get_option(str(i)).prompt for i in range(2))
        # English headlines; the open article's in Indonesian too.
        assert str(first).startswith(app.articles[0].title.text.upper())
        assert f"\n{app.articles[0].title.text}\n" in str(first)
        assert app.articles[1].title.text not in str(second)
        assert second.spans[0].style == "bold"  # the second is unread
        assert not any(span.style == "bold" for span in first.spans)  # the first was opened
        await pilot.press("b")
        await pilot.press("tab", "u")  # open the second, then mark it unread again
        await pilot.pause(0.3)
    flags = {a.url: (a.read, a.bookmarked) for a in session.library_articles(cache_dir)}
    assert sorted(flags.values()) == [(False, False), (True, True)]


async def test_R_refreshes_the_feeds_in_the_background_and_new_articles_appear(tmp_path):
    from web_server import NewsSite

    from translate.library import Library

    cache_dir = tmp_path / "c"
    with NewsSite() as site:
        with Library(cache_dir) as library:
            library.add_feed(f"{site.url}/feed/rss1.xml", "Politik")
        app = ReaderApp([], "upper", cache_dir, engine=UpperEngine(), library=[])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("R")
            for _ in range(200):
                await pilot.pause(0.05)
                if app.articles:
                    break
            await settle(pilot, app)
            [article] = app.articles
            assert article.title.text.startswith("Debat Pilkada Ulang Pesisir Barat Memanas")
            assert app._entry(app.articles[0]) is not None  # a library article: read state
            assert app.article.title.text.upper() == app.shown()[app.article.title.text].translation


async def test_the_library_list_filters_by_state_and_feed_and_searches_headlines(tmp_path):
    app = library_reader(tmp_path / "c", {"rss2.xml": "Berita Utama", "rss1.xml": "Politik"}, 3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)

        def listed() -> list[str]:
            sidebar = app.query_one("#articles")
            return [app.articles[int(o.id)].title.text[:6] for o in sidebar.options if o.id]

        assert len(listed()) == 3
        await pilot.press("b", "f")  # bookmark the open one; then: unread only
        assert len(listed()) == 2 and "listing unread" in str(app.query_one("#status").render())
        await pilot.press("f")  # bookmarked
        assert listed() == [app.article.title.text[:6]]
        await pilot.press("f")  # each feed in turn, by URL: rss1.xml, the Tempo story
        assert listed() == ["Debat "]
        await pilot.press("f")  # rss2.xml: the detik and the Kompas story
        assert sorted(listed()) == ["Banjir", "Bapana"]
        await pilot.press("f")  # back to all
        assert len(listed()) == 3
        app.query_one("#articles").focus()
        await pilot.press("slash", *"BERAS", "enter")  # the English (upper-cased) headline
        assert listed() == ["Bapana"]
        await pilot.press("slash", "enter")  # an empty search lists all again
        assert len(listed()) == 3


def library_reader(cache_dir, feeds: dict[str, str], articles: int) -> ReaderApp:
    """The reader on a library refreshed from these feeds of the stand-in news site, which
    is gone by the time the reader opens: the library reads its pages from the cache."""
    from web_server import NewsSite

    from translate.jobs.refresh import refresh
    from translate.library import Library

    with NewsSite() as site:
        with Library(cache_dir) as library:
            for name, title in feeds.items():
                library.add_feed(f"{site.url}/feed/{name}", title)
        with Cache(cache_dir) as cache:
            assert len(refresh(cache, IdentityEngine).new) == articles
    entries = session.library_articles(cache_dir)
    paths = [e.page_url for e in entries]
    return ReaderApp(paths, "upper", cache_dir, engine=UpperEngine(), library=entries)


async def test_reading_goes_on_while_R_refreshes_and_new_articles_join_the_list(tmp_path):
    from web_server import NewsSite

    from translate.jobs.refresh import refresh
    from translate.library import Library

    cache_dir = tmp_path / "c"
    with NewsSite() as site:
        with Library(cache_dir) as library:
            library.add_feed(f"{site.url}/feed/rss1.xml", "Politik")
        with Cache(cache_dir) as cache:
            assert len(refresh(cache, IdentityEngine).new) == 1
        with Library(cache_dir) as library:  # a feed followed since: R brings its articles
            library.add_feed(f"{site.url}/feed/rss2.xml", "Berita Utama")
        entries = session.library_articles(cache_dir)
        engine = UpperEngine(delay=0.02)
        app = ReaderApp(
            [e.page_url for e in entries], "upper", cache_dir, engine=engine, library=entries
        )
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("R")
            moves = 0
            for _ in range(400):  # keep reading while the refresh runs
                before = app.pairs.cursor
                await pilot.press("j" if moves % 8 < 4 else "k")
                moves += app.pairs.cursor != before
                if len(app.articles) == 3:
                    break
            assert len(app.articles) == 3 and moves > 0
            assert app.current == 0  # the article being read stays open
            await settle(pilot, app)
            assert {a.title.text[:6] for a in app.articles} == {"Debat ", "Banjir", "Bapana"}
