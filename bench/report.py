"""The benchmark's Markdown summary, and the README's Performance section drawn from it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

START = "<!-- performance:start -->"
END = "<!-- performance:end -->"

TITLES = {
    "floor": "Floor (minimal page, same stack)",
    "answer_saves_10_users": "Answer saves, 10 users",
    "answer_saves_50_users": "Answer saves, 50 users",
    "answer_saves_100_users": "Answer saves, 100 users",
    "results_page": "Results page",
    "partnership_view_10x20": "Partnership view (10 partners x 20 respondents)",
    "pdf_export": "PDF export",
    "submit_and_view_rasp": "Submit and view: RASP (per save)",
    "submit_and_view_peer": "Submit and view: peer (per save)",
    "scale_out_one_process": "Saves, no think time, 1 process",
    "scale_out_two_processes": "Saves, no think time, 2 processes",
    "national_assessment_list": "National: assessment list",
    "national_results_page": "National: results page",
    "national_question_page": "National: question page",
    "comparison_page": "National: comparison with similar bodies",
}


def _ms(value: Any) -> str:
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _times(value: Any, floor: Any) -> str:
    if value is None or not floor:
        return "–"
    return f"{value / floor:.1f}x"


def goal_rows(results: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(goal, measured, target, met) for every goal of issue 9."""
    s = results["scenarios"]
    rows: list[tuple[str, str, str, bool | None]] = []

    def p95(name: str, title: str, target: float, errors_too: bool = False) -> None:
        figures = s.get(name) or {}
        if "not_available" in figures or not figures:
            rows.append((title, "not available", f"p95 < {target:,.0f} ms", None))
            return
        value = figures.get("p95_ms")
        met = value is not None and value < target
        measured = f"p95 {_ms(value)} ms"
        if errors_too:
            met = met and figures.get("errors") == 0
            measured += f", {figures.get('errors')} errors"
        rows.append(
            (
                title,
                measured,
                f"p95 < {target:,.0f} ms" + (", no errors" if errors_too else ""),
                met,
            )
        )

    p95("answer_saves_50_users", "Answer saves at 50 users", 100, errors_too=True)
    p95("results_page", "Results page", 150)
    p95("partnership_view_10x20", "Partnership view (10 x 20)", 300)
    p95("comparison_page", "Comparison page (national data)", 300)
    p95("pdf_export", "PDF export", 2000)
    peer = results.get("peer") or {}
    ratio = peer.get("ratio_rasp_to_peer")
    rows.append(
        (
            "Submit and view against the peer",
            f"RASP {_ms(peer.get('rasp_flow_median_ms'))} ms, peer "
            f"{_ms(peer.get('peer_flow_median_ms'))} ms ({ratio}x)",
            "RASP ≤ 1.0x peer",
            None if ratio is None else ratio <= 1.0,
        )
    )
    scale = results.get("scale_out") or {}
    rows.append(
        (
            "Two processes against one (saves)",
            f"{scale.get('ratio')}x; {scale.get('lost_answers')} answers lost; "
            f"session on both: {'yes' if scale.get('session_works_on_both') else 'no'}",
            "≥ 1.6x, none lost",
            None
            if scale.get("ratio") is None
            else scale["ratio"] >= 1.6 and scale.get("lost_answers") == 0,
        )
    )
    return rows


def write_markdown(results: dict[str, Any]) -> str:
    floor = (results.get("floor") or {}).get("p50_ms")
    floor95 = (results.get("floor") or {}).get("p95_ms")
    machine = results["machine"]
    lines = [
        f"# Benchmark {results['date']}",
        "",
        f"`{results['command']}` on {machine['cpu_cores']} cores, Python {machine['python']}, "
        f"PostgreSQL {results['settings'].get('postgresql')}, gunicorn "
        f"{results['settings']['gunicorn_workers']} sync workers per process. Load average "
        f"{machine['load_average_at_start']} at the start and {machine.get('load_average_at_end')} "
        f"at the end (the machine is shared: read the multiples of the floor and the peer "
        f"ratio, which hold on a noisy machine, before the milliseconds). Whole run "
        f"{results.get('total_s')} s.",
        "",
        "## Goals",
        "",
        "| goal | measured | target | met |",
        "|---|---|---|---|",
    ]
    for title, measured, target, met in goal_rows(results):
        mark = "n/a" if met is None else "yes" if met else "**no**"
        lines.append(f"| {title} | {measured} | {target} | {mark} |")
    lines += [
        "",
        "## Scenarios",
        "",
        "Latencies in milliseconds, measured by the load driver (its own process) over loopback. "
        "Floor multiples compare medians (p50) and p95s with the floor page's.",
        "",
        "| scenario | users | requests | errors | p50 | p95 | p99 | req/s | p50 / floor | p95 / floor |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, figures in results["scenarios"].items():
        title = TITLES.get(name, name)
        if "not_available" in figures:
            lines.append(f"| {title} | not available: {figures['not_available']} |||||||||")
            continue
        lines.append(
            f"| {title} | {figures.get('virtual_users')} | {figures.get('requests')} | "
            f"{figures.get('errors')} | {_ms(figures.get('p50_ms'))} | {_ms(figures.get('p95_ms'))} | "
            f"{_ms(figures.get('p99_ms'))} | {figures.get('throughput_rps')} | "
            f"{_times(figures.get('p50_ms'), floor)} | {_times(figures.get('p95_ms'), floor95)} |"
        )
    peer = results.get("peer")
    if peer:
        lines += [
            "",
            "## Against the peer",
            "",
            f"One respondent answers {peer['questions']} questions on {peer['pages']} pages, then "
            f"opens the results: RASP median {_ms(peer['rasp_flow_median_ms'])} ms, "
            f"{peer['package']} median {_ms(peer['peer_flow_median_ms'])} ms: RASP takes "
            f"**{peer['ratio_rasp_to_peer']}x** the peer's time (the first run of each warms up "
            "and is left out).",
        ]
    scale = results.get("scale_out")
    if scale:
        lines += [
            "",
            "## Scale-out",
            "",
            f"{scale['virtual_users']} users saving answers with no think time, "
            f"{scale['workers_per_process']} worker per process: one process "
            f"{scale.get('one_process_saves_per_s')} saves/s, two processes on two ports sharing "
            f"the database {scale.get('two_processes_saves_per_s')} saves/s "
            f"(**{scale.get('ratio')}x**). Answers the server accepted: "
            f"{scale.get('answers_accepted')}; stored: {scale.get('answers_stored')}; lost: "
            f"**{scale.get('lost_answers')}**. A session signed in on one process works on the "
            f"other: **{'yes' if scale.get('session_works_on_both') else 'no'}** (sessions are "
            "stored in the database).",
        ]
    national = results.get("national")
    if national:
        counts = ", ".join(f"{v:,} {k}" for k, v in national["counts"].items())
        timings = ", ".join(f"{k.removesuffix('_s')} {v} s" for k, v in national["timings"].items())
        lines += [
            "",
            "## National data set",
            "",
            f"{counts}: generated with COPY in **{national['wall_s']} s** ({timings}).",
        ]
    if results.get("memory"):
        peaks: dict[str, float] = {}
        steady: dict[str, float] = {}
        for sample in results["memory"]:
            for worker in sample["workers"]:
                peaks[sample["server"]] = max(
                    peaks.get(sample["server"], 0), worker["peak_rss_mib"]
                )
                steady[sample["server"]] = max(steady.get(sample["server"], 0), worker["rss_mib"])
        lines += [
            "",
            "## Memory per worker",
            "",
            "| server | peak RSS (MiB) | largest RSS after a scenario (MiB) |",
            "|---|---|---|",
            *(f"| {name} | {peaks[name]} | {steady[name]} |" for name in peaks),
            "",
            "The peak includes signing in: Argon2 hashes with 100 MiB of memory, so every worker "
            "that checked a password peaked above 100 MiB for that moment.",
        ]
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, results: dict[str, Any], summary_path: Path) -> None:
    """Replace the Performance section's figures (between the markers) with this run's."""
    floor = (results.get("floor") or {}).get("p50_ms")
    rows = ["| goal | measured | target | met |", "|---|---|---|---|"]
    for title, measured, target, met in goal_rows(results):
        rows.append(
            f"| {title} | {measured} | {target} | {'n/a' if met is None else 'yes' if met else 'no'} |"
        )
    national = results.get("national") or {}
    block = "\n".join(
        [
            START,
            f"Latest run: {results['date'][:10]}, `make bench` on {results['machine']['cpu_cores']} "
            f"cores (PostgreSQL {results['settings'].get('postgresql')}, gunicorn "
            f"{results['settings']['gunicorn_workers']} workers); the floor page answered in "
            f"{_ms(floor)} ms (median). National data set generated in {national.get('wall_s')} s. "
            f"The machine's load average was {results['machine']['load_average_at_start'][0]} at "
            f"the start and {results['machine'].get('load_average_at_end', ['?'])[0]} at the end: "
            "on a shared machine read the ratios (to the floor, to the peer, two processes to one) "
            f"before the milliseconds. Full figures: [{summary_path}]({summary_path}).",
            "",
            *rows,
            END,
        ]
    )
    text = readme.read_text(encoding="utf-8")
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## Performance\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
