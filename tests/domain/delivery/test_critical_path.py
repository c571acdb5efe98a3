"""The critical path: the longest chain of open tasks, table-tested; cycles are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from rasp.domain.delivery.critical_path import (
    CriticalPath,
    CycleError,
    PlanTask,
    critical_path,
    duration_days,
    find_cycle,
)

D = dt.date


def T(id, days, *deps, due=None):  # noqa: N802 - reads like a table row
    return PlanTask(id=id, duration_days=days, depends_on=tuple(deps), due=due)


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        ([], CriticalPath((), 0)),
        ([T(1, 5)], CriticalPath((1,), 5)),
        # A straight chain is its own critical path.
        ([T(1, 5), T(2, 3, 1), T(3, 2, 2)], CriticalPath((1, 2, 3), 10)),
        # Two branches into one task: the longer branch wins.
        ([T(1, 5), T(2, 9), T(3, 1, 1, 2)], CriticalPath((2, 3), 10)),
        # A long lone task beats a short chain.
        ([T(1, 2), T(2, 2, 1), T(3, 30)], CriticalPath((3,), 30)),
        # Diamond: 1 -> (2 | 3) -> 4, the 3 branch is longer.
        ([T(1, 1), T(2, 2, 1), T(3, 7, 1), T(4, 1, 2, 3)], CriticalPath((1, 3, 4), 9)),
        # Dependencies on tasks not given (done ones) are ignored.
        ([T(2, 4, 99), T(3, 1, 2)], CriticalPath((2, 3), 5)),
        # Equal lengths: the chain ending with the later due date.
        (
            [T(1, 5, due=D(2027, 1, 1)), T(2, 5, due=D(2027, 6, 1))],
            CriticalPath((2,), 5),
        ),
        # Equal lengths and dates: the lower ids, whatever the input order.
        ([T(7, 5), T(3, 5)], CriticalPath((3,), 5)),
        # A task with no due date counts as due last among equals.
        ([T(1, 5, due=D(2027, 1, 1)), T(2, 5)], CriticalPath((2,), 5)),
        # Zero-day milestones still join the chain.
        ([T(1, 0), T(2, 3, 1)], CriticalPath((1, 2), 3)),
        # The same dependency named twice counts once.
        ([T(1, 2), T(2, 3, 1, 1)], CriticalPath((1, 2), 5)),
    ],
)
def test_the_longest_chain_of_open_tasks(tasks, expected):
    assert critical_path(tasks) == expected
    assert critical_path(list(reversed(tasks))) == expected


@pytest.mark.parametrize(
    "tasks",
    [
        [T(1, 1, 1)],
        [T(1, 1, 2), T(2, 1, 1)],
        [T(1, 1, 3), T(2, 1, 1), T(3, 1, 2), T(4, 1)],
    ],
)
def test_cycles_are_refused(tasks):
    with pytest.raises(CycleError) as raised:
        critical_path(tasks)
    cycle = raised.value.cycle
    assert cycle[0] == cycle[-1]
    assert "cycle" in str(raised.value)


@pytest.mark.parametrize(
    ("graph", "has_cycle"),
    [
        ({1: [], 2: [1]}, False),
        ({1: [1]}, True),
        ({1: [2], 2: [3], 3: [1]}, True),
        ({1: [2], 2: [3], 3: []}, False),
        ({1: [5]}, False),  # an edge to an unknown task leads nowhere
    ],
)
def test_find_cycle(graph, has_cycle):
    found = find_cycle(graph)
    assert (found is not None) == has_cycle
    if found:
        assert all(b in graph[a] for a, b in zip(found, found[1:], strict=False))


def test_a_long_chain_does_not_overflow_the_stack():
    tasks = [T(1, 1)] + [T(i, 1, i - 1) for i in range(2, 5001)]
    result = critical_path(tasks)
    assert result.total_days == 5000
    assert result.task_ids[0] == 1 and result.task_ids[-1] == 5000


def test_negative_durations_are_refused():
    with pytest.raises(ValueError, match="negative"):
        critical_path([T(1, -1)])


def test_duration_counts_first_and_last_day():
    assert duration_days(D(2027, 1, 1), D(2027, 1, 1)) == 1
    assert duration_days(D(2027, 1, 1), D(2027, 1, 10)) == 10
