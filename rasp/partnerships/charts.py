"""The partners overlaid on one radar chart, as SVG text (pure: the callers translate every word).

It follows the rules of ``rasp.reports.charts`` (role="img" with title and description,
presentation attributes only, never colour alone) and reuses its drawing pieces; only the series
styles and the legend differ, because a partnership has one line per partner (up to 20) where an
organisation's chart has three fixed ones. Each partner's line differs by colour, dash pattern and
marker shape, and carries a number that the legend repeats.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasp.reports import charts
from rasp.reports.charts import Series, SeriesStyle

COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#0b0c0c", "#b58840", "#5694ca", "#912b88")
DASHES: tuple[str | None, ...] = (None, "8 5", "2 4", "12 4 2 4")
MARKERS = ("circle", "square", "diamond", "triangle")
LEGEND_ROW = 30
LEGEND_COLUMNS = 2


def partner_style(index: int) -> SeriesStyle:
    """A style no other of the first 32 partners shares (colour, dash and marker cycle apart)."""
    return SeriesStyle(
        COLOURS[index % len(COLOURS)],
        DASHES[(index + index // len(COLOURS)) % len(DASHES)],
        3.0,
        MARKERS[index % len(MARKERS)],
        0.0,
    )


def _series(entry: Series, index: int, count: int) -> str:
    style = partner_style(index)
    path, points = charts._series_path(entry, count)
    group = []
    if path:
        group.append(
            charts._element(
                "path",
                d=path,
                fill="none",
                stroke=style.colour,
                stroke_width=style.width,
                stroke_dasharray=style.dash,
                stroke_linejoin="round",
            )
        )
    group += [charts._marker(style.marker, x, y, 5.0, style, "rasp-chart-point") for x, y in points]
    return charts._element(
        "g", "".join(group), class_=f"rasp-chart-series rasp-series-partner-{index + 1}"
    )


def _legend(series: Sequence[Series], top: float) -> str:
    column = (charts.RADAR_WIDTH - 40) / LEGEND_COLUMNS
    items = []
    for index, entry in enumerate(series):
        style = partner_style(index)
        left = 20 + (index % LEGEND_COLUMNS) * column
        y = top + (index // LEGEND_COLUMNS) * LEGEND_ROW + 12
        line = charts._element(
            "line",
            x1=left,
            y1=y,
            x2=left + 44,
            y2=y,
            stroke=style.colour,
            stroke_width=style.width,
            stroke_dasharray=style.dash,
        )
        marker = charts._marker(style.marker, left + 22, y, 5.0, style, "rasp-chart-legend-marker")
        label = charts._text(
            left + 52,
            y,
            f"{index + 1}. {entry.label}"[:40],
            font_size=16,
            dominant_baseline="middle",
        )
        items.append(charts._element("g", line + marker + label, class_="rasp-chart-legend-item"))
    return charts._element("g", "".join(items), class_="rasp-chart-legend")


def partners_radar(
    *,
    axes: Sequence[str],
    series: Sequence[Series],
    title: str,
    desc: str,
    id_prefix: str = "partners-radar",
    no_score: str = "no score",
) -> str:
    """One line per partner over the areas (scores 0-100, ``None`` leaves a gap), with a legend of
    two columns below that grows with the number of partners.

    Raises ValueError when a series has the wrong number of values.
    """
    count = len(axes)
    for entry in series:
        if len(entry.values) != count:
            raise ValueError(f"series {entry.key!r} has {len(entry.values)} values for {count}")
    body: list[str] = []
    if count >= 3:
        body += charts._radar_grid(count)
    for index, label in enumerate(axes):
        empty = bool(series) and all(s.values[index] is None for s in series)
        body.append(charts._radar_axis(index, count, label, no_score if empty else ""))
    body += [_series(entry, index, count) for index, entry in enumerate(series)]
    legend_top = charts.RADAR_HEIGHT - 44
    rows = max(1, -(-len(series) // LEGEND_COLUMNS))
    height = int(legend_top + rows * LEGEND_ROW + 14)
    body.append(_legend(series, legend_top))
    return charts._svg(id_prefix, charts.RADAR_WIDTH, height, title, desc, "".join(body), "radar")
