"""The critical path of a transition plan: the chain of open tasks that decides when it can finish.

Each task takes a number of days and may depend on others (it cannot finish before they do). The
critical path is the longest chain through those dependencies, counted in days: any delay on it
delays the whole transition, so that is where leaders should look first. Finished tasks no longer
hold anything up, so callers pass only the open ones; a dependency on a task that is not passed
is ignored for the same reason.

When two chains are equally long, the one whose last task is due later wins (it is the one
more likely to be late), then the one with the lower task ids, so the answer never depends on the
order the tasks were given in. Dependencies must not form a cycle: ``find_cycle`` names one, and
``critical_path`` refuses a plan that has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanTask:
    id: int
    duration_days: int
    depends_on: tuple[int, ...] = ()
    due: dt.date | None = None


@dataclass(frozen=True)
class CriticalPath:
    task_ids: tuple[int, ...]  # first to last
    total_days: int


class CycleError(ValueError):
    def __init__(self, cycle: tuple[int, ...]) -> None:
        super().__init__(f"dependencies form a cycle: {' -> '.join(map(str, cycle))}")
        self.cycle = cycle


def find_cycle(depends_on: Mapping[int, Iterable[int]]) -> tuple[int, ...] | None:
    """One cycle in the dependency graph, as ids from a task back round to itself, or None.

    Iterative depth-first search, so a plan of thousands of chained tasks cannot overflow the
    stack. Edges to ids that are not keys of ``depends_on`` lead nowhere.
    """
    graph = {node: sorted(set(edges)) for node, edges in depends_on.items()}
    state: dict[int, int] = {}  # 1 = on the current path, 2 = finished
    for root in sorted(graph):
        if state.get(root):
            continue
        path: list[int] = [root]
        iterators = [iter(graph[root])]
        state[root] = 1
        while path:
            following = next(iterators[-1], None)
            if following is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            if following not in graph:
                continue
            seen = state.get(following)
            if seen == 1:
                start = path.index(following)
                return (*path[start:], following)
            if seen is None:
                state[following] = 1
                path.append(following)
                iterators.append(iter(graph[following]))
    return None


def critical_path(tasks: Sequence[PlanTask]) -> CriticalPath:
    """The longest chain of ``tasks`` by total duration. Raises ``CycleError`` on a cycle."""
    if any(task.duration_days < 0 for task in tasks):
        raise ValueError("a task cannot take a negative number of days")
    by_id = {task.id: task for task in tasks}
    if len(by_id) != len(tasks):
        raise ValueError("task ids must be unique")
    graph = {task.id: sorted({d for d in task.depends_on if d in by_id}) for task in tasks}
    cycle = find_cycle(graph)
    if cycle is not None:
        raise CycleError(cycle)

    # best[id] = (days, chain): the longest chain that ends with task ``id``.
    best: dict[int, tuple[int, tuple[int, ...]]] = {}

    def better(a: tuple[int, tuple[int, ...]], b: tuple[int, tuple[int, ...]]) -> bool:
        if a[0] != b[0]:
            return a[0] > b[0]
        return a[1] < b[1]  # equally long: the lower ids, so the answer is stable

    for task_id in _topological(graph):
        task = by_id[task_id]
        before: tuple[int, tuple[int, ...]] = (0, ())
        for dependency in graph[task_id]:
            if not before[1] or better(best[dependency], before):
                before = best[dependency]
        best[task_id] = (before[0] + task.duration_days, (*before[1], task_id))

    if not best:
        return CriticalPath((), 0)
    latest = dt.date.max

    def rank(item: tuple[int, tuple[int, ...]]) -> tuple[int, dt.date, tuple[int, ...]]:
        days, chain = item
        due = by_id[chain[-1]].due or latest
        # Longest first; then the later due date; then the lower ids (negated for max()).
        return (days, due, tuple(-i for i in chain))

    days, chain = max(best.values(), key=rank)
    return CriticalPath(chain, days)


def _topological(graph: Mapping[int, Sequence[int]]) -> list[int]:
    """Ids ordered so every task comes after the tasks it depends on (graph has no cycle)."""
    remaining = {node: len(edges) for node, edges in graph.items()}
    dependants: dict[int, list[int]] = {node: [] for node in graph}
    for node, edges in graph.items():
        for edge in edges:
            dependants[edge].append(node)
    ready = sorted(node for node, count in remaining.items() if count == 0)
    order: list[int] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for dependant in sorted(dependants[node]):
            remaining[dependant] -= 1
            if remaining[dependant] == 0:
                ready.append(dependant)
    return order


def duration_days(starts: dt.date, due: dt.date) -> int:
    """Days a task takes, counting both its first and its last day."""
    return (due - starts).days + 1
