"""The bilingual reader: articles on the left, paragraph pairs on the right.

The app only presents. Everything slow or stateful (reading the cache,
loading a model, translating, saving an edit) happens in thread workers that
call ``translate.session`` and report back with messages, so the screen
stays responsive while a model loads or translates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from translate import debris, session
from translate.articles import Article, ArticleError, Paragraph, with_marks
from translate.cache import CachedParagraph, CacheError, default_cache_dir
from translate.cli.options import explain
from translate.engines import Engine, EngineSpec
from translate.engines.models import SHORTHANDS, ModelUnavailable
from translate.errors import first_line
from translate.jobs.refresh import fetch_feeds
from translate.library import LibraryArticle
from translate.pipeline import BatchDone
from translate.quality.compare import compare_for_reading
from translate.sources import Source, is_url, load_articles

from .commands import ModelCommands
from .messages import (
    ArticlesArrived,
    CompareReady,
    EngineReady,
    LibraryRefreshed,
    MarksArrived,
    Progress,
    TranslationFailed,
    TranslationsArrived,
)
from .screens import CompareScreen, EditScreen, HelpScreen, ModelScreen, VersionsScreen
from .state import ReadingState
from .widgets.pairs import PairState, PairView

# Cores the reader's engines leave free, so that the screen answers keys while
# a model translates.
RESERVE_CORES = 1
# Worker groups that use the model being read (others may use another one).
READING_GROUPS = ("engine", "translate", "retranslate")
# What each worker group does, for the line that says it failed.
WORKER_TASKS = {
    "engine": "opening the model",
    "translate": "translating",
    "retranslate": "retranslating",
    "save": "saving your translation",
    "versions": "listing versions",
    "compare": "comparing",
    "fetch": "fetching pages",
    "cached": "reading the cache",
    "mark": "saving your mark",
    "library": "saving the read state",
    "refresh": "refreshing the feeds",
}


class ReaderApp(App[None]):
    """Read Indonesian articles with the English beside each paragraph."""

    CSS_PATH = "reader.tcss"
    TITLE = "bireader"
    COMMANDS = App.COMMANDS | {ModelCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Search"),
        Binding("n", "next_hit(1)", "Next hit", show=False),
        Binding("N", "next_hit(-1)", "Prev hit", show=False),
        Binding("right_square_bracket", "article(1)", "Next article", show=False),
        Binding("left_square_bracket", "article(-1)", "Prev article", show=False),
        Binding("r", "retranslate", "Retranslate"),
        Binding("e", "edit", "Edit"),
        Binding("v", "versions", "Versions", show=False),
        Binding("y", "copy(True)", "Copy"),
        Binding("Y", "copy(False)", "Copy translation", show=False),
        Binding("s", "toggle_layout", "Layout"),
        Binding("m", "choose_model", "Model"),
        Binding("c", "compare", "Compare"),
        Binding("x", "toggle_debris", "Debris?", show=False),
        Binding("X", "show_debris", "Show debris"),
        Binding("u", "toggle_read", "Read/unread", show=False),
        Binding("b", "toggle_bookmark", "Bookmark", show=False),
        Binding("o", "open_original", "Open original", show=False),
        Binding("R", "refresh_feeds", "Refresh feeds", show=False),
        Binding("f", "cycle_filter", "Filter", show=False),
    ]

    def __init__(
        self,
        paths: list[Source],
        model: str | EngineSpec = "marian",
        cache_dir: Path | None = None,
        engine: Engine | None = None,
        refetch: bool = False,
        library: list[LibraryArticle] | None = None,
    ) -> None:
        """``paths`` are files, folders and URLs; ``model`` is the whole engine
        choice (model, revision, beams, backend, quantisation); a plain name
        takes the defaults for the rest. ``refetch`` downloads pages again.
        ``library``: the library's records of these articles (read state, bookmarks)."""
        super().__init__()
        self.paths, self.cache_dir, self.refetch = paths, cache_dir, refetch
        # Every engine the reader opens (another model, a comparison) keeps the
        # backend, quantisation and beams it was started with.
        self.launched = model if isinstance(model, EngineSpec) else EngineSpec(model)
        self.spec = self.launched
        self.models = list(dict.fromkeys([self.launched.model, *SHORTHANDS]))
        self._given = (self.launched.model, engine)  # tests and embedders may bring an engine
        self.choice: session.EngineChoice | None = None
        self.loaded: list[Article] = []  # as read, debris marked automatically
        self.articles: list[Article] = []  # as shown: with a person's debris marks
        self.marks: dict[str, str | None] = {}  # a person's: text -> reason, None: story
        self.show_debris = False
        self._last_day = ""  # the sidebar's last day heading
        self.list_filter = "all"  # the sidebar shows: all, unread, bookmarked, or feed:URL
        self.headline_query = ""  # and only headlines with this, in either language
        self._search_headlines = False  # the search box searches headlines, not the article
        self._shown_ids: set[str] = set()  # the articles the sidebar lists, by option id
        self._early: list[str] = []  # texts of articles that arrived before the engine
        # The library's records, by every URL an article may come back under.
        self.library_mode = library is not None
        self.library: dict[str, LibraryArticle] = {}
        for entry in library or []:
            self.library.update({entry.page_url: entry, entry.url: entry})
        self.current = 0
        self.reading = ReadingState()
        self._where: dict[str, list[int]] = {}  # paragraph text -> its indexes in the article
        self._dirty = False  # sidebar and status wait for the next tick
        self._done = 0  # translated paragraphs of the current article
        self.hits: list[session.Hit] = []
        self.hit = -1
        self.status_text = "loading"

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield OptionList(id="articles")
            with Vertical(id="reading"):
                yield PairView(id="pairs")
                yield Input(placeholder="Search both languages (Enter, Esc)", id="search")
        yield Static(id="status", markup=False)
        yield Footer()

    @property
    def pairs(self) -> PairView:
        return self.query_one(PairView)

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        urls = [s for s in self.paths if is_url(s)]
        files = [s for s in self.paths if not is_url(s)]
        if files or not (urls or self.library_mode):
            self._add_articles(*load_articles(files))
        if urls:
            self.status_text = f"fetching {len(urls)} page{'s' if len(urls) > 1 else ''}"
            self._fetch(urls)
        elif self.library_mode and not self.articles:
            # An empty library still opens: R fetches the feeds' articles.
            self.query_one("#status", Static).update("No articles yet: R refreshes the feeds.")
        elif not self.articles:
            self.query_one("#status", Static).update("No articles to read.")
            return
        self.pairs.focus()
        self.start_engine()
        # Translations can arrive many times a second; the sidebar and status
        # line catch up a few times a second instead of after every batch.
        self.set_interval(0.25, self._catch_up)

    # -- articles ------------------------------------------------------------

    def _add_articles(self, articles: list[Article], problems: list[ArticleError]) -> None:
        for problem in problems:
            self.notify(str(problem), title="Skipped", severity="warning", timeout=8)
        first = len(self.articles)
        self.loaded += articles
        self.articles += [with_marks(a, self.marks) for a in articles]
        self._rebuild_sidebar()
        if first == 0 and self.articles:
            self.show_article(0)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch(self, urls: list[Source]) -> None:
        def fetching(url: str) -> None:
            self.post_message(Progress(True, f"fetching {url}"))

        try:
            articles, problems = load_articles(
                urls, cache_dir=self.cache_dir, refetch=self.refetch, on_fetch=fetching
            )
        finally:
            self.post_message(Progress(False))
        texts = [p.text for a in articles for p in a.paragraphs]
        self.post_message(MarksArrived(session.debris_marks(self.cache_dir, texts)))
        self.post_message(ArticlesArrived(articles, problems))

    def on_articles_arrived(self, message: ArticlesArrived) -> None:
        had = bool(self.articles)
        self._add_articles(message.articles, message.problems)
        if not self.articles:
            self.status_text = "no articles to read"
            self.query_one("#status", Static).update("No articles to read.")
            return
        texts = [p.text for a in message.articles for p in a.blocks]
        if self.choice is not None:
            self._load_cached(self.choice.key, texts)
        else:
            self._early += texts
            if not had:
                self.pairs.focus()

    @work(thread=True, group="cached", exit_on_error=False)
    def _load_cached(self, key: str | None, texts: list[str]) -> None:
        machine, person = session.cached_translations(self.cache_dir, key, texts)
        self.post_message(TranslationsArrived(key, machine))
        self.post_message(TranslationsArrived(None, person, person=True))
        self.call_from_thread(self.start_translation)

    def on_marks_arrived(self, message: MarksArrived) -> None:
        self.marks.update(message.marks)
        self._remark()

    def _remark(self) -> None:
        """Apply a person's debris marks to every article, keeping the place in it."""
        self.articles = [with_marks(a, self.marks) for a in self.loaded]
        if self.articles:
            self.pairs.show(self._state(), self.pairs.cursor)
            self._dirty = True

    @property
    def article(self) -> Article:
        return self.articles[self.current]

    def shown(self) -> dict[str, CachedParagraph]:
        """Translations as shown: a person's where there is one, else the engine's."""
        return self.reading.shown

    @property
    def person(self) -> dict[str, CachedParagraph]:
        return self.reading.person

    @property
    def notes(self) -> dict[str, str]:
        return self.reading.notes

    def _day(self, article: Article) -> str:
        entry = self._entry(article)
        return (entry.published if entry else article.meta.date)[:10] or "undated"

    def _entry(self, article: Article) -> LibraryArticle | None:
        meta = article.meta
        return self.library.get(meta.url) or self.library.get(meta.canonical_url)

    def _article_label(self, article: Article) -> Text:
        shown = self.shown()
        blocks = article.story
        done = sum(p.text in shown for p in blocks)
        entry = self._entry(article)
        label = Text(article.title.text, no_wrap=False, overflow="ellipsis")
        if entry is not None:
            # The library lists English headlines where they are translated; unread in bold.
            if title := shown.get(article.title.text):
                label = Text(title.translation, no_wrap=False, overflow="ellipsis")
            if not entry.read:
                label.stylize("bold")
            if title and self.articles and article is self.article:
                label.append(f"\n{article.title.text}", "italic")  # the open one: both languages
            if entry.bookmarked:
                label = Text("★ ") + label
        meta = article.meta
        where = " · ".join(v for v in (meta.site, meta.date[:10]) if v)
        percent = 100 * done // len(blocks)
        counts = f"{len(blocks) - 1} ¶ · {percent}% translated"
        label.append(f"\n{where + ' · ' if where else ''}{counts}", "dim")
        return label

    def _listed(self, index: int) -> bool:
        """Whether the sidebar's filter and headline search let this article through."""
        article = self.articles[index]
        entry = self._entry(article)
        wanted = self.list_filter
        if wanted == "unread" and (entry is None or entry.read):
            return False
        if wanted == "bookmarked" and (entry is None or not entry.bookmarked):
            return False
        if wanted.startswith("feed:") and (entry is None or entry.feed != wanted[5:]):
            return False
        if query := self.headline_query:
            english = self.shown().get(article.title.text)
            titles = [article.title.text, english.translation if english else ""]
            return any(query in title.casefold() for title in titles)
        return True

    def _rebuild_sidebar(self) -> None:
        options = self.query_one("#articles", OptionList)
        options.clear_options()
        self._last_day = ""
        self._shown_ids = set()
        for index, article in enumerate(self.articles):
            if not self._listed(index):
                continue
            if self.library_mode and (day := self._day(article)) != self._last_day:
                # The library's articles come newest first: a heading for each day.
                options.add_option(Option(Text(day, style="bold underline"), disabled=True))
                self._last_day = day
            options.add_option(Option(self._article_label(article), id=str(index)))
            self._shown_ids.add(str(index))
        if self.articles and str(self.current) in self._shown_ids:
            options.highlighted = options.get_option_index(str(self.current))

    def _refresh_sidebar(self) -> None:
        options = self.query_one("#articles", OptionList)
        for index, article in enumerate(self.articles):
            if str(index) in self._shown_ids:
                options.replace_option_prompt(str(index), self._article_label(article))

    def show_article(self, index: int) -> None:
        self.current = index
        self._dirty = True  # the sidebar shows the open article's headline in both languages
        entry = self._entry(self.articles[index])
        if entry is not None and not entry.read:  # opening an article marks it read
            self._set_flags(entry, read=True)
        self._where = {}
        for position, paragraph in enumerate(self.articles[index].blocks):
            self._where.setdefault(paragraph.text, []).append(position)
        options = self.query_one("#articles", OptionList)
        if str(index) in self._shown_ids:
            options.highlighted = options.get_option_index(str(index))
        self.hits, self.hit = [], -1
        self.pairs.show(self._state())
        self._update_status()

    def _state(self) -> PairState:
        reading = self.reading
        return PairState(
            self.article, reading.shown, reading.person.keys(), reading.notes, self.show_debris
        )

    @on(OptionList.OptionSelected, "#articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        self.show_article(int(event.option.id))
        self.pairs.focus()

    def action_article(self, step: int) -> None:
        if self.articles:
            self.show_article((self.current + step) % len(self.articles))
            self.start_translation()

    # -- engine and translation workers ---------------------------------------

    @property
    def model(self) -> str:
        return self.spec.model

    def spec_for(self, model: str) -> EngineSpec:
        """The launch choice with another model (a revision belongs to its own model)."""
        if model == self.launched.model:
            return self.launched
        return replace(self.launched, model=model, revision=None)

    def start_engine(self) -> None:
        self.status_text = f"opening {self.model}"
        self._update_status()
        self._resolve_engine(self.spec)

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _resolve_engine(self, spec: EngineSpec) -> None:
        given_model, engine = self._given
        if engine is not None and spec.model == given_model:
            choice = session.EngineChoice(engine.name, engine, engine.key)
        else:
            choice = session.choose_engine(spec, self.cache_dir, RESERVE_CORES)
        texts = [p.text for a in self.articles for p in a.blocks]
        machine, person = session.cached_translations(self.cache_dir, choice.key, texts)
        # Before the engine is ready, so that nothing a person marked as debris is translated.
        self.post_message(MarksArrived(session.debris_marks(self.cache_dir, texts)))
        self.post_message(EngineReady(choice))
        # The engine's versions of edited paragraphs are kept too (the versions
        # screen lists them); the person's arrive next and take precedence.
        self.post_message(TranslationsArrived(choice.key, machine))
        self.post_message(TranslationsArrived(None, person, person=True))

    def on_engine_ready(self, message: EngineReady) -> None:
        self.choice = message.choice
        self.reading.use_engine(message.choice.key)
        if message.choice.problem:
            self.notify(
                message.choice.problem, title="Model not available", severity="error", timeout=15
            )
            self.reading.unavailable(p.text for a in self.articles for p in a.blocks)
        self.status_text = "model not available" if message.choice.problem else "ready"
        if self.articles:
            self.pairs.show(self._state(), self.pairs.cursor)
        if early := self._early:
            # Fetched while the engine opened: its cache lookup may have missed them.
            self._early = []
            self._load_cached(message.choice.key, early)
        else:
            self.start_translation()

    def start_translation(self) -> None:
        if self.choice is None or self.choice.engine is None or not self.articles:
            self._update_status()
            return
        shown = self.shown()
        order = [self.article] + [a for a in self.articles if a is not self.article]
        texts = [p.text for a in order for p in a.story if p.text not in shown]
        if texts:
            self._translate(self.choice.engine, list(dict.fromkeys(texts)))

    @work(thread=True, exclusive=True, group="translate", exit_on_error=False)
    def _translate(self, engine: Engine, texts: list[str]) -> None:
        worker = get_current_worker()
        key = engine.key
        try:
            if not engine.prepared:
                self.post_message(Progress(True, "preparing the model (once)"))
                engine.fetch()
            self.post_message(Progress(True, f"loading {engine.name}"))
            done = 0

            def arrived(batch: BatchDone) -> None:
                nonlocal done
                done += len(batch.completed)
                self.post_message(TranslationsArrived(key, dict(batch.completed)))
                self.post_message(Progress(True, f"translated {done}/{len(texts)} ¶"))

            outcome = session.translate_in_order(
                engine, self.cache_dir, texts, arrived, cancelled=lambda: worker.is_cancelled
            )
        finally:
            self.post_message(Progress(False))
        if outcome.failed:
            self.post_message(TranslationFailed(outcome.failed))

    def on_translations_arrived(self, message: TranslationsArrived) -> None:
        if self.reading.arrived(message.key, message.translations, message.person):
            self._apply(message.translations)

    def on_translation_failed(self, message: TranslationFailed) -> None:
        self.reading.failed(message.notes)
        self._apply(message.notes)

    def _apply(self, texts: Iterable[str]) -> None:
        indexes = {i for text in texts for i in self._where.get(text, ())}
        if indexes:
            self.pairs.update_pairs(indexes)
        self._dirty = True

    def _catch_up(self) -> None:
        if self._dirty:
            self._dirty = False
            self._refresh_sidebar()
            self._update_status()

    def on_progress(self, message: Progress) -> None:
        self.status_text = message.text if message.running else "ready"
        self._dirty = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's failure ends here: a notice and the status line, never an exit.

        The articles stay readable whatever a model, the cache or a batch
        raised; what was translated before stays on screen and in the cache.
        """
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = WORKER_TASKS.get(event.worker.group, "a background task")
        # Our own errors are one line that already says what and why.
        ours = isinstance(error, ModelUnavailable | CacheError)
        text = explain(error) if ours else f"{what} failed: {first_line(error)}"
        if isinstance(error, CacheError):
            self.status_text = "cache not available"
        elif isinstance(error, ModelUnavailable) and event.worker.group in READING_GROUPS:
            self.status_text = "model not available"
        else:  # another model's (the one compared with) or an unexpected failure
            self.status_text = f"{what} failed"
        self.notify(text, title="Problem", severity="error", timeout=15)
        self._update_status()

    def _update_status(self, recount: bool = True) -> None:
        if not self.articles:
            return
        blocks, story = self.article.blocks, self.article.story
        if recount:  # only when translations changed: a cursor move needs no count
            self._done = sum(p.text in self.reading.shown for p in story)
        layout = "stacked" if self.pairs.is_stacked else "side by side"
        name = self.choice.name if self.choice else self.model
        where = f"¶ {self.pairs.cursor}/{len(blocks) - 1}" if self.pairs.cursor else "title"
        hits = f" · hit {self.hit + 1}/{len(self.hits)}" if self.hits else ""
        debris = len(blocks) - len(story)
        folded = f" · {debris} debris {'shown' if self.show_debris else 'folded'}" if debris else ""
        if self.list_filter != "all" or self.headline_query:
            folded += f" · listing {self._filter_name()}" + (
                f" matching {self.headline_query!r}" if self.headline_query else ""
            )
        text = (
            f"{name} · {self._done}/{len(story)} translated · {self.status_text} · {layout}"
            f" · {where}{hits}{folded}"
        )
        self.query_one("#status", Static).update(text)

    def on_pair_view_cursor_moved(self, message: PairView.CursorMoved) -> None:
        self._update_status(recount=False)

    # -- paragraph actions ---------------------------------------------------

    def _focused(self) -> tuple[str, CachedParagraph | None]:
        text = self.article.blocks[self.pairs.cursor].text
        return text, self.shown().get(text)

    def action_retranslate(self) -> None:
        if self.choice is None or self.choice.engine is None:
            self.notify("No model to translate with.", severity="warning")
            return
        text, _ = self._focused()
        self.notify("Retranslating…", timeout=2)
        self._retranslate(self.choice.engine, text)

    @work(thread=True, group="retranslate", exit_on_error=False)
    def _retranslate(self, engine: Engine, text: str) -> None:
        result = session.retranslate(engine, self.cache_dir, text)
        if result is not None:
            self.post_message(TranslationsArrived(engine.key, {text: result}))

    def action_edit(self) -> None:
        text, current = self._focused()

        def save(edited: str | None) -> None:
            if edited is not None and edited.strip():
                self._save_edit(text, edited)

        self.push_screen(EditScreen(text, current.translation if current else ""), save)

    @work(thread=True, group="save", exit_on_error=False)
    def _save_edit(self, text: str, edited: str) -> None:
        session.save_person_translation(self.cache_dir, text, edited)
        _, saved = session.cached_translations(self.cache_dir, None, [text])
        self.post_message(TranslationsArrived(None, saved, person=True))

    def action_versions(self) -> None:
        text, current = self._focused()
        self._show_versions(text, current)

    @work(thread=True, group="versions", exit_on_error=False)
    def _show_versions(self, text: str, current: CachedParagraph | None) -> None:
        earlier = []
        if text in self.reading.person:
            earlier += session.history(self.cache_dir, session.PERSON, text)
            if machine := self.reading.machine.get(text):
                earlier.append(machine)
        if self.choice and self.choice.key:
            earlier += session.history(self.cache_dir, self.choice.key, text)
        self.call_from_thread(self.push_screen, VersionsScreen(current, earlier))

    def action_toggle_debris(self) -> None:
        """Mark the focused paragraph as debris, or as story if it is marked."""
        index = self.pairs.cursor
        if index == 0:
            self.notify("The title is always translated.", timeout=3)
            return
        paragraph = self.article.blocks[index]
        automatic = self.loaded[self.current].blocks[index].debris
        wanted, marked = debris.toggled(paragraph.debris, automatic)
        if marked:
            self.marks[paragraph.text] = wanted
        else:
            self.marks.pop(paragraph.text, None)
        self._save_mark(paragraph, automatic)
        self._remark()
        said = "Marked as debris: not translated." if wanted else "Marked as story."
        self.notify(said, timeout=2)
        if wanted is None:
            self.start_translation()

    @work(thread=True, group="mark", exit_on_error=False)
    def _save_mark(self, paragraph: Paragraph, automatic: str | None) -> None:
        session.toggle_debris(self.cache_dir, paragraph, automatic)

    # -- the library -------------------------------------------------------------

    def _set_flags(
        self, entry: LibraryArticle, read: bool | None = None, bookmarked: bool | None = None
    ) -> None:
        changed = replace(
            entry,
            read=entry.read if read is None else read,
            bookmarked=entry.bookmarked if bookmarked is None else bookmarked,
        )
        self.library.update({entry.page_url: changed, entry.url: changed})
        self._save_flags(entry.url, read, bookmarked)
        self._dirty = True

    @work(thread=True, group="library", exit_on_error=False)
    def _save_flags(self, url: str, read: bool | None, bookmarked: bool | None) -> None:
        session.mark_article(self.cache_dir, url, read=read, bookmarked=bookmarked)

    def _current_entry(self) -> LibraryArticle | None:
        entry = self._entry(self.article) if self.articles else None
        if entry is None:
            self.notify("Only articles of the library have a read state.", timeout=3)
        return entry

    def action_toggle_read(self) -> None:
        if entry := self._current_entry():
            self._set_flags(entry, read=not entry.read)

    def action_toggle_bookmark(self) -> None:
        if entry := self._current_entry():
            self._set_flags(entry, bookmarked=not entry.bookmarked)

    def action_refresh_feeds(self) -> None:
        self.notify("Refreshing the feeds…", timeout=2)
        self._refresh_feeds()

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_feeds(self) -> None:
        def fetching(url: str) -> None:
            self.post_message(Progress(True, f"fetching {url}"))

        try:
            summary = fetch_feeds(
                self.cache_dir or default_cache_dir(), warn=lambda _: None, on_fetch=fetching
            )
        finally:
            self.post_message(Progress(False))
        entries = session.library_articles(self.cache_dir)
        self.post_message(LibraryRefreshed(summary.new, summary.failed, entries))

    def on_library_refreshed(self, message: LibraryRefreshed) -> None:
        for entry in message.library:
            self.library.update({entry.page_url: entry, entry.url: entry})
        for problem in message.failed:
            self.notify(problem, title="Refresh", severity="warning", timeout=8)
        self.notify(f"{len(message.new)} new articles.", timeout=3)
        if message.new:
            self.post_message(ArticlesArrived(message.new, []))
        self._dirty = True

    def action_open_original(self) -> None:
        if self.articles and (url := self.article.meta.canonical_url or self.article.meta.url):
            self.open_url(url)
        else:
            self.notify("This article has no web address.", timeout=3)

    def action_show_debris(self) -> None:
        self.show_debris = not self.show_debris
        if self.articles:
            self.pairs.show(self._state(), self.pairs.cursor)
        self._update_status()

    def action_copy(self, pair: bool) -> None:
        text, current = self._focused()
        translation = current.translation if current else ""
        self.copy_to_clipboard(f"{text}\n\n{translation}" if pair else translation)
        self.notify("Copied the pair." if pair else "Copied the translation.", timeout=2)

    # -- views -----------------------------------------------------------------

    def action_toggle_layout(self) -> None:
        self.pairs.stacked = not self.pairs.is_stacked
        self._update_status()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_choose_model(self) -> None:
        name = self.choice.name if self.choice else self.model
        self.push_screen(ModelScreen(self.models, SHORTHANDS.get(name, name)), self._switch)

    def _switch(self, model: str | None) -> None:
        if model:
            self.switch_model(model)

    def switch_model(self, model: str) -> None:
        self.workers.cancel_group(self, "translate")
        self.spec = self.spec_for(model)
        self.choice = None
        self.reading.use_engine(None, ready=False)
        if self.articles:
            self.pairs.show(self._state(), self.pairs.cursor)
        self.start_engine()

    # -- compare ---------------------------------------------------------------

    def action_compare(self) -> None:
        """Compare the current model with the next one, on this article."""
        current = self.choice.name if self.choice else self.model
        current = next((k for k, v in SHORTHANDS.items() if v == current), current)
        other = next(m for m in [*self.models, "identity"] if m not in (current, self.model))
        self.notify(f"Comparing {self.model} with {other}…", timeout=3)
        self._compare(self.article, [self.spec, self.spec_for(other)])

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compare(self, article: Article, specs: list[EngineSpec]) -> None:
        worker = get_current_worker()
        models = [spec.model for spec in specs]
        report = compare_for_reading(
            article, specs, self.cache_dir, lambda: worker.is_cancelled, RESERVE_CORES
        )
        self.post_message(CompareReady(report, models))

    def on_compare_ready(self, message: CompareReady) -> None:
        if message.report.source_file != self.article.source:
            return  # the reader moved on to another article meanwhile

        def chosen(choice: tuple[int, str] | None) -> None:
            if choice is None:
                return
            index, label = choice
            self.pairs.cursor = index
            if label == "edit":
                self.action_edit()
                return
            paragraph = message.report.paragraphs[index]
            if text := paragraph.translations.get(label):
                self._save_edit(paragraph.source, text)
                self.notify(f"Kept {label}'s translation as yours.", timeout=3)

        self.push_screen(CompareScreen(message.report, message.labels), chosen)

    # -- search ----------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        # In the sidebar, / searches the headlines (both languages); elsewhere, the article.
        self._search_headlines = self.focused is self.query_one("#articles", OptionList)
        box.placeholder = (
            "Search headlines in both languages (Enter; empty Enter shows all; Esc)"
            if self._search_headlines
            else "Search both languages (Enter, Esc)"
        )
        if self._search_headlines:
            box.value = ""
        box.display = True
        box.focus()

    def action_cycle_filter(self) -> None:
        """All articles, unread, bookmarked, then each feed in turn."""
        feeds = sorted({e.feed for e in self.library.values() if e.feed})
        order = ["all", "unread", "bookmarked", *(f"feed:{url}" for url in feeds)]
        self.list_filter = order[(order.index(self.list_filter) + 1) % len(order)]
        self._rebuild_sidebar()
        self.notify(f"Showing {self._filter_name()} articles.", timeout=2)
        self._update_status()

    def _filter_name(self) -> str:
        if self.list_filter.startswith("feed:"):
            url = self.list_filter[5:]
            return next((e.site for e in self.library.values() if e.feed == url), url) + "'s"
        return self.list_filter

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        if self._search_headlines:
            self.headline_query = event.value.strip().casefold()
            event.input.display = False
            self._rebuild_sidebar()
            options = self.query_one("#articles", OptionList)
            options.focus()
            if self.headline_query and not self._shown_ids:
                self.notify(f"No headline with {event.value!r}.", timeout=3)
            return
        self.hits = session.search(self.article, self.shown(), event.value)
        grouped: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for hit in self.hits:
            grouped.setdefault((hit.block, hit.side), []).append((hit.start, hit.end))
        self.pairs.state.hits = grouped
        self.pairs.refresh_highlights()
        event.input.display = False
        self.pairs.focus()
        self.hit = -1
        if self.hits:
            self.action_next_hit(1)
        else:
            self.notify(f"No match for {event.value!r}.", timeout=3)
            self._update_status()

    def on_key(self, event) -> None:
        box = self.query_one("#search", Input)
        if event.key == "escape" and box.display:
            box.display = False
            self.pairs.focus()
            event.stop()

    def action_next_hit(self, step: int) -> None:
        if not self.hits:
            return
        self.hit = (self.hit + step) % len(self.hits)
        self.pairs.cursor = self.hits[self.hit].block
        self._update_status()


def run(paths: list[Source], spec: EngineSpec, cache_dir: Path | None = None) -> None:
    ReaderApp(paths, spec, cache_dir).run()
