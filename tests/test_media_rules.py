"""Pictures are checked for what they are: format sniffed from the bytes, SVG refused, size caps per file and record."""

from __future__ import annotations

import os

import pytest
from conftest import CASE
from edupartners import media, pipeline
from test_media_pages import tiny_png

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def with_pictures(root, files: dict[str, bytes]) -> list:
    entries = ""
    for name, data in files.items():
        (root / CASE / name).write_bytes(data)
        entries += (
            f"  - file: {name}\n    alt: {{th: ภาพ, en: A picture}}\n    credit: Someone\n"
            "    licence: CC BY 4.0\n    people: false\n"
        )
    path = root / CASE / "case.yaml"
    path.write_text(path.read_text("utf-8").replace("themes: [", "media:\n" + entries + "themes: [", 1), "utf-8")
    _, report = pipeline.validate(root)
    return report.problems


def test_real_pictures_of_each_format_pass(project):
    webp = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 16
    assert (
        with_pictures(project, {"a.png": tiny_png(), "b.jpg": JPEG, "c.webp": webp, "d.gif": b"GIF89a" + b"\0" * 9})
        == []
    )


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("photo.jpg", SVG, "not a JPEG, PNG, GIF or WebP"),  # SVG with script, disguised
        ("photo.png", b"MZ\x90\x00" + os.urandom(200), "not a JPEG, PNG, GIF or WebP"),
        ("photo.jpg", tiny_png(), "really a PNG picture; name it with .png"),
    ],
)
def test_a_picture_that_is_not_what_its_name_says_is_refused(project, name, data, words):
    [problem] = with_pictures(project, {name: data})
    assert words in problem.en and problem.field == "media[0].file" and problem.line > 1


def test_svg_names_are_refused_by_the_schema(project):
    problems = with_pictures(project, {"map.svg": SVG})
    assert problems and all("media[0].file" in p.field for p in problems)


def test_size_caps_per_picture_and_per_record(project):
    big = JPEG + os.urandom(media.MAX_FILE_BYTES)  # a 2 MB+ file of noise named .jpg
    [problem] = with_pictures(project, {"big.jpg": big})
    assert "the limit is 2,097,152 bytes per picture" in problem.en


def test_pictures_of_one_record_have_a_total_cap(project):
    each = JPEG + b"\x00" * (media.MAX_FILE_BYTES - len(JPEG) - 1)
    problems = with_pictures(project, {f"p{i}.jpg": each for i in range(6)})
    assert [p.field for p in problems] == ["media"] and "bytes per record" in problems[0].en
