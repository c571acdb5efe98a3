"""Where a benefit should be by now, and whether it is behind plan.

A benefit moves from its baseline (on the day measuring starts) to its target (on the target
date). Without a profile agreed in the business case, the fair expectation in between is a
straight line: half way through the time, half way to the target. After the target date the
expectation is the target itself.

A benefit can go either way: savings should rise, a running cost or a backlog should fall. The
direction comes from the target: if it is above the baseline, higher is better. An actual is
behind plan when it has got less far towards the target than expected, by more than a tolerance
(5% of the whole change by default), so a rounding difference does not raise an alarm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True)
class Trajectory:
    baseline: Decimal
    target: Decimal
    starts: dt.date
    target_date: dt.date

    def expected_at(self, when: dt.date) -> Decimal:
        if when <= self.starts:
            return self.baseline
        if when >= self.target_date:
            return self.target
        span = (self.target_date - self.starts).days
        done = Decimal((when - self.starts).days) / Decimal(span)
        return self.baseline + (self.target - self.baseline) * done


class Standing(StrEnum):
    ON_PLAN = "on-plan"
    AHEAD = "ahead"
    BEHIND = "behind"
    NO_ACTUALS = "no-actuals"


TOLERANCE = Decimal("0.05")


def standing(trajectory: Trajectory, when: dt.date | None, actual: Decimal | None) -> Standing:
    """How an actual recorded for ``when`` compares with where the benefit should be then."""
    if when is None or actual is None:
        return Standing.NO_ACTUALS
    change = trajectory.target - trajectory.baseline
    expected = trajectory.expected_at(when)
    if change == 0:
        # Nothing to gain, only to keep: any slip below the baseline is behind.
        return Standing.BEHIND if actual < trajectory.baseline else Standing.ON_PLAN
    # Progress as a share of the whole change, so rising and falling benefits compare alike.
    shortfall = (expected - actual) / change
    if shortfall > TOLERANCE:
        return Standing.BEHIND
    if shortfall < -TOLERANCE:
        return Standing.AHEAD
    return Standing.ON_PLAN
