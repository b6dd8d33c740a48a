"""Text drawn into exported pictures, in Hindi as well as English, shaped correctly.

Matplotlib lays text out glyph by glyph: a Devanagari title comes out as boxes, or with its vowel signs on the
wrong side of the consonant. Pillow with libraqm (HarfBuzz) shapes conjuncts and matras, so exported pictures
draw their words with it. The Noto Devanagari font has no Latin letters and Noto Sans no Devanagari, so a line
is cut into runs of one script, each drawn in its own font.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from atlas.errors import FontMissing
from atlas.settings import settings

# Devanagari letters with their signs; spaces, digits and punctuation belong to whichever run they stand in,
# when its font has them ("·" and "–" are not in the Devanagari font).
_DEVANAGARI = re.compile(r"[\u0900-\u097F\uA8E0-\uA8FF\u200C\u200D]")
_NEUTRAL = re.compile(r"[^\w]|\d")
FONT_FILES = {"latin": "NotoSans-Regular.ttf", "devanagari": "NotoSansDevanagari-Regular.ttf"}


def _path(script: str) -> Path:
    path = settings.font_dir / FONT_FILES[script]
    if not path.is_file():
        raise FontMissing(path)
    return path


@cache
def font(script: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_path(script)), size, layout_engine=ImageFont.Layout.RAQM)


@cache
def _covers(script: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(_path(script)), lazy=True).getBestCmap())


def runs(line: str) -> list[tuple[str, str]]:
    """``line`` cut into (script, text) runs; spaces, digits and punctuation join the run they stand in."""
    out: list[tuple[str, str]] = []
    for char in line:
        script = "devanagari" if _DEVANAGARI.match(char) else "latin"
        joins = _NEUTRAL.match(char) and ord(char) in _covers(out[-1][0]) if out else False
        if out and (script == out[-1][0] or joins):
            out[-1] = (out[-1][0], out[-1][1] + char)
        else:
            out.append((script, char))
    return out


def width(line: str, size: int) -> int:
    return sum(round(font(script, size).getlength(text)) for script, text in runs(line))


def draw(canvas: Image.Image, xy: tuple[int, int], line: str, *, size: int, fill: str = "#111827") -> None:
    """Draw ``line`` with its top-left corner at ``xy``."""
    pen = ImageDraw.Draw(canvas)
    x, y = xy
    for script, text in runs(line):
        pen.text((x, y), text, font=font(script, size), fill=fill)
        x += round(font(script, size).getlength(text))
