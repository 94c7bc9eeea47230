"""Thin MkDocs hook: regenerate pages from cases/, tools/ and vocab/ before each build, and watch them in serve."""
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from edupartners import bundle, pipeline, search, seo

WATCHED = ("cases", "tools", "vocab", "schema")


@event_priority(100)
def on_config(config):
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
    root = Path(config.config_file_path).parent
    for folder in WATCHED:
        server.watch(str(root / folder))
    server.watch(str(Path(pipeline.__file__).parent / "templates"))
    return server


def on_page_content(html, page, config, files):
    return seo.resolve_root_links(html, page.url)


@event_priority(-200)  # after mkdocs-static-i18n has written its alternates
def on_post_page(output, page, config):
    return seo.add_x_default(output)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language into the site
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: index once, when all languages are on disk
    if os.environ.get("EP_SEARCH") == "off":  # benchmarks/search_bench.py times the build without search
        return
    if config.extra.get("offline"):  # search cannot work from file://; the offline copy says so instead
        return
    root = Path(config.config_file_path).parent
    try:
        search.build_index(search.site_root(Path(config.site_dir)), root)
    except search.SearchBuildError as exc:
        raise PluginError(f"search index / ดัชนีค้นหา: {exc}") from None
