"""A benefit's expected and actual figures over time, as one server-drawn SVG.

Pure Python (no Django): callers pass every word already translated, and every figure's label.
Like the results charts it has ``role="img"``, a title and a description, a fixed viewBox that
scales to the page, presentation attributes only, and never relies on colour alone: the expected
line is dashed with hollow markers, the actual line solid with filled squares, and a legend
names both. The page puts a table with the same figures next to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
EXPECTED = "#505a5f"
ACTUAL = "#1d70b8"
BEHIND = "#d4351c"

WIDTH, HEIGHT = 680, 360
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 20, 90


@dataclass(frozen=True)
class Point:
    when: dt.date
    value: Decimal
    behind: bool = False


@dataclass(frozen=True)
class Words:
    title: str
    description: str
    expected: str
    actual: str
    behind: str


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(span: Decimal, count: int = 5) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``count`` intervals."""
    raw = span / count
    if raw <= 0:
        return Decimal(1)
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        step = power * factor
        if step >= raw:
            return step
    return power * 10  # pragma: no cover - the loop always returns


def _axis(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal, list[Decimal]]:
    """Round bounds that hold ``low`` and ``high``, and the ticks between them."""
    step = nice_step(high - low)
    bottom = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    top = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if top == bottom:
        top = bottom + step
    ticks = []
    value = bottom
    while value <= top:
        ticks.append(value)
        value += step
    return bottom, top, ticks


def benefit_chart(
    *,
    chart_id: str,
    words: Words,
    expected: Sequence[Point],
    actual: Sequence[Point],
    label: Callable[[Decimal], str],
    date_label: Callable[[dt.date], str],
) -> str:
    """The SVG text. ``expected`` is the straight line from baseline to target (two or more
    points), ``actual`` the recorded figures, oldest first."""
    points = [*expected, *actual]
    first = min(p.when for p in points)
    last = max(p.when for p in points)
    span = max((last - first).days, 1)
    low, high, ticks = _axis(
        min(min(p.value for p in points), Decimal(0)), max(p.value for p in points)
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(when: dt.date) -> float:
        return LEFT + plot_w * (when - first).days / span

    def y(value: Decimal) -> float:
        return TOP + plot_h * float((high - value) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" id={quoteattr(chart_id)} '
        f'font-family="{FONT}" font-size="13" class="rasp-chart">',
        f'<title id="{chart_id}-title">{escape(words.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(words.description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for tick in ticks:
        ty = _n(y(tick))
        parts.append(
            f'<line x1="{LEFT}" y1="{ty}" x2="{WIDTH - RIGHT}" y2="{ty}" stroke="{GRID}" '
            f'stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{ty}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{TEXT}">{escape(label(tick))}</text>'
        )
    dates = sorted({first, last, *(p.when for p in actual)})
    shown: list[float] = []
    for when in dates:
        tx = x(when)
        if any(abs(tx - s) < 70 for s in shown):
            continue  # labels would overlap: the table has every date
        shown.append(tx)
        # The first and last labels sit inside the chart rather than spilling off its edges.
        anchor = "start" if when == first else "end" if when == last else "middle"
        parts.append(
            f'<text x="{_n(tx)}" y="{HEIGHT - BOTTOM + 20}" text-anchor="{anchor}" '
            f'fill="{TEXT}">{escape(date_label(when))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
    )

    def line(series: Sequence[Point], colour: str, dashed: bool) -> str:
        coords = " ".join(f"{_n(x(p.when))},{_n(y(p.value))}" for p in series)
        dash = ' stroke-dasharray="8 5"' if dashed else ""
        return f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>'

    parts.append(line(expected, EXPECTED, True))
    for p in expected:
        parts.append(
            f'<circle cx="{_n(x(p.when))}" cy="{_n(y(p.value))}" r="5" fill="#ffffff" '
            f'stroke="{EXPECTED}" stroke-width="2"/>'
        )
    if actual:
        parts.append(line(actual, ACTUAL, False))
        for p in actual:
            colour = BEHIND if p.behind else ACTUAL
            cx, cy = x(p.when), y(p.value)
            parts.append(
                f'<rect x="{_n(cx - 5)}" y="{_n(cy - 5)}" width="10" height="10" fill="{colour}"/>'
            )
            if p.behind:
                # A cross as well as the colour, so "behind" does not rest on colour alone.
                parts.append(
                    f'<path d="M{_n(cx - 9)},{_n(cy - 9)} L{_n(cx + 9)},{_n(cy + 9)} '
                    f'M{_n(cx + 9)},{_n(cy - 9)} L{_n(cx - 9)},{_n(cy + 9)}" stroke="{BEHIND}" '
                    f'stroke-width="2"/>'
                )
    legend_y = HEIGHT - 40
    parts.append(
        f'<line x1="{LEFT}" y1="{legend_y}" x2="{LEFT + 36}" y2="{legend_y}" stroke="{EXPECTED}" '
        f'stroke-width="3" stroke-dasharray="8 5"/>'
        f'<text x="{LEFT + 44}" y="{legend_y}" dominant-baseline="middle" fill="{TEXT}">'
        f"{escape(words.expected)}</text>"
    )
    parts.append(
        f'<line x1="{LEFT + 230}" y1="{legend_y}" x2="{LEFT + 266}" y2="{legend_y}" '
        f'stroke="{ACTUAL}" stroke-width="3"/>'
        f'<rect x="{LEFT + 243}" y="{legend_y - 5}" width="10" height="10" fill="{ACTUAL}"/>'
        f'<text x="{LEFT + 274}" y="{legend_y}" dominant-baseline="middle" fill="{TEXT}">'
        f"{escape(words.actual)}</text>"
    )
    parts.append(
        f'<path d="M{LEFT + 400},{legend_y - 7} L{LEFT + 414},{legend_y + 7} '
        f'M{LEFT + 414},{legend_y - 7} L{LEFT + 400},{legend_y + 7}" stroke="{BEHIND}" '
        f'stroke-width="2"/>'
        f'<text x="{LEFT + 422}" y="{legend_y}" dominant-baseline="middle" fill="{TEXT}">'
        f"{escape(words.behind)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
