"""Benchmark: how fast the scoring engine scores full assessments, and how fast the charts draw.

Run with ``.venv/bin/python bench/bench_scoring.py`` (not a test). It:

1. builds N synthetic assessments (default 10,000) of question bank 1.0 in readiness mode, with
   seeded random answers (levels, evidence, some don't know and not applicable);
2. scores them one after another in this process, pinned to one CPU core where the OS allows,
   with ``score_organisation``, and reports assessments per second (the goal is 10,000/s);
3. if the goal is missed, profiles a run with cProfile and prints the hottest functions;
4. times the radar chart and the heat map from a scored result (mean over 200 renders);
5. writes the figures to ``bench/results/scoring.json``.

Options: ``--count N``, ``--renders N``, ``--seed N``, ``--no-profile``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasp.domain.framework.loader import bundled_framework  # noqa: E402
from rasp.domain.framework.schema import Evidence, Framework, Lens, Mode  # noqa: E402
from rasp.domain.scoring import Answer, OrganisationResult, score_organisation  # noqa: E402
from rasp.reports import charts  # noqa: E402

GOAL_PER_SECOND = 10_000
RESULTS = ROOT / "bench" / "results" / "scoring.json"


def synthetic_answers(framework: Framework, rng: random.Random) -> dict[str, Answer]:
    """Every readiness question answered: mostly levels with evidence, a few don't know, and
    not applicable (with a reason) on some non-critical questions."""
    answers: dict[str, Answer] = {}
    evidence = list(Evidence)
    for question in framework.questions_for_mode(Mode.READINESS):
        roll = rng.random()
        if roll < 0.05:
            answers[question.code] = Answer.dont_know()
        elif roll < 0.08 and not question.critical:
            answers[question.code] = Answer.not_applicable("Not relevant to our services")
        else:
            level = rng.randint(0, 4)
            given = rng.choice(evidence) if level >= 2 else None
            answers[question.code] = Answer.at(level, given)
    return answers


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this OS)"


def score_all(framework: Framework, batch: list[dict[str, Answer]]) -> float:
    start = time.perf_counter()
    for number, answers in enumerate(batch):
        score_organisation(framework, Mode.READINESS, answers, organisation=f"Council {number}")
    return time.perf_counter() - start


def hot_spots(framework: Framework, batch: list[dict[str, Answer]], top: int = 15) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    score_all(framework, batch)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
    stats.print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return lines[start : start + top + 1]


def chart_inputs(
    framework: Framework, result: OrganisationResult
) -> tuple[list[str], list[charts.Series], list[list[charts.HeatCell]]]:
    """What the results page feeds the charts (the page does this in rasp.reports.results)."""
    target = 100 * framework.method.targets[result.mode] / framework.method.max_level
    areas = result.areas
    series = [
        charts.Series(
            "adjusted", "Evidence-adjusted", tuple(a.evidence_adjusted_score for a in areas)
        ),
        charts.Series("declared", "Declared", tuple(a.declared_score for a in areas)),
        charts.Series("target", "Target", (target,) * len(areas)),
    ]
    lens_of = {q.code: q.lens for q in framework.questions}
    grid: dict[tuple[str, Lens], list[int | None]] = {}
    for state in result.questions:
        grid.setdefault((state.area.value, lens_of[state.code]), []).append(state.adjusted)
    cells = []
    for area in framework.areas:
        row = []
        for lens in Lens:
            levels = grid.get((area.id.value, lens), [])
            applicable = [level for level in levels if level is not None]
            mean = round(statistics.fmean(applicable), 1) if applicable else None
            row.append(charts.HeatCell(mean, len(levels)))
        cells.append(row)
    return [a.name for a in framework.areas], series, cells


def time_charts(framework: Framework, result: OrganisationResult, renders: int) -> dict[str, float]:
    names, series, cells = chart_inputs(framework, result)
    legend = ["0 to under 1", "1 to under 2", "2 to under 3", "3 to under 3.5", "3.5 to 4"]
    radar_times, heat_times = [], []
    for _ in range(renders):
        start = time.perf_counter()
        names, series, cells = chart_inputs(framework, result)
        charts.radar_chart(axes=names, series=series, title="Area scores", desc="Summary")
        radar_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        charts.heat_map(
            rows=names,
            columns=[lens.value.title() for lens in Lens],
            cells=cells,
            title="Map",
            desc="Summary",
            legend=legend,
            empty_label="No questions",
            not_applicable_label="Not applicable",
        )
        heat_times.append(time.perf_counter() - start)
    return {
        "radar_mean_ms": round(statistics.fmean(radar_times) * 1000, 3),
        "heat_map_mean_ms": round(statistics.fmean(heat_times) * 1000, 3),
        "both_mean_ms": round(
            (statistics.fmean(radar_times) + statistics.fmean(heat_times)) * 1000, 3
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20_240_601)
    parser.add_argument("--no-profile", action="store_true")
    options = parser.parse_args()

    pinning = pin_to_one_core()
    framework = bundled_framework()
    rng = random.Random(options.seed)
    batch = [synthetic_answers(framework, rng) for _ in range(options.count)]
    questions = len(framework.questions_for_mode(Mode.READINESS))

    score_all(framework, batch[: min(200, len(batch))])  # warm up
    seconds = score_all(framework, batch)
    per_second = options.count / seconds
    print(f"Scored {options.count:,} assessments of {questions} questions in {seconds:.2f} s")
    print(f"  {per_second:,.0f} assessments per second on one core ({pinning})")
    print(f"  goal {GOAL_PER_SECOND:,}/s: {'met' if per_second >= GOAL_PER_SECOND else 'NOT met'}")

    profile: list[str] = []
    if per_second < GOAL_PER_SECOND and not options.no_profile:
        profile = hot_spots(framework, batch[: min(2_000, len(batch))])
        print("\nHot spots (cProfile, 2,000 assessments, by own time):")
        print("\n".join(profile))

    result = score_organisation(framework, Mode.READINESS, batch[0], organisation="Council 0")
    chart_times = time_charts(framework, result, options.renders)
    print(
        f"\nCharts, mean over {options.renders} renders: radar {chart_times['radar_mean_ms']} ms, "
        f"heat map {chart_times['heat_map_mean_ms']} ms"
    )

    figures = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "cores_used": 1,
        "pinning": pinning,
        "framework_version": framework.version,
        "mode": "readiness",
        "questions_per_assessment": questions,
        "assessments": options.count,
        "seed": options.seed,
        "seconds": round(seconds, 3),
        "assessments_per_second": round(per_second, 1),
        "goal_per_second": GOAL_PER_SECOND,
        "goal_met": per_second >= GOAL_PER_SECOND,
        "chart_renders": options.renders,
        **chart_times,
        "hot_spots": profile,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
