"""The thin MkDocs plugin (`edupartners` in mkdocs.yml): stage and regenerate pages before each build, watch the
sources in `serve`, and pass every page through the sanitiser and the Content-Security-Policy (HACKING.md, "Threat
model"). Each event is a call or two into our modules; what they do is documented there.

Options (mkdocs.yml, `plugins: - edupartners: {...}`; a caller of MkDocs' Python API sets them with `configure`,
as `edupartners build --no-search` does through cli.mkdocs_build):

    search: auto      # auto: index in `build`, not in the `serve` preview (issue 17); on: always; off: never
    offline: false    # true: build the offline variant with MkDocs itself, only to compare with bundle.py's copy

The plugin defines on_startup, so MkDocs keeps one instance across the rebuilds of a `serve` (MkDocs 1.4+): what
it holds (`serving`, the staging folders and the archive loaded for them) lives as long as the server.
"""

from __future__ import annotations

import copy
import ctypes
import datetime
import gc
import html
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_build_date

from . import bundle, cite, csp, pipeline, preview, sanitize, search, seo, staging, theme
from .ui import UI


class _OnOff(c.Choice):
    """A choice of words where YAML's `on`/`off` (read as true/false) mean the words "on" and "off"."""

    def run_validation(self, value):
        return super().run_validation({True: "on", False: "off"}.get(value, value))


class PluginConfig(base.Config):
    search = _OnOff(("auto", "on", "off"), default="auto")
    offline = c.Type(bool, default=False)


NAME = "edupartners"  # in mkdocs.yml and pyproject.toml's entry point


def configure(config, **options) -> None:
    """Set options of our plugin over mkdocs.yml's in a loaded MkDocs configuration, checked as mkdocs.yml's are."""
    plugin = config.plugins[NAME]
    plugin.config.load_dict(options)
    errors, _ = plugin.config.validate()
    if errors:
        raise ConfigurationError("; ".join(f"plugin {NAME}, option {key}: {error}" for key, error in errors))


class EducationPartnersPlugin(BasePlugin[PluginConfig]):
    def __init__(self):
        self.serving = False  # `mkdocs serve`: a preview, without the offline copy and (search: auto) the index
        self.dirty = False  # `serve --dirty` (`edupartners serve`'s default): edits may take preview.py's quick path
        self.docs: dict[Path, pipeline.StagedDocs] = {}  # staging folder -> what this process knows of it
        self.staged: set[tuple[Path, Path]] = set()  # (project root, staging folder) made here, removed at shutdown
        self.preview = preview.Preview()  # `serve`'s quick path: an edit's own pages rendered, not the whole site

    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        _quiet_logs(dirty)

    @event_priority(100)
    def on_config(self, config):
        root = Path(config.config_file_path).parent
        if not staging.is_staging(root, Path(config.docs_dir)):  # MkDocs reads a staging folder, never docs/ itself
            config.docs_dir = str(staging.prepare(root, staging.staging_dir(root, Path(config.site_dir))))
            self.staged.add((root, Path(config.docs_dir)))
        if self.config.offline:  # the offline copy opens from the file system
            config.use_directory_urls = False
            config.extra["offline"] = True
        return config

    @event_priority(100)
    def on_pre_build(self, config):
        gc.unfreeze()  # what the last build left may be collected again (_freeze_heap)
        root, folder = Path(config.config_file_path).parent, Path(config.docs_dir)
        docs = self.docs.setdefault(folder, pipeline.StagedDocs(root, folder, preview=self.serving))
        try:
            docs.build(config.extra["repo_url"], config.site_url)
        except pipeline.ArchiveInvalid as exc:
            raise PluginError("the archive has problems / คลังข้อมูลมีปัญหา\n" + exc.report.format()) from None

    def on_serve(self, server, config, builder):
        """Watch what people edit, not the staging folder (writing it would trigger a second rebuild); an edit that
        preview.py can show by rendering its own pages skips MkDocs' whole rebuild. Its watcher sees every path the
        server watches (mkdocs.yml and the theme too), so that no change behind a rebuild goes unseen."""
        server.unwatch(config.docs_dir)
        for folder in pipeline.watched(Path(config.config_file_path).parent):
            server.watch(str(folder))
        watched = getattr(server, "_watched_paths", None)  # MkDocs 1.x; without it, every edit takes the whole rebuild
        if not self.dirty or self.config.search == "on" or not watched:  # `--no-dirty` asks for whole rebuilds;
            return server  # a preview with an index needs them too
        for path in watched:
            server.observer.schedule(self.preview.changes, path, recursive=True)
        whole, docs, site_dir = server.builder, self.docs[Path(config.docs_dir)], config.site_dir
        server.builder = lambda: self.preview.rebuild(docs, whole, site_dir)
        return server

    @event_priority(-110)  # after mkdocs-static-i18n's
    def on_nav(self, nav, config, files):
        if self.serving:
            self.preview.saw_nav(nav)
        return nav

    def on_build_error(self, error):
        self.preview.failed()

    def on_shutdown(self):
        self.preview.finish()
        for root, folder in self.staged:
            staging.remove(root, folder)
        self.staged.clear()
        self.docs.clear()

    def on_env(self, env, config, files):
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        if pages and not any(page.update_date for page in pages):  # no record: MkDocs needs one date for the
            for page in pages:  # sitemap's gzip header, and the build's day is all there is
                page.update_date = get_build_date()
        env.filters["json_script"] = csp.json_script
        env.filters["head_meta"] = cite.head_meta
        env.globals["ep_ui"] = UI  # theme templates read our words as ep_ui[config.theme.language].<key> (strings.yaml)
        if self.serving:
            self.preview.saw_env(getattr(config.plugins.get("i18n"), "current_language", None), config, files, env)
        return env

    def on_page_markdown(self, markdown, page, config, files):
        """Front matter is text: the theme prints page.meta values unescaped, so escape them here. The sitemap's
        date of a page is the day its record was last reviewed (front matter `updated`), never the build's day: a
        page without one has none, and a rebuild of the same sources writes the same bytes."""
        page.update_date = _iso_date(page.meta.get("updated"))
        for key, value in page.meta.items():
            if isinstance(value, str):
                page.meta[key] = html.escape(value, quote=True)
        return markdown

    @event_priority(-200)  # last: nothing may add markup after the sanitiser
    def on_page_content(self, content, page, config, files):
        for item in _toc_items(page.toc):
            item.title = sanitize.plain_title(item.title)
        if self.serving:  # the preview has no offline copy: say how to make one where the page links to it
            content = bundle.preview_note(content, config.theme["language"])
        return sanitize.clean(seo.resolve_root_links(content, page.url))

    @event_priority(-200)  # after mkdocs-static-i18n has written its alternates
    def on_post_page(self, output, page, config):
        output = csp.add_policy(theme.hide_alternates(seo.add_x_default(output)), page.content or "")
        # Written: drop its text, which MkDocs keeps for every page to the end of the build (and static-i18n the
        # first language's through the next): dev/scale.md. Markdown "", not None: Page.title reads None as "no title".
        page.markdown, page.content = "", None
        return output

    def on_pre_template(self, template, template_name, config):
        """The 404 page's language switcher leads to each language's home, not to the last page built (static-i18n
        sets `config.extra.alternate` as an attribute per page; templates read the attribute first)."""
        i18n = config.plugins.get("i18n")
        if template_name == theme.NOT_FOUND and getattr(i18n, "extra_alternate", None):
            config.extra.alternate = copy.deepcopy(i18n.extra_alternate)
        return template

    def on_post_template(self, output_content, template_name, config):
        """Pages rendered from a template alone (404.html) get the policy too, and one 404 page per language."""
        if not template_name.endswith(".html"):
            return output_content
        output = theme.hide_alternates(csp.add_policy(output_content))
        if template_name == theme.NOT_FOUND:
            output = theme.place_not_found(output, config.theme["language"], Path(config.site_dir))
        return output

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language into the site
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # a nested per-language build: index once, when all languages are on disk
        if self.serving:
            self.preview.built()
            _freeze_heap()
        else:  # a build's peak memory; a preview's edit would wait for the collector
            _release_memory()  # what MkDocs held of every page, before the site is read again
        theme.finish_site(
            search.site_root(Path(config.site_dir)), Path(config.config_file_path).parent, preview=self.serving
        )
        wanted = self.config.search == "on" or (self.config.search == "auto" and not self.serving)
        if not wanted or config.extra.get("offline"):  # search cannot work from file://; the offline copy says so
            return
        try:
            search.build_index(search.site_root(Path(config.site_dir)), Path(config.config_file_path).parent)
        except search.SearchBuildError as exc:
            raise PluginError(f"search index / ดัชนีค้นหา: {exc}") from None


def _iso_date(value) -> str:
    """'2026-11-24' (or YAML's date) as YYYY-MM-DD; anything else as "", which the sitemap leaves out."""
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return ""


def _freeze_heap() -> None:
    """`serve`, after a whole build: collect what the last one left, then set everything alive aside (gc.freeze), so
    that the collections an edit sets off scan only what the edit made, not every page of the site (a full
    collection took 0.3 s and more at 2,000 cases per language). The next build's on_pre_build unfreezes."""
    gc.collect()
    gc.freeze()


def _release_memory() -> None:
    """Free what is no longer reachable (pages link each other in cycles) and, with glibc, hand the freed heap back
    to the system: otherwise the search indexer's memory comes on top of MkDocs' (peak at 2,000 cases: dev/scale.md)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by this process instead
        pass


def _quiet_logs(dirty: bool) -> None:
    if dirty:  # `edupartners serve` asks for it; MkDocs' warning about it would stop a strict build
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not record.getMessage().startswith("A 'dirty' build is being performed")
        )
    # static-i18n logs every per-language setting it applies; a first `serve` should show only what matters
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)
