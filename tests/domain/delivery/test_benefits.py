"""Where a benefit should be by now, and whether an actual is behind plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rasp.domain.delivery.benefits import Standing, Trajectory, standing

RISING = Trajectory(Decimal(0), Decimal(1000), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
FALLING = Trajectory(Decimal(100), Decimal(50), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
FLAT = Trajectory(Decimal(90), Decimal(90), dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.mark.parametrize(
    ("trajectory", "when", "expected"),
    [
        (RISING, dt.date(2025, 6, 1), Decimal(0)),
        (RISING, dt.date(2026, 1, 1), Decimal(0)),
        (RISING, dt.date(2027, 3, 1), Decimal(1000)),
        (FALLING, dt.date(2030, 1, 1), Decimal(50)),
    ],
)
def test_expected_value_before_and_after_the_window(trajectory, when, expected):
    assert trajectory.expected_at(when) == expected


def test_expected_value_is_a_straight_line_in_between():
    half = dt.date(2026, 1, 1) + (dt.date(2026, 12, 31) - dt.date(2026, 1, 1)) / 2
    assert RISING.expected_at(half) == Decimal(500)
    assert FALLING.expected_at(half) == Decimal(75)


@pytest.mark.parametrize(
    ("trajectory", "when", "actual", "result"),
    [
        (RISING, dt.date(2026, 12, 31), Decimal(1000), Standing.ON_PLAN),
        (RISING, dt.date(2026, 12, 31), Decimal(700), Standing.BEHIND),
        (RISING, dt.date(2026, 12, 31), Decimal(960), Standing.ON_PLAN),  # within 5%
        (RISING, dt.date(2026, 12, 31), Decimal(1200), Standing.AHEAD),
        (FALLING, dt.date(2026, 12, 31), Decimal(80), Standing.BEHIND),  # cost still too high
        (FALLING, dt.date(2026, 12, 31), Decimal(40), Standing.AHEAD),
        (FLAT, dt.date(2026, 6, 1), Decimal(89), Standing.BEHIND),
        (FLAT, dt.date(2026, 6, 1), Decimal(95), Standing.ON_PLAN),
        (RISING, None, None, Standing.NO_ACTUALS),
    ],
)
def test_behind_plan_stands_out(trajectory, when, actual, result):
    assert standing(trajectory, when, actual) is result
