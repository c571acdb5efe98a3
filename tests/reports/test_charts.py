"""The SVG charts: well-formed, accessible, escaped, values where they belong, for any input."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasp.reports import charts
from rasp.reports.charts import HeatCell, Series

SVG = "{http://www.w3.org/2000/svg}"
AREAS = ["Shared vision", "Ethos and cultures", "Treatment of resources", "Risk", "Governance"]
LENSES = ["Politics", "People", "Money", "Technology", "Law", "Information"]
LEGEND = ["0 to under 1", "1 to under 2", "2 to under 3", "3 to under 3.5", "3.5 to 4"]


def radar(values=(70.0, 60.0, None, 40.0, 80.0), axes=AREAS, title="Areas", desc="A summary"):
    return charts.radar_chart(
        axes=axes,
        series=[
            Series("adjusted", "Evidence-adjusted", tuple(values)),
            Series("declared", "Declared", tuple(v if v is None else v for v in values)),
            Series("target", "Target", (75.0,) * len(axes)),
        ],
        title=title,
        desc=desc,
        id_prefix="radar-test",
    )


def heat(cells=None, rows=AREAS, columns=LENSES, title="Map"):
    cells = cells or [[HeatCell(2.5, 2) for _ in columns] for _ in rows]
    return charts.heat_map(
        rows=rows,
        columns=columns,
        cells=cells,
        title=title,
        desc="What the map shows",
        legend=LEGEND,
        empty_label="No questions",
        not_applicable_label="Not applicable",
        id_prefix="heat-test",
    )


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def texts(element: ET.Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize("svg", [radar(), heat()], ids=["radar", "heat-map"])
def test_charts_are_accessible_self_contained_svg(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # No references out of the chart, no scripts, no CSS: the same drawing in page and PDF.
    for forbidden in ("href", "url(", "<script", "<style", "style=", "<image", "<foreignObject"):
        assert forbidden not in svg


def test_radar_has_an_axis_per_area_and_a_point_per_value():
    root = ET.fromstring(radar())
    assert len(with_class(root, "rasp-chart-axis")) == 5
    adjusted = with_class(root, "rasp-series-adjusted")[0]
    assert len(with_class(adjusted, "rasp-chart-point")) == 4  # one value is None
    target = with_class(root, "rasp-series-target")[0]
    assert len(with_class(target, "rasp-chart-point")) == 5
    legend = with_class(root, "rasp-chart-legend")[0]
    assert [texts(item) for item in with_class(legend, "rasp-chart-legend-item")] == [
        "Evidence-adjusted",
        "Declared",
        "Target",
    ]


def test_radar_series_differ_by_dash_and_marker_not_only_colour():
    styles = [charts.DEFAULT_STYLES[key] for key in ("declared", "adjusted", "target")]
    assert len({style.dash for style in styles}) == 3
    assert len({style.marker for style in styles}) == 3


def baseline_and_now(
    baseline=(50.0, 50.0, None, 25.0, 100.0), now=(75.0, 50.0, None, 0.0, 100.0), axes=AREAS
):
    """A partnership's readiness baseline against its health-check now, as its page draws it."""
    return charts.radar_chart(
        axes=axes,
        series=[
            Series("baseline", "Readiness baseline", tuple(baseline)),
            Series("now", "Health-check now", tuple(now)),
        ],
        title="Area scores at the baseline and now",
        desc="Improved: Shared vision.",
        id_prefix="health-check-radar",
        no_score="(no score)",
    )


def test_baseline_and_now_are_told_apart_without_colour():
    root = ET.fromstring(baseline_and_now())
    then, now = charts.DEFAULT_STYLES["baseline"], charts.DEFAULT_STYLES["now"]
    assert then.dash != now.dash and then.marker != now.marker and then.colour != now.colour
    for style in (then, now):  # a line against the white background: at least 3:1
        assert _contrast(style.colour, "#ffffff") >= 3
    legend = with_class(root, "rasp-chart-legend")[0]
    assert [texts(item) for item in with_class(legend, "rasp-chart-legend-item")] == [
        "Readiness baseline",
        "Health-check now",
    ]
    path = with_class(root, "rasp-series-baseline")[0].find(f"{SVG}path")
    assert path.get("stroke-dasharray") == then.dash and path.get("stroke") == then.colour
    path = with_class(root, "rasp-series-now")[0].find(f"{SVG}path")
    assert path.get("stroke-dasharray") is None and path.get("stroke") == now.colour


def test_baseline_and_now_put_each_score_on_its_area():
    root = ET.fromstring(baseline_and_now())
    cx, cy = charts.RADAR_CENTRE
    distances = {}
    for key in ("baseline", "now"):
        series = with_class(root, f"rasp-series-{key}")[0]
        points = [
            (float(e.get("x")) + float(e.get("width")) / 2, float(e.get("y")) + 5.0)
            if e.tag == f"{SVG}rect"
            else (float(e.get("cx")), float(e.get("cy")))
            for e in with_class(series, "rasp-chart-point")
        ]
        distances[key] = [math.dist(point, (cx, cy)) for point in points]
    radius = charts.RADAR_RADIUS
    # The third area has no score either side: no point, and its label says so.
    expected = {"baseline": (50, 50, 25, 100), "now": (75, 50, 0, 100)}
    for key, scores in expected.items():
        assert distances[key] == pytest.approx([radius * v / 100 for v in scores], abs=0.02)
    labels = [texts(e) for e in root.iter(f"{SVG}text")]
    assert any("Treatment of" in label and "(no score)" in label for label in labels)
    assert sum("(no score)" in label for label in labels) == 1


def test_baseline_and_now_are_the_same_drawing_for_the_same_scores_and_escape_names():
    assert baseline_and_now() == baseline_and_now()
    assert baseline_and_now() != baseline_and_now(now=(80.0, 50.0, None, 0.0, 100.0))
    nasty = 'Risk <script>alert("x")</script> & "co"'
    svg = baseline_and_now(axes=[*AREAS[:4], nasty])
    assert "<script>" not in svg
    assert nasty.replace(" ", "") in "".join(texts(ET.fromstring(svg)).split())


def test_radar_places_values_on_their_axes():
    svg = radar(values=(100.0, 0.0, 50.0, 50.0, 50.0))
    root = ET.fromstring(svg)
    adjusted = with_class(root, "rasp-series-adjusted")[0]
    first = with_class(adjusted, "rasp-chart-point")[0]
    cx, cy = charts.RADAR_CENTRE
    # 100 on the first axis: straight up from the centre by the full radius.
    assert float(first.get("cx")) == pytest.approx(cx, abs=0.01)
    assert float(first.get("cy")) == pytest.approx(cy - charts.RADAR_RADIUS, abs=0.01)
    second = with_class(adjusted, "rasp-chart-point")[1]
    assert (float(second.get("cx")), float(second.get("cy"))) == pytest.approx((cx, cy), abs=0.01)
    third = with_class(adjusted, "rasp-chart-point")[2]
    distance = math.dist((float(third.get("cx")), float(third.get("cy"))), (cx, cy))
    assert distance == pytest.approx(charts.RADAR_RADIUS / 2, abs=0.01)


def test_radar_marks_an_area_without_a_score():
    root = ET.fromstring(
        charts.radar_chart(
            axes=AREAS,
            series=[Series("adjusted", "Adjusted", (50.0, None, 50.0, 50.0, 50.0))],
            title="t",
            desc="d",
            no_score="(no score)",
        )
    )
    labels = [texts(e) for e in root.iter(f"{SVG}text")]
    assert any("Ethos and" in label and "(no score)" in label for label in labels)


def test_names_are_escaped():
    nasty = 'Risk <script>alert("x")</script> & "co"'
    svg = radar(axes=[*AREAS[:4], nasty], title="T & <b>", desc="D < E")
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "T & <b>"
    assert nasty.replace(" ", "") in "".join(texts(root).split())
    heat_svg = heat(rows=[*AREAS[:4], nasty])
    assert "<script>" not in heat_svg
    rows = [texts(e) for e in with_class(ET.fromstring(heat_svg), "rasp-chart-row")]
    assert "".join(rows[-1].split()) == "".join(nasty.split())


def test_heat_map_has_a_cell_per_area_and_lens_with_its_number():
    cells = [[HeatCell(round((r + c) / 3, 1), 1) for c in range(6)] for r in range(5)]
    root = ET.fromstring(heat(cells))
    found = with_class(root, "rasp-chart-cell")
    assert len(found) == 30
    assert [texts(e) for e in found[:6]] == ["0.0", "0.3", "0.7", "1.0", "1.3", "1.7"]
    assert len(with_class(root, "rasp-chart-column")) == 6
    assert len(with_class(root, "rasp-chart-row")) == 5


def test_heat_map_tells_no_questions_and_not_applicable_apart_from_zero():
    cells = [[HeatCell(0.0, 2) for _ in range(6)] for _ in range(5)]
    cells[0][0] = HeatCell(None, 0)
    cells[0][1] = HeatCell(None, 3)
    root = ET.fromstring(heat(cells))
    found = with_class(root, "rasp-chart-cell")
    assert "rasp-cell-empty" in found[0].get("class")
    assert texts(found[0]) == "–"
    assert "rasp-cell-not-applicable" in found[1].get("class")
    assert texts(found[1]) == "n/a"
    assert "rasp-cell-value" in found[2].get("class")
    assert texts(found[2]) == "0.0"
    fills = {e.find(f"{SVG}rect").get("fill") for e in found[:3]}
    assert len(fills) == 3


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("start", "fill", "ink"), charts.HEAT_FILLS)
def test_heat_map_numbers_are_readable_on_their_colour(start, fill, ink):
    assert _contrast(fill, ink) >= 4.5
    assert charts.heat_step(start) == (fill, ink)


def test_wrong_shapes_are_refused():
    with pytest.raises(ValueError, match="values"):
        charts.radar_chart(axes=AREAS, series=[Series("x", "x", (1.0,))], title="t", desc="d")
    with pytest.raises(ValueError, match="cells"):
        heat(cells=[[HeatCell(1.0, 1)]])


scores = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))
labels = st.text(min_size=0, max_size=40).filter(lambda s: "\x00" not in s)
xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(scores, min_size=5, max_size=5),
    declared=st.lists(scores, min_size=5, max_size=5),
    names=st.lists(xml_text, min_size=5, max_size=5),
)
def test_any_scores_give_valid_radar_svg(values, declared, names):
    svg = charts.radar_chart(
        axes=names,
        series=[
            Series("adjusted", "Evidence-adjusted", tuple(values)),
            Series("declared", "Declared", tuple(declared)),
            Series("target", "Target", (75.0,) * 5),
        ],
        title="Areas",
        desc="Summary",
    )
    root = ET.fromstring(svg)
    adjusted = with_class(root, "rasp-series-adjusted")[0]
    assert len(with_class(adjusted, "rasp-chart-point")) == sum(v is not None for v in values)
    for element in root.iter():
        for name in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "points", "d"):
            value = (element.get(name) or "").lower()
            assert "nan" not in value and "inf" not in value


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.lists(
            st.builds(
                HeatCell,
                st.one_of(st.none(), st.floats(min_value=0, max_value=4, allow_nan=False)),
                st.integers(min_value=0, max_value=5),
            ),
            min_size=6,
            max_size=6,
        ),
        min_size=5,
        max_size=5,
    ),
    names=st.lists(xml_text, min_size=5, max_size=5),
)
def test_any_levels_give_valid_heat_map_svg(cells, names):
    root = ET.fromstring(heat(cells, rows=names))
    assert len(with_class(root, "rasp-chart-cell")) == 30
