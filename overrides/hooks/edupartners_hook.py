"""Thin MkDocs hook: regenerate pages from cases/, tools/ and vocab/ before each build, and watch them in serve."""
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from edupartners import pipeline, seo

WATCHED = ("cases", "tools", "vocab", "schema")


@event_priority(100)
def on_pre_build(config):
    root = Path(config.config_file_path).parent
    try:
        pipeline.build_docs(root, Path(config.docs_dir), config.extra["repo_url"])
    except pipeline.ArchiveInvalid as exc:
        raise PluginError("the archive has problems / คลังข้อมูลมีปัญหา\n" + exc.report.format()) from None


def on_serve(server, config, builder):
    root = Path(config.config_file_path).parent
    for folder in WATCHED:
        server.watch(str(root / folder))
    server.watch(str(Path(pipeline.__file__).parent / "templates"))
    return server


@event_priority(-200)  # after mkdocs-static-i18n has written its alternates
def on_post_page(output, page, config):
    return seo.add_x_default(output)
