"""The "How scores work" data: the method's constants and a worked example scored by the engine."""

from __future__ import annotations

from fractions import Fraction

from rasp.domain.framework import method_guide as g
from rasp.domain.framework.schema import Evidence, Mode
from rasp.domain.framework.validate import parse_framework_text
from rasp.domain.scoring import Band
from rasp.domain.scoring.engine import round_score
from tests.domain.framework.sample import sample_text, variant


def _framework(text: str | None = None):  # type: ignore[no-untyped-def]
    return parse_framework_text(text or sample_text(), filename="sample.yaml")


def test_the_worked_example_adds_up() -> None:
    example = g.worked_example(_framework())
    assert example.mode is Mode.READINESS
    assert example.target == _framework().method.targets[Mode.READINESS]
    assert [row.code for row in example.rows] == ["EX-01", "EX-02", "EX-03"]
    for row in example.rows:
        assert row.declared_points == row.weight * row.declared
        assert row.adjusted_points == row.weight * row.adjusted
        assert row.adjusted <= row.declared
    assert example.max_points == sum(row.weight for row in example.rows) * 4
    assert example.declared_score == round_score(
        Fraction(100 * example.declared_points, example.max_points)
    )
    assert example.adjusted_score == round_score(
        Fraction(100 * example.adjusted_points, example.max_points)
    )


def test_the_worked_example_with_the_default_constants() -> None:
    example = g.worked_example(_framework())
    assert [(r.declared, r.evidence, r.adjusted) for r in example.rows] == [
        (3, Evidence.DRAFT, 2),
        (4, Evidence.OPERATING, 4),
        (3, Evidence.VERBAL, 2),
    ]
    assert (example.declared_score, example.adjusted_score) == (83.3, 66.7)
    assert example.band is Band.AMBER
    assert (example.score_position, example.critical_position) == (Band.AMBER, Band.AMBER)
    assert [(gap.code, gap.priority) for gap in example.gaps] == [("EX-01", 6), ("EX-03", 1)]


def test_the_worked_example_follows_the_constants() -> None:
    changed = _framework(
        variant(
            (
                "evidence_caps: {none: 1, verbal: 2, draft: 2",
                "evidence_caps: {none: 1, verbal: 3, draft: 3",
            ),
            ("red_below: 45", "red_below: 70"),
            ("green_from: 70", "green_from: 90"),
            ("critical_priority_bonus: 3", "critical_priority_bonus: 5"),
        )
    )
    example = g.worked_example(changed)
    assert [r.adjusted for r in example.rows] == [3, 4, 3]
    assert example.adjusted_score == 83.3
    assert example.band is Band.AMBER and example.score_position is Band.AMBER
    assert example.critical_position is Band.GREEN
    assert example.gaps == ()  # everything reaches the target of 3


def test_constants_for_the_page() -> None:
    method = _framework().method
    assert g.thresholds(method) == g.Thresholds("45", "70")
    assert g.number(72.5) == "72.5"
    assert [grade for grade, _ in g.evidence_caps(method)] == list(Evidence)
    assert g.weights(method)[0] == (1, "useful")
    assert dict(g.targets(method))[Mode.HEALTH_CHECK] == 4
