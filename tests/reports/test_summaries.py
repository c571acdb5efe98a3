"""The text alternatives written in Python: the one-paragraph summaries and the map's cells."""

from __future__ import annotations

from rasp.domain.framework.loader import bundled_framework
from rasp.domain.framework.schema import Mode
from rasp.domain.scoring import Answer, score_organisation
from rasp.domain.scoring.results import Band
from rasp.reports.charts import HeatCell
from rasp.reports.results import (
    AreaRow,
    heat_cells,
    heat_summary,
    radar_summary,
    weakest_area,
)


def row(name, band, adjusted, declared=None, target=75.0):
    declared = adjusted if declared is None else declared
    gap = None if adjusted is None else round(declared - adjusted, 1)
    return AreaRow(
        name.lower(),
        name,
        band,
        (band or "none").title(),
        "",
        declared,
        adjusted,
        gap,
        0,
        target,
        round(target * 4 / 100),
    )


ROWS = [
    row("Shared vision", Band.AMBER, 60.0),
    row("Governance", Band.GREEN, 70.3, declared=80.0),
    row("Risk management", Band.RED, 30.1, declared=35.0),
    row("Resources", Band.AMBER, 50.0),
    row("Ethos", None, None),
]


def test_radar_summary_names_strongest_and_weakest_with_band_words():
    text = radar_summary(ROWS)
    assert text.startswith(
        "Strongest area: Governance (70.3, green). Weakest: Risk management (30.1, red)."
    )
    assert "largest assurance gap is in Governance (9.7 points)" in text
    assert "0 of 4 scored areas reach their target." in text
    assert "No score: Ethos." in text


def test_weakest_area_goes_by_band_before_score():
    rows = [row("A", Band.RED, 60.0), row("B", Band.AMBER, 44.0)]
    assert weakest_area(rows).name == "A"


def test_radar_summary_without_scores():
    assert "nothing to compare" in radar_summary([row("A", None, None)])


def test_heat_cells_average_adjusted_levels_per_area_and_lens():
    framework = bundled_framework()
    answers = {q.code: Answer.at(2, "draft") for q in framework.questions_for_mode(Mode.READINESS)}
    result = score_organisation(framework, Mode.READINESS, answers, organisation="Test")
    cells = heat_cells(framework, result)
    assert len(cells) == 5 and all(len(r) == 6 for r in cells)
    counted = sum(cell.questions for r in cells for cell in r)
    assert counted == len(result.questions)
    values = {cell.value for r in cells for cell in r if cell.questions}
    assert values <= {2.0, None}


def test_heat_summary_names_highest_and_lowest_and_empty_cells():
    framework = bundled_framework()
    cells = [[HeatCell(2.0, 1) for _ in range(6)] for _ in range(5)]
    cells[0][0] = HeatCell(3.5, 2)
    cells[4][5] = HeatCell(0.5, 1)
    cells[2][2] = HeatCell(None, 0)
    lenses = ["Politics", "People", "Money", "Technology", "Law", "Information"]
    text = heat_summary(framework, cells, lenses)
    assert "Highest mean level: Shared vision, politics (3.5 out of 4)." in text
    assert "Lowest: Governance, information (0.5 out of 4)." in text
    assert "1 combination has no questions." in text
