"""`serve`'s quick path (issue 17): an edit of the sources is shown by staging what it changes
(`pipeline.StagedDocs.edit`) and rendering only the staged pages that changed, with what the last whole build left
of each language (its files, navigation, templates and configuration), instead of MkDocs' passes over the whole
site (~30 s at 2,000 cases per language). An edit that adds or removes a file, and any doubt, takes MkDocs' whole
(dirty) rebuild, as before.

The edit's own pages (the edited records' pages, an edited page of docs/) are staged and rendered first, and the
browser reloads as soon as they are written; the other files an edit of facts changed (lists and related cases
naming an edited title, the downloads) are staged and rendered next, on a thread of their own, and the next rebuild
waits for them.

What a quick edit leaves behind is what `mkdocs serve --dirty` leaves: the edited pages are new, the others keep
what they showed (a changed title reaches other pages' navigation at the next whole rebuild).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from . import pipeline

log = logging.getLogger("mkdocs.plugins.edupartners")
FINISHED = "assets/"  # staged files the site holds only as theme.finish_site leaves them


class Changes(FileSystemEventHandler):
    """The files the watcher reports between two rebuilds (it runs on the watcher's thread). A folder created,
    removed or moved asks for the whole rebuild."""

    def __init__(self):
        self._lock = threading.Lock()
        self._paths: set[Path] = set()
        self._whole = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # read, not written
        with self._lock:
            if event.is_directory:
                self._whole = self._whole or event.event_type != "modified"  # "modified": a file in it, reported too
                return
            self._paths.add(Path(os.fsdecode(event.src_path)))
            if getattr(event, "dest_path", ""):
                self._paths.add(Path(os.fsdecode(event.dest_path)))

    def take(self) -> tuple[set[Path], bool]:
        """The paths reported since the last call, and whether the whole rebuild is needed anyway."""
        with self._lock:
            paths, whole = self._paths, self._whole
            self._paths, self._whole = set(), False
        return paths, whole


@dataclass
class View:
    """What one language's build left: enough to render one of its pages again. static-i18n sets each language's
    settings on the one configuration both builds share, so the settings are kept as they were (`settings`)."""

    config: object
    files: object
    nav: object
    env: object
    settings: tuple = ()
    pages: list = ()  # the documentation pages, as MkDocs' build gives them to each page's template

    def __post_init__(self):
        self.settings = (dict(self.config.data), dict(self.config.theme), dict(self.config.extra))
        self.pages = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)

    def restore(self) -> None:
        top, theme, extra = self.settings
        self.config.data.update(top)
        for key in set(self.config.theme) - set(theme):
            del self.config.theme[key]
        self.config.theme.update(theme)
        self.config.extra.data.clear()
        self.config.extra.data.update(extra)


class Preview:
    """The views of the last whole build, per language, and the quick rendering of an edit with them."""

    def __init__(self):
        self.changes = Changes()
        self.views: dict[str | None, View] = {}  # language (None without static-i18n) -> its view
        self._pending: dict[str | None, View] = {}  # views of the build running now
        self._nav = None
        self._rest: threading.Thread | None = None  # rendering the pages an edit changed beyond its own

    def saw_nav(self, nav) -> None:
        self._nav = nav

    def saw_env(self, language: str | None, config, files, env) -> None:
        """on_env comes after on_nav and before the pages are written: the language's build is fully known."""
        self._pending[language] = View(config, files, self._nav, env)

    def built(self) -> None:
        """The whole build ended well: its views replace the last ones."""
        self.views, self._pending = self._pending, {}

    def failed(self) -> None:
        """A build failed: until one succeeds, every edit takes the whole rebuild."""
        self.views, self._pending = {}, {}

    def rebuild(self, docs: pipeline.StagedDocs, whole: Callable[[], None], site_dir: str) -> None:
        """What the server runs after a change: the quick path when it can show the edit, else MkDocs' whole rebuild,
        on an emptied site when a file beyond the sources changed (mkdocs.yml, the theme), since `--dirty` renders
        only pages whose Markdown changed."""
        self.finish()
        paths, folder_changed = self.changes.take()
        if not folder_changed and paths and self.views and self._quick(docs, paths):
            return
        sources = pipeline.watched(docs.root)
        if any(not any(path.is_relative_to(source) for source in sources) for path in paths):
            utils.clean_directory(site_dir)
        whole()

    def _quick(self, docs: pipeline.StagedDocs, paths: set[Path]) -> bool:
        """Show the edit by rendering its pages alone; False (nothing rendered) when it needs the whole rebuild. Any
        error here leaves it to the whole rebuild, which reports it."""
        try:
            staged = docs.edit(paths)
            found = self._shown(docs, staged)
            if found is None:
                return False
            self._output(found)
        except Exception as exc:  # noqa: BLE001 - the whole rebuild runs next and reports the problem properly
            log.debug("quick preview gave up: %s", exc)
            self.views = {}
            return False
        log.info("Rendered again alone / แสดงผลใหม่เฉพาะหน้าที่แก้: %s", ", ".join(sorted(staged)) or "-")
        if docs.stale:
            self._rest = threading.Thread(target=self._output_rest, args=(docs,), name="preview-rest", daemon=True)
            self._rest.start()
        return True

    def _shown(self, docs: pipeline.StagedDocs, staged: list[str] | None) -> list | None:
        """(language, view, file) of each staged file in the last whole build; None when the whole rebuild must
        show them: nothing staged (`edit` gave up), the site's stylesheets (theme.finish_site makes them after a
        whole build) or a file no language shows yet (a new page)."""
        if staged is None or any(rel.startswith(FINISHED) for rel in staged):
            return None
        wanted = {os.path.normpath(docs.folder / rel) for rel in staged}
        found = [
            (language, view, file)
            for language, view in self.views.items()
            for file in view.files
            if os.path.normpath(file.abs_src_path or "") in wanted
        ]
        if {os.path.normpath(file.abs_src_path) for _, _, file in found} != wanted or any(
            file.is_documentation_page() and file.page is None for _, _, file in found
        ):
            return None
        return found

    def finish(self) -> None:
        """Wait for the pages the last edit changed beyond its own (before a rebuild, or the server's end)."""
        if self._rest is not None:
            self._rest.join()
            self._rest = None

    def _output_rest(self, docs: pipeline.StagedDocs) -> None:
        """Stage and render the other files the edit changed (pipeline.StagedDocs.rest)."""
        start = time.perf_counter()
        try:
            found = self._shown(docs, docs.rest())
            if found is None:
                raise ValueError("the files to show are not those of the last whole build")
            self._output(found)
        except Exception as exc:  # noqa: BLE001 - a thread's failure would go unseen: the next edit rebuilds it all
            log.warning("Pages the edit changed were not all rendered (%s): the next edit rebuilds the site", exc)
            self.views = {}
            return
        log.info(
            "Rendered the other pages the edit changed / แสดงผลหน้าอื่นที่การแก้ไขกระทบแล้ว: %d (%.1f s)",
            len(found),
            time.perf_counter() - start,
        )

    def _output(self, found: list) -> None:
        for language, view, file in found:
            if file.is_documentation_page():
                self._render(language, view, file.page)
            else:
                file.copy_file()  # as MkDocs' build copies a static file (data exports, citations)

    @staticmethod
    def _render(language: str | None, view: View, page) -> None:
        """Render one page as MkDocs' build renders it, with its language's settings and static-i18n's language."""
        config = view.config
        view.restore()
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            current = i18n.current_language
            i18n.current_language = language
        try:
            _populate_page(page, config, view.files)
            _build_page(page, config, view.pages, view.nav, view.env)
        finally:
            if i18n is not None:
                i18n.current_language = current
