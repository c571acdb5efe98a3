"""The page's SVG charts as PNG pictures, for documents that cannot hold SVG (Word).

cairosvg draws the very SVG the results page shows, so the picture is the same chart. It runs
with ``unsafe=False``: no XML entities and no external files or URLs are read, whatever the SVG
holds (our charts never link to anything; this is a second lock).
"""

from __future__ import annotations

import re

import cairosvg

# Twice the SVG's own size: sharp when printed at the width Word gives it.
SCALE = 2
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def svg_to_png(svg: str) -> bytes:
    """The chart as a PNG, twice the size of its view box."""
    match = _VIEWBOX.search(svg)
    width = float(match.group(1)) * SCALE if match else None
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width, unsafe=False)
    return png
