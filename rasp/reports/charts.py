"""Charts as SVG text, drawn on the server: the same markup in the page and in the PDF.

Pure Python (no Django): the callers pass every word already translated. Each chart is one
``<svg>`` element that:

* has ``role="img"``, a ``<title>`` and a ``<desc>`` named by ``aria-labelledby``;
* has a fixed ``viewBox`` and scales to its container's width (``width="100%"``);
* uses presentation attributes only (no CSS, no scripts, no external or internal references), so
  it looks the same without the page's stylesheet and under a strict Content Security Policy;
* never relies on colour alone: radar series differ by line style and marker shape and have a
  legend (declared, adjusted and target; or a readiness baseline and the health-check now);
  heat-map cells print their number, and a cell with no questions is marked with a dash.

Every piece of text is XML-escaped. Scores are 0 to 100, heat-map values mean levels 0 to 4;
``None`` means "no score" and is drawn as such, never as 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
MUTED = "#505a5f"


@dataclass(frozen=True)
class Series:
    """One line on the radar chart: a value (0-100 or None) per axis, in the axes' order."""

    key: str  # a short machine name, e.g. "declared": used in class names
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str | None  # stroke-dasharray, None for a solid line
    width: float
    marker: str  # "circle", "square", "diamond" or "triangle"
    fill_opacity: float  # of the area inside the line (0: none)


# Declared, evidence-adjusted and target: distinguishable in greyscale by dash and marker.
DEFAULT_STYLES: dict[str, SeriesStyle] = {
    "declared": SeriesStyle("#0b0c0c", "8 5", 2.5, "square", 0.0),
    "adjusted": SeriesStyle("#1d70b8", None, 3.5, "circle", 0.15),
    "target": SeriesStyle("#505a5f", "2 4", 2.5, "diamond", 0.0),
    # A partnership's health-check against its readiness baseline: then dashed with squares, now
    # solid and shaded with circles, as declared and evidence-adjusted are drawn.
    "baseline": SeriesStyle("#0b0c0c", "8 5", 2.5, "square", 0.0),
    "now": SeriesStyle("#1d70b8", None, 3.5, "circle", 0.15),
}
FALLBACK_STYLES = (
    SeriesStyle("#4c2c92", "12 4 2 4", 2.5, "triangle", 0.0),
    SeriesStyle("#00703c", "4 2", 2.5, "circle", 0.0),
)


@dataclass(frozen=True)
class HeatCell:
    """One heat-map cell: the mean level of its applicable questions (``None``: none applicable)
    and how many questions the cell holds at all (0: nothing to measure there)."""

    value: float | None
    questions: int


@dataclass(frozen=True)
class HeatStep:
    """A colour step of the heat map: values from ``start`` (inclusive) up to the next step."""

    start: float
    fill: str
    ink: str  # text colour on this fill (contrast at least 4.5:1)
    label: str


# Mean levels 0-4, low to high; the label is the legend's wording, given by the caller.
HEAT_FILLS: tuple[tuple[float, str, str], ...] = (
    (0.0, "#d4351c", "#ffffff"),
    (1.0, "#f47738", "#0b0c0c"),
    (2.0, "#ffdd00", "#0b0c0c"),
    (3.0, "#85994b", "#0b0c0c"),
    (3.5, "#00703c", "#ffffff"),
)
EMPTY_FILL = "#ffffff"
NOT_APPLICABLE_FILL = "#f3f2f1"


def _number(value: float) -> str:
    """A coordinate, short and stable: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(**values: object) -> str:
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        text = _number(value) if isinstance(value, float) else str(value)
        parts.append(f"{key}={quoteattr(text)}")
    return " ".join(parts)


def _element(tag: str, content: str | None = None, /, **values: object) -> str:
    attributes = _attrs(**values)
    opening = f"<{tag} {attributes}" if attributes else f"<{tag}"
    if content is None:
        return opening + "/>"
    return f"{opening}>{content}</{tag}>"


def _text(x: float, y: float, text: str, **values: object) -> str:
    values.setdefault("font_family", FONT)
    values.setdefault("fill", TEXT)
    return _element("text", escape(text), x=float(x), y=float(y), **values)


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters where it has spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _multiline(
    x: float, y: float, lines: Sequence[str], line_height: float, **values: object
) -> str:
    """A ``<text>`` with one ``<tspan>`` per line, the block centred vertically on ``y``."""
    top = y - (len(lines) - 1) * line_height / 2
    spans = "".join(
        _element("tspan", escape(line), x=float(x), y=float(top + i * line_height))
        for i, line in enumerate(lines)
    )
    values.setdefault("font_family", FONT)
    values.setdefault("fill", TEXT)
    return _element("text", spans, **values)


def _svg(
    id_prefix: str, width: int, height: int, title: str, desc: str, body: str, kind: str
) -> str:
    title_id = f"{id_prefix}-title"
    desc_id = f"{id_prefix}-desc"
    opening = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        class_=f"rasp-chart rasp-chart--{kind}",
        id=id_prefix,
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        viewBox=f"0 0 {width} {height}",
        width="100%",
        preserveAspectRatio="xMidYMid meet",
        focusable="false",
    )
    return (
        f"<svg {opening}>"
        + _element("title", escape(title), id=title_id)
        + _element("desc", escape(desc), id=desc_id)
        + _element("rect", x=0, y=0, width=width, height=height, fill="#ffffff")
        + body
        + "</svg>"
    )


def _marker(shape: str, x: float, y: float, size: float, style: SeriesStyle, cls: str) -> str:
    common = {"fill": style.colour, "stroke": "#ffffff", "stroke_width": 1.0, "class_": cls}
    if shape == "square":
        return _element(
            "rect", x=x - size, y=y - size, width=2.0 * size, height=2.0 * size, **common
        )
    if shape == "diamond":
        s = size * 1.3
        points = f"{_number(x)},{_number(y - s)} {_number(x + s)},{_number(y)} "
        points += f"{_number(x)},{_number(y + s)} {_number(x - s)},{_number(y)}"
        return _element("polygon", points=points, **common)
    if shape == "triangle":
        s = size * 1.3
        points = f"{_number(x)},{_number(y - s)} {_number(x + s)},{_number(y + s * 0.8)} "
        points += f"{_number(x - s)},{_number(y + s * 0.8)}"
        return _element("polygon", points=points, **common)
    return _element("circle", cx=x, cy=y, r=size, **common)


def _style_for(series: Series, index: int) -> SeriesStyle:
    return DEFAULT_STYLES.get(series.key, FALLBACK_STYLES[index % len(FALLBACK_STYLES)])


def _clamp(value: float, low: float, high: float) -> float:
    if math.isnan(value):
        return low
    return max(low, min(high, value))


# Radar --------------------------------------------------------------------------------------------

RADAR_WIDTH = 680
RADAR_HEIGHT = 470
RADAR_CENTRE = (340.0, 218.0)
RADAR_RADIUS = 165.0
RADAR_RINGS = (25, 50, 75, 100)


def _radar_point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADAR_RADIUS * _clamp(value, 0.0, 100.0) / 100.0
    cx, cy = RADAR_CENTRE
    return cx + distance * math.cos(angle), cy + distance * math.sin(angle)


def _radar_grid(count: int) -> list[str]:
    parts = []
    for ring in RADAR_RINGS:
        points = " ".join(
            f"{_number(x)},{_number(y)}"
            for x, y in (_radar_point(i, count, float(ring)) for i in range(count))
        )
        parts.append(_element("polygon", points=points, fill="none", stroke=GRID, stroke_width=1.0))
        x, y = _radar_point(0, count, float(ring))
        parts.append(_text(x - 6, y + 4, str(ring), font_size=12, fill=MUTED, text_anchor="end"))
    return parts


def _radar_axis(index: int, count: int, label: str, no_score: str) -> str:
    cx, cy = RADAR_CENTRE
    x, y = _radar_point(index, count, 100.0)
    axis = _element(
        "line", x1=cx, y1=cy, x2=x, y2=y, stroke=GRID, stroke_width=1.0, class_="rasp-chart-axis"
    )
    lx, ly = _radar_point(index, count, 100.0)
    angle = -math.pi / 2 + 2 * math.pi * index / count
    dx, dy = math.cos(angle), math.sin(angle)
    lx, ly = lx + dx * 22, ly + dy * 22
    anchor = "middle" if abs(dx) < 0.3 else ("start" if dx > 0 else "end")
    lines = wrap(label, 14)
    if no_score:
        lines.append(no_score)
    if dy < -0.5:
        ly -= (len(lines) - 1) * 8
    elif dy > 0.5:
        ly += (len(lines) - 1) * 8
    text = _multiline(
        lx, ly, lines, 19.0, font_size=17, text_anchor=anchor, dominant_baseline="middle"
    )
    return axis + text


def _series_path(series: Series, count: int) -> tuple[str, list[tuple[float, float]]]:
    """Path data joining the series' points; a missing value breaks the line around it."""
    points: list[tuple[float, float] | None] = [
        None if value is None else _radar_point(i, count, value)
        for i, value in enumerate(series.values)
    ]
    segments: list[str] = []
    for i, point in enumerate(points):
        if point is None:
            continue
        previous = points[i - 1] if count > 1 else None
        command = "L" if previous is not None and i > 0 else "M"
        segments.append(f"{command}{_number(point[0])},{_number(point[1])}")
    if count > 2 and points[0] is not None and points[-1] is not None:
        segments.append("Z")
    return " ".join(segments), [p for p in points if p is not None]


def radar_chart(
    *,
    axes: Sequence[str],
    series: Sequence[Series],
    title: str,
    desc: str,
    id_prefix: str = "radar",
    no_score: str = "no score",
) -> str:
    """A radar chart: one axis per label (clockwise from the top), rings at 25/50/75/100, one
    line per series with its own dash and marker, and a legend below.

    An axis where every series but the target is ``None`` is labelled with ``no_score``; a ``None`` value leaves
    a gap in its series' line. Raises ValueError when a series has the wrong number of values.
    """
    count = len(axes)
    for entry in series:
        if len(entry.values) != count:
            raise ValueError(f"series {entry.key!r} has {len(entry.values)} values for {count}")
    body: list[str] = []
    if count >= 3:
        body += _radar_grid(count)
    for index, label in enumerate(axes):
        measured = [s for s in series if s.key != "target"] or list(series)
        empty = bool(measured) and all(s.values[index] is None for s in measured)
        body.append(_radar_axis(index, count, label, no_score if empty else ""))
    for number, entry in enumerate(series):
        style = _style_for(entry, number)
        path, points = _series_path(entry, count)
        group = []
        if path:
            group.append(
                _element(
                    "path",
                    d=path,
                    fill=style.colour if style.fill_opacity and path.endswith("Z") else "none",
                    fill_opacity=style.fill_opacity if path.endswith("Z") else None,
                    stroke=style.colour,
                    stroke_width=style.width,
                    stroke_dasharray=style.dash,
                    stroke_linejoin="round",
                )
            )
        group += [_marker(style.marker, x, y, 5.0, style, "rasp-chart-point") for x, y in points]
        body.append(
            _element("g", "".join(group), class_=f"rasp-chart-series rasp-series-{entry.key}")
        )
    body.append(_legend(series, RADAR_HEIGHT - 44))
    return _svg(id_prefix, RADAR_WIDTH, RADAR_HEIGHT, title, desc, "".join(body), "radar")


def _legend(series: Sequence[Series], top: float) -> str:
    entries = []
    column = RADAR_WIDTH / max(len(series), 1)
    for number, entry in enumerate(series):
        style = _style_for(entry, number)
        left = 20 + number * column
        y = top + 12
        lines = wrap(entry.label, 20)
        line = _element(
            "line",
            x1=left,
            y1=y,
            x2=left + 44,
            y2=y,
            stroke=style.colour,
            stroke_width=style.width,
            stroke_dasharray=style.dash,
        )
        marker = _marker(style.marker, left + 22, y, 5.0, style, "rasp-chart-legend-marker")
        label = _multiline(
            left + 52,
            y,
            lines,
            18.0,
            font_size=16,
            dominant_baseline="middle",
        )
        entries.append(_element("g", line + marker + label, class_="rasp-chart-legend-item"))
    return _element("g", "".join(entries), class_="rasp-chart-legend")


# Heat map -----------------------------------------------------------------------------------------

HEAT_LABEL_WIDTH = 150
HEAT_CELL_WIDTH = 78
HEAT_CELL_HEIGHT = 56
HEAT_HEADER_HEIGHT = 56
HEAT_LEGEND_HEIGHT = 96


def heat_step(value: float) -> tuple[str, str]:
    """The fill and text colour of a heat-map value (mean level 0 to 4)."""
    fill, ink = HEAT_FILLS[0][1], HEAT_FILLS[0][2]
    for start, step_fill, step_ink in HEAT_FILLS:
        if value >= start:
            fill, ink = step_fill, step_ink
    return fill, ink


def heat_map(
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[HeatCell]],
    title: str,
    desc: str,
    legend: Sequence[str],
    empty_label: str,
    not_applicable_label: str,
    id_prefix: str = "heat-map",
    marks: tuple[str, str] = ("–", "n/a"),
) -> str:
    """A grid of rows × columns, each cell filled by its value's step and showing the value to
    one decimal place; a cell with no questions shows "–" on white with a dashed border, a cell
    whose questions are all not applicable shows "n/a" on grey (``marks``: those two texts).

    ``legend`` names the colour steps of ``HEAT_FILLS`` (same order); ``empty_label`` and
    ``not_applicable_label`` name the two markings. Raises ValueError when ``cells`` does not
    match ``rows`` and ``columns``.
    """
    if len(cells) != len(rows) or any(len(row) != len(columns) for row in cells):
        raise ValueError("cells must have one row per row label and one cell per column")
    if len(legend) != len(HEAT_FILLS):
        raise ValueError(f"legend needs {len(HEAT_FILLS)} labels")
    width = HEAT_LABEL_WIDTH + HEAT_CELL_WIDTH * len(columns) + 10
    grid_height = HEAT_HEADER_HEIGHT + HEAT_CELL_HEIGHT * len(rows)
    height = grid_height + HEAT_LEGEND_HEIGHT
    body: list[str] = []
    for c, column in enumerate(columns):
        x = HEAT_LABEL_WIDTH + c * HEAT_CELL_WIDTH + HEAT_CELL_WIDTH / 2
        body.append(
            _multiline(
                x,
                HEAT_HEADER_HEIGHT / 2,
                wrap(column, 11),
                15.0,
                font_size=13,
                text_anchor="middle",
                dominant_baseline="middle",
                font_weight="bold",
                class_="rasp-chart-column",
            )
        )
    for r, (label, row) in enumerate(zip(rows, cells, strict=True)):
        top = HEAT_HEADER_HEIGHT + r * HEAT_CELL_HEIGHT
        body.append(
            _multiline(
                HEAT_LABEL_WIDTH - 10,
                top + HEAT_CELL_HEIGHT / 2,
                wrap(label, 18),
                16.0,
                font_size=14,
                text_anchor="end",
                dominant_baseline="middle",
                font_weight="bold",
                class_="rasp-chart-row",
            )
        )
        for c, cell in enumerate(row):
            left = HEAT_LABEL_WIDTH + c * HEAT_CELL_WIDTH
            body.append(_heat_cell(left, top, cell, marks))
    body.append(
        _heat_legend(legend, (empty_label, not_applicable_label), marks, grid_height + 16, width)
    )
    return _svg(id_prefix, width, height, title, desc, "".join(body), "heat-map")


def _heat_cell(left: float, top: float, cell: HeatCell, marks: tuple[str, str]) -> str:
    x, y = left + HEAT_CELL_WIDTH / 2, top + HEAT_CELL_HEIGHT / 2
    box = {"x": left + 2.0, "y": top + 2.0, "width": HEAT_CELL_WIDTH - 4.0}
    box["height"] = HEAT_CELL_HEIGHT - 4.0
    if cell.questions <= 0:
        kind, fill, ink, shown, dash = "empty", EMPTY_FILL, MUTED, marks[0], "4 3"
    elif cell.value is None:
        kind, fill, ink, shown, dash = "not-applicable", NOT_APPLICABLE_FILL, TEXT, marks[1], None
    else:
        value = _clamp(cell.value, 0.0, 4.0)
        fill, ink = heat_step(value)
        kind, shown, dash = "value", f"{value:.1f}", None
    rect = _element(
        "rect",
        **box,
        fill=fill,
        stroke=MUTED if kind != "value" else "#ffffff",
        stroke_width=1.5,
        stroke_dasharray=dash,
    )
    text = _text(
        x,
        y,
        shown,
        font_size=17,
        font_weight="bold",
        fill=ink,
        text_anchor="middle",
        dominant_baseline="central",
    )
    return _element("g", rect + text, class_=f"rasp-chart-cell rasp-cell-{kind}")


def _heat_legend(
    legend: Sequence[str],
    labels: tuple[str, str],
    marks: tuple[str, str],
    top: float,
    width: float,
) -> str:
    items: list[tuple[str, str, str | None, str]] = [
        (fill, label, None, "")
        for (_start, fill, _ink), label in zip(HEAT_FILLS, legend, strict=True)
    ]
    items.append((NOT_APPLICABLE_FILL, labels[1], None, marks[1]))
    items.append((EMPTY_FILL, labels[0], "4 3", marks[0]))
    per_row = 4
    column = (width - 20) / per_row
    parts = []
    for i, (fill, label, dash, mark) in enumerate(items):
        left = 10 + (i % per_row) * column
        y = top + (i // per_row) * 34
        swatch = _element(
            "rect",
            x=left,
            y=y,
            width=28,
            height=22,
            fill=fill,
            stroke=MUTED,
            stroke_width=1.0,
            stroke_dasharray=dash,
        )
        marking = (
            _text(
                left + 14,
                y + 11,
                mark,
                font_size=11,
                text_anchor="middle",
                dominant_baseline="central",
            )
            if mark
            else ""
        )
        text = _text(left + 34, y + 11, label, font_size=13, dominant_baseline="central")
        parts.append(_element("g", swatch + marking + text, class_="rasp-chart-legend-item"))
    return _element("g", "".join(parts), class_="rasp-chart-legend")
