"""Thin MkDocs hook: stage and regenerate pages before each build, watch the sources in serve, and pass every page
through the sanitiser and the Content-Security-Policy (HACKING.md, "Threat model")."""

import copy
import html
import logging
import os
from pathlib import Path

from edupartners import bundle, cite, csp, pipeline, sanitize, search, seo, staging, theme
from edupartners.ui import UI
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

_staged: set[tuple[Path, Path]] = set()  # (project root, staging folder) of this process, removed at shutdown
_SERVING = "EP_SERVING"  # set for this process by `mkdocs serve`: MkDocs loads this module again for each rebuild


def _serving() -> bool:
    """`mkdocs serve`: a preview, without the offline copy and (unless EP_SEARCH=on) without the search index."""
    return os.environ.get(_SERVING) == "1"


def on_startup(command, dirty):
    os.environ[_SERVING] = "1" if command == "serve" else ""
    if dirty:  # `edupartners serve` asks for it; MkDocs' warning about it would stop a strict build
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not record.getMessage().startswith("A 'dirty' build is being performed")
        )
    # static-i18n logs every per-language setting it applies; a first `serve` should show only what matters
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)


@event_priority(100)
def on_config(config):
    root = Path(config.config_file_path).parent
    if not staging.is_staging(root, Path(config.docs_dir)):  # MkDocs reads a staging folder, never docs/ itself
        config.docs_dir = str(staging.prepare(root, staging.staging_dir(root, Path(config.site_dir))))
        _staged.add((root, Path(config.docs_dir)))
    if os.environ.get(bundle.OFFLINE_ENV):  # the offline copy opens from the file system
        config.use_directory_urls = False
        config.extra["offline"] = True
    return config


@event_priority(100)
def on_pre_build(config):
    root = Path(config.config_file_path).parent
    try:
        pipeline.build_docs(root, Path(config.docs_dir), config.extra["repo_url"], config.site_url)
    except pipeline.ArchiveInvalid as exc:
        raise PluginError("the archive has problems / คลังข้อมูลมีปัญหา\n" + exc.report.format()) from None


def on_serve(server, config, builder):
    """Watch what people edit, not the staging folder (writing it would trigger a second rebuild)."""
    root = Path(config.config_file_path).parent
    server.unwatch(config.docs_dir)
    for folder in pipeline.SOURCE_FOLDERS:
        server.watch(str(root / folder))
    server.watch(str(Path(pipeline.__file__).parent / "templates"))
    return server


def on_shutdown():
    for root, folder in _staged:
        staging.remove(root, folder)


def on_env(env, config, files):
    env.filters["json_script"] = csp.json_script
    env.filters["head_meta"] = cite.head_meta
    env.globals["ep_ui"] = UI  # theme templates read our words as ep_ui[config.theme.language].<key> (strings.yaml)
    return env


def on_page_markdown(markdown, page, config, files):
    """Front matter is text: the theme prints page.meta values unescaped, so escape them here."""
    for key, value in page.meta.items():
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)
    return markdown


@event_priority(-200)  # last: nothing may add markup after the sanitiser
def on_page_content(content, page, config, files):
    for item in _toc_items(page.toc):
        item.title = sanitize.plain_title(item.title)
    if _serving():  # the preview has no offline copy: say how to make one where the page links to it
        content = bundle.preview_note(content, config.theme["language"])
    return sanitize.clean(seo.resolve_root_links(content, page.url))


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)


@event_priority(-200)  # after mkdocs-static-i18n has written its alternates
def on_post_page(output, page, config):
    return csp.add_policy(theme.hide_alternates(seo.add_x_default(output)), page.content or "")


def on_pre_template(template, template_name, config):
    """The 404 page's language switcher leads to each language's home, not to the last page built (static-i18n
    sets `config.extra.alternate` as an attribute per page; templates read the attribute first)."""
    i18n = config.plugins.get("i18n")
    if template_name == theme.NOT_FOUND and getattr(i18n, "extra_alternate", None):
        config.extra.alternate = copy.deepcopy(i18n.extra_alternate)
    return template


def on_post_template(output_content, template_name, config):
    """Pages rendered from a template alone (404.html) get the policy too, and one 404 page per language."""
    if not template_name.endswith(".html"):
        return output_content
    output = theme.hide_alternates(csp.add_policy(output_content))
    if template_name == theme.NOT_FOUND:
        output = theme.place_not_found(output, config.theme["language"], Path(config.site_dir))
    return output


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language into the site
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: index once, when all languages are on disk
    if os.environ.get("EP_SEARCH") == "off":  # benchmarks/search_bench.py times the build without search
        return
    if _serving() and os.environ.get("EP_SEARCH") != "on":  # not in the preview loop (issue 17): seconds per edit
        return
    if config.extra.get("offline"):  # search cannot work from file://; the offline copy says so instead
        return
    root = Path(config.config_file_path).parent
    try:
        search.build_index(search.site_root(Path(config.site_dir)), root)
    except search.SearchBuildError as exc:
        raise PluginError(f"search index / ดัชนีค้นหา: {exc}") from None
