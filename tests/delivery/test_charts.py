"""The benefit chart: round axes, an accessible SVG, "behind" not shown by colour alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from rasp.delivery.charts import Point, Words, _axis, benefit_chart


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 75_000_000, [0, 20_000_000, 40_000_000, 60_000_000, 80_000_000]),
        (0, 24, [0, 5, 10, 15, 20, 25]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (
            360_000_000,
            420_000_000,
            [0, 100_000_000, 200_000_000, 300_000_000, 400_000_000, 500_000_000],
        ),
    ],
)
def test_chart_axes_use_round_numbers(low, high, ticks):
    bottom, top, found = _axis(min(Decimal(low), Decimal(0)), Decimal(high))
    assert found == [Decimal(str(t)) for t in ticks]
    assert bottom <= Decimal(low) and top >= Decimal(high)


def test_the_chart_is_an_accessible_svg_with_its_text_escaped():
    svg = benefit_chart(
        chart_id="benefit-1-chart",
        words=Words("Savings <script>", "Latest actual & more", "Expected", "Actual", "Behind"),
        expected=[Point(dt.date(2026, 4, 1), Decimal(0)), Point(dt.date(2027, 4, 1), Decimal(100))],
        actual=[
            Point(dt.date(2026, 7, 1), Decimal(10), behind=True),
            Point(dt.date(2026, 10, 1), Decimal(50)),
        ],
        label=lambda value: f"£{value}",
        date_label=lambda when: when.strftime("%b %Y"),
    )
    root = ElementTree.fromstring(svg)  # well-formed XML: nothing typed breaks it
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "benefit-1-chart-title benefit-1-chart-desc"
    assert root.find(f"{ns}title").text == "Savings <script>"
    assert root.find(f"{ns}desc").text == "Latest actual & more"
    assert "<script" not in svg
    # One behind point: a red square and a cross drawn over it (the legend has another cross).
    assert len(root.findall(f"{ns}path")) == 2
    labels = [t.text for t in root.findall(f"{ns}text")]
    assert "Apr 2026" in labels and "Apr 2027" in labels and "Behind" in labels
