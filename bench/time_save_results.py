"""Time one answer-page save and one results page in a single process (issue 9's profiles).

Run as a pytest module against a throwaway PostgreSQL (or SQLite without the wrapper):

    ./scripts/with-postgres .venv/bin/pytest -q -s -p no:randomly bench/time_save_results.py

It builds a readiness assessment with 8 respondents who answered every question (about 630
answers, as the benchmark's results world), then times ``RUNS`` showings of a question page,
``RUNS`` saves of a full question page
(every answer changed, so every save writes) and ``RUNS`` results pages, and prints the median
and the query count of each. Not part of the test suite: it asserts nothing about milliseconds.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rasp.assessments.journey import sections_for
from rasp.assessments.models import Answer
from rasp.assessments.selectors import assessment_framework
from rasp.domain.framework.schema import Mode
from tests.assessments.conftest import published  # noqa: F401  (the fixture)
from tests.reports.builders import build_assessment, results_path

RUNS = 25
VERBOSE = bool(os.environ.get("VERBOSE"))

pytestmark = pytest.mark.django_db(transaction=True)


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def test_time_save_and_results(published: Any) -> None:  # noqa: F811
    assessment, admin = build_assessment(
        respondents=8, level=lambda code, who: (who + len(code)) % 5
    )
    client = Client()
    client.force_login(admin.user)
    framework = assessment_framework(assessment)
    sections = sections_for(framework, Mode(assessment.mode))
    # The page with the most questions.
    section, page, questions = max(
        ((s, n, p) for s in sections for n, p in enumerate(s.pages)), key=lambda t: len(t[2])
    )
    url = reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": admin.organisation_id,
            "assessment_id": assessment.pk,
            "section": section.id,
            "page": page,
        },
    )
    respondent_answers = Answer.objects.filter(respondent__user=admin.user)

    def payload(turn: int) -> dict[str, str]:
        versions = dict(respondent_answers.values_list("question__code", "version"))
        data = {}
        for question in questions:
            level = (turn + len(question.code)) % 2  # 0 or 1: no evidence needed
            data[f"{question.code}-answer"] = str(level)
            data[f"{question.code}-version"] = str(versions.get(question.code, 0))
        return data

    client.get(url)  # warm-up
    shows, show_cpu, show_queries = [], [], 0
    for _turn in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            shows.append(time.perf_counter() - started)
            show_cpu.append(time.process_time() - cpu)
        assert response.status_code == 200, response.status_code
        show_queries = len(captured)

    client.post(url, payload(0))  # warm-up
    saves, save_cpu, save_queries = [], [], 0
    for turn in range(1, RUNS + 1):
        data = payload(turn)
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.post(url, data)
            saves.append(time.perf_counter() - started)
            save_cpu.append(time.process_time() - cpu)
        assert response.status_code == 302, response.status_code
        save_queries = len(captured)
    if VERBOSE:
        for query in captured.captured_queries:
            print(query["sql"][:160])

    closed, closed_admin = build_assessment(
        respondents=8, level=lambda code, who: (who + len(code)) % 5, close=True
    )
    client.force_login(closed_admin.user)
    results = results_path(closed)
    client.get(results)  # warm-up
    pages, page_cpu, page_queries = [], [], 0
    for _turn in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(results)
            pages.append(time.perf_counter() - started)
            page_cpu.append(time.process_time() - cpu)
        assert response.status_code == 200
        page_queries = len(captured)

    answers = Answer.objects.filter(respondent__assessment=closed).count()
    print(
        f"\n{connection.vendor}: question page shown: median {_median_ms(shows)} ms "
        f"({_median_ms(show_cpu)} ms CPU), {show_queries} queries; "
        f"save of {len(questions)} answers ({section.id}/{page}): "
        f"median {_median_ms(saves)} ms ({_median_ms(save_cpu)} ms CPU) over {RUNS}, "
        f"{save_queries} queries; "
        f"closed results page ({answers} answers): median {_median_ms(pages)} ms "
        f"({_median_ms(page_cpu)} ms CPU) over {RUNS}, "
        f"{page_queries} queries"
    )


@pytest.mark.skipif(not os.environ.get("PROFILE"), reason="set PROFILE=1 to profile")
def test_profile_results(published: Any) -> None:  # noqa: F811
    from pyinstrument import Profiler

    closed, admin = build_assessment(
        respondents=8, level=lambda code, who: (who + len(code)) % 5, close=True
    )
    client = Client()
    client.force_login(admin.user)
    client.get(results_path(closed))
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _turn in range(5):
        client.get(results_path(closed))
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False)[:12000])


@pytest.mark.skipif(not os.environ.get("PROFILE"), reason="set PROFILE=1 to profile")
def test_cprofile_results(published: Any) -> None:  # noqa: F811
    import cProfile
    import pstats

    closed, admin = build_assessment(
        respondents=8, level=lambda code, who: (who + len(code)) % 5, close=True
    )
    client = Client()
    client.force_login(admin.user)
    client.get(results_path(closed))
    profile = cProfile.Profile()
    profile.enable()
    for _turn in range(5):
        client.get(results_path(closed))
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(60)


@pytest.mark.skipif(not os.environ.get("PROFILE"), reason="set PROFILE=1 to profile")
def test_profile_save(published: Any) -> None:  # noqa: F811
    from pyinstrument import Profiler

    assessment, admin = build_assessment(
        respondents=8, level=lambda code, who: (who + len(code)) % 5
    )
    client = Client()
    client.force_login(admin.user)
    url = reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": admin.organisation_id,
            "assessment_id": assessment.pk,
            "section": "shared-vision",
            "page": 0,
        },
    )
    codes = ["SV-01", "SV-02", "SV-04"]
    rows = Answer.objects.filter(respondent__user=admin.user, question__code__in=codes)
    profiler = Profiler(interval=0.0002)
    for turn in range(10):
        versions = dict(rows.values_list("question__code", "version"))
        data = {}
        for code in codes:
            data[f"{code}-answer"] = str(turn % 2)
            data[f"{code}-version"] = str(versions[code])
        profiler.start()
        client.post(url, data)
        profiler.stop()
    print(profiler.output_text(unicode=False, color=False)[:15000])


@pytest.mark.skipif(not os.environ.get("PROFILE"), reason="set PROFILE=1 to profile")
def test_cprofile_question_page(published: Any) -> None:  # noqa: F811
    import cProfile
    import pstats

    assessment, admin = build_assessment(
        respondents=8, level=lambda code, who: (who + len(code)) % 5
    )
    client = Client()
    client.force_login(admin.user)
    url = reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": admin.organisation_id,
            "assessment_id": assessment.pk,
            "section": "shared-vision",
            "page": 0,
        },
    )
    client.get(url)
    profile = cProfile.Profile()
    profile.enable()
    for _turn in range(10):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(70)
