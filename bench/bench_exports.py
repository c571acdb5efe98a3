"""Benchmark: how long each export format takes for a big closed assessment (and a partnership).

Run with ``.venv/bin/python bench/bench_exports.py`` (not a test). It:

1. makes a throwaway SQLite database (a temporary file), migrates it and loads question bank 1.0;
2. builds one organisation with a closed readiness assessment of the full framework answered by
   ten respondents: seeded random levels and evidence, a note on about a third of the answers, some
   don't know and not applicable, and the action plan that closing seeds from the gaps;
3. builds a partnership of that organisation and two more (three respondents each), all sharing
   their closed assessments;
4. produces each format (PDF, Word, Excel, CSV, JSON) of the assessment and of the partnership,
   exactly as the download views do, several times, and prints the median time of each (the first
   run of each format warms caches and is not counted);
5. writes the figures to ``bench/results/exports.json``.

Goals (issue 7): PDF under 2 s, Word and Excel under 1 s, for the assessment. A PDF is timed
cold (the cache of finished PDFs emptied before each run) and, separately, downloaded again
(served from that cache).

Options: ``--runs N`` (default 5), ``--respondents N`` (default 10), ``--seed N``,
``--profile FORMAT`` (print a pyinstrument profile of one run of that format, e.g. ``pdf``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "exports.json"
GOALS = {"pdf": 2.0, "docx": 1.0, "xlsx": 1.0}
FORMATS = ("pdf", "docx", "xlsx", "csv", "json")
NAMES = (
    "Amira Khan",
    "Ben Hughes",
    "Chloe Evans",
    "David Okafor",
    "Eleri Morgan",
    "Farah Ali",
    "Gareth Price",
    "Helen Shaw",
    "Imran Qureshi",
    "Jo Fletcher",
    "Kate Doyle",
    "Liam Byrne",
)
NOTES = (
    "Agreed at cabinet; minutes on the shared drive.",
    "Draft business case circulated to section 151 officers, comments due next month.",
    "Not discussed with unions yet; HR lead to confirm the consultation timetable.",
    "Risk register has a line on this but no owner and no review date.",
    "Joint committee terms of reference drafted by legal; awaiting the monitoring officer.",
    "We rely on the county's system today; exit terms are unclear.",
)


def setup_django(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "rasp.config.settings"
    os.environ["DJANGO_DEBUG"] = "1"  # development settings: no secret key or hosts needed
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django
    from django.conf import settings

    django.setup()
    # Debug mode logs every query; a server in production does not.
    settings.DEBUG = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def make_member(organisation: Any, number: int, role: str) -> Any:
    from rasp.accounts.models import User
    from rasp.organisations.models import Membership

    user = User.objects.create_user(
        email=f"person{organisation.pk}-{number}@example.org",
        password=None,
        full_name=NAMES[number % len(NAMES)],
    )
    return Membership.objects.create(organisation=organisation, user=user, role=role)


def build_closed_assessment(name: str, respondents: int, rng: random.Random) -> tuple[Any, Any]:
    """An organisation and its closed readiness assessment; returns (assessment, admin)."""
    from rasp.assessments.models import Answer, RespondentRole
    from rasp.assessments.services import assessment_close, assessment_start, respondent_add
    from rasp.domain.framework.schema import Mode
    from rasp.frameworks.models import FrameworkQuestion
    from rasp.frameworks.selectors import framework_of
    from rasp.organisations.models import Organisation

    organisation = Organisation.objects.create(
        name=name, kind=Organisation.Kind.DISTRICT, nation=Organisation.Nation.ENGLAND
    )
    admin = make_member(organisation, 0, "admin")
    assessment = assessment_start(
        membership=admin, mode="readiness", title=f"Shared services readiness, {name}"
    )
    framework = framework_of(assessment.framework_version)
    asked = {q.code: q for q in framework.questions_for_mode(Mode.READINESS)}
    rows = [
        q
        for q in FrameworkQuestion.objects.filter(version_id=assessment.framework_version_id)
        if q.code in asked
    ]
    roles = [role.value for role in RespondentRole]
    answers = []
    for number in range(respondents):
        member = admin if number == 0 else make_member(organisation, number, "contributor")
        respondent = respondent_add(
            membership=admin,
            assessment=assessment,
            user=member.user,
            role=roles[number % len(roles)],
        )
        for question in rows:
            roll = rng.random()
            note = rng.choice(NOTES) if rng.random() < 0.3 else ""
            if roll < 0.05:
                answers.append(
                    Answer(respondent=respondent, question=question, kind="dont-know", note=note)
                )
            elif roll < 0.08 and not asked[question.code].critical:
                answers.append(
                    Answer(
                        respondent=respondent,
                        question=question,
                        kind="not-applicable",
                        reason="Not part of the services in scope",
                        note=note,
                    )
                )
            else:
                level = rng.randint(0, 4)
                evidence = rng.choice(["verbal", "draft", "approved", "operating"])
                answers.append(
                    Answer(
                        respondent=respondent,
                        question=question,
                        kind="level",
                        level=level,
                        evidence=evidence if level >= 2 else rng.choice(["", "verbal"]),
                        note=note,
                        link="https://intranet.example.org/papers/123"
                        if rng.random() < 0.1
                        else "",
                    )
                )
    Answer.objects.bulk_create(answers)
    assessment_close(membership=admin, assessment=assessment)
    assessment.refresh_from_db()
    return assessment, admin


def build_partnership(first: tuple[Any, Any], rng: random.Random) -> tuple[Any, Any]:
    """A planned partnership of the first organisation and two more, all sharing; returns the
    partnership and the first admin's access to it."""
    from rasp.organisations.models import Partnership, PartnershipMember
    from rasp.partnerships.access import partnership_access
    from rasp.partnerships.models import AssessmentShare

    assessment, admin = first
    others = [build_closed_assessment(f"Partner Council {n}", 3, rng) for n in range(1, 3)]
    partnership = Partnership.objects.create(
        name="Bench Shared Services Partnership",
        status=Partnership.Status.PLANNED,
        lead_organisation=admin.organisation,
        coordinator=admin.user,
    )
    for shared, by in [first, *others]:
        PartnershipMember.objects.create(partnership=partnership, organisation=by.organisation)
        AssessmentShare.objects.create(
            assessment=shared, partnership=partnership, shared_by=by.user
        )
    return partnership, partnership_access(actor=admin.user, partnership_id=partnership.pk)


def assessment_builders(assessment: Any) -> dict[str, Callable[[], bytes]]:
    from rasp.reports.export_views import FORMATS as ASSESSMENT_FORMATS

    return {name: (lambda f=f: f.build(assessment)) for name, f in ASSESSMENT_FORMATS.items()}


def partnership_builders(access: Any) -> dict[str, Callable[[], bytes]]:
    try:
        from rasp.partnerships.export_views import FORMATS as PARTNERSHIP_FORMATS
    except ImportError:  # before the partnership exports exist
        return {}
    return {name: (lambda f=f: f.build(access)) for name, f in PARTNERSHIP_FORMATS.items()}


def time_format(build: Callable[[], bytes], runs: int, *, cold: bool = True) -> dict[str, Any]:
    """Wall-clock and CPU time of each run. On a shared, busy machine the wall-clock time mostly
    measures the other processes; the CPU time of this process is the steadier figure.

    ``cold``: empty the cache before each run (not timed), so a PDF is laid out every time rather
    than served from the cache of finished PDFs."""
    from django.core.cache import cache

    build()  # warm up: imports, framework parsing, font discovery
    times, cpu = [], []
    size = 0
    for _ in range(runs):
        if cold:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        data = build()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        size = len(data)
    return {
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "bytes": size,
    }


def pdf_pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--respondents", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20_240_601)
    parser.add_argument("--profile", choices=FORMATS, default=None)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rasp-bench-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.utils import translation

        from rasp.assessments.models import Answer
        from rasp.frameworks.services import framework_version_load

        translation.activate("en-gb")
        framework_version_load(
            source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
            publish=True,
        )
        rng = random.Random(options.seed)
        started = time.perf_counter()
        first = build_closed_assessment("Bench Borough Council", options.respondents, rng)
        assessment = first[0]
        partnership, access = build_partnership(first, rng)
        answers = Answer.objects.filter(respondent__assessment=assessment).count()
        print(
            f"Built a closed assessment: {options.respondents} respondents, {answers} answers, "
            f"{assessment.actions.count()} actions; and a partnership of 3 "
            f"({time.perf_counter() - started:.1f} s, not timed below)"
        )

        if options.profile:
            from pyinstrument import Profiler

            build = assessment_builders(assessment)[options.profile]
            from django.core.cache import cache

            build()
            cache.clear()  # lay the PDF out again rather than serve it from the cache
            profiler = Profiler(interval=0.001)
            profiler.start()
            build()
            profiler.stop()
            # Flat, by own time: layout recursion makes the call tree too deep to read.
            from pyinstrument.renderers import ConsoleRenderer

            flat = ConsoleRenderer(unicode=True, flat=True, show_all=False)
            print("\n".join(profiler.output(flat).splitlines()[:60]))
            return 0

        figures: dict[str, Any] = {"assessment": {}, "partnership": {}}
        for kind, builders in (
            ("assessment", assessment_builders(assessment)),
            ("partnership", partnership_builders(access)),
        ):
            for name in FORMATS:
                if name not in builders:
                    continue
                timing = time_format(builders[name], options.runs)
                if name == "pdf":
                    timing["pages"] = pdf_pages(builders[name]())
                    # The same report downloaded again: its HTML is built, the PDF is the
                    # cached one.
                    repeat = time_format(builders[name], options.runs, cold=False)
                    timing["repeat_median_s"] = repeat["median_s"]
                    timing["repeat_cpu_median_s"] = repeat["cpu_median_s"]
                goal = GOALS.get(name) if kind == "assessment" else None
                if goal is not None:
                    timing["goal_s"] = goal
                    timing["goal_met"] = timing["median_s"] < goal
                    timing["goal_met_cpu"] = timing["cpu_median_s"] < goal
                figures[kind][name] = timing
                extra = (
                    f", {timing['pages']} pages; again from the cache: "
                    f"{timing['repeat_median_s']:.3f} s"
                    if "pages" in timing
                    else ""
                )
                verdict = (
                    f"  goal < {goal} s: {'met' if timing['goal_met'] else 'NOT met'}"
                    f" (CPU: {'met' if timing['goal_met_cpu'] else 'NOT met'})"
                    if goal is not None
                    else ""
                )
                print(
                    f"{kind:12} {name:5} median {timing['median_s']:.3f} s, "
                    f"CPU {timing['cpu_median_s']:.3f} s "
                    f"(min {timing['min_s']:.3f}, max {timing['max_s']:.3f}; "
                    f"{timing['bytes']:,} bytes{extra}){verdict}"
                )

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "database": "sqlite (temporary file)",
        "framework_version": "1.0",
        "mode": "readiness",
        "respondents": options.respondents,
        "answers": answers,
        "partners": 3,
        "runs": options.runs,
        "seed": options.seed,
        **figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
