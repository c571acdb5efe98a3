"""docs/examples/api_client.py, run as a separate process against a live server: a token reads
an assessment's results and records answers; a read-only token and an outsider are refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rasp.assessments.models import Answer
from tests.api.conftest import ROOT, make_token
from tests.api.world import build_world
from tests.reports.builders import load_question_bank

SCRIPT = ROOT / "docs" / "examples" / "api_client.py"


def run(live_server, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASP_URL": live_server.url, "RASP_TOKEN": token}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_the_example_script_reads_results_and_records_answers(live_server):
    load_question_bank()
    world = build_world()
    token = make_token(world.admin.user)
    assessment = world.assessment.pk

    shown = run(live_server, token, "results", str(assessment))
    assert shown.returncode == 0, shown.stderr
    assert "(provisional)" in shown.stdout and "shared-vision: declared" in shown.stdout

    saved = run(live_server, token, "answer", str(assessment), "SV-02", "3", "--evidence", "draft")
    assert saved.returncode == 0, saved.stderr
    row = Answer.objects.get(respondent__user=world.admin.user, question__code="SV-02")
    assert (row.kind, row.level, row.evidence) == ("level", 3, "draft")

    # Replacing an existing answer sends the version it read: accepted.
    again = run(live_server, token, "answer", str(assessment), "SV-01", "dont-know")
    assert again.returncode == 0, again.stderr
    assert Answer.objects.get(pk=row.pk).level == 3

    read_only = make_token(world.admin.user, scope="read")
    refused = run(live_server, read_only, "answer", str(assessment), "SV-03", "2")
    assert refused.returncode == 1 and "403" in refused.stderr

    outsider = make_token(world.other_admin.user)
    hidden = run(live_server, outsider, "results", str(assessment))
    assert hidden.returncode == 1 and "404" in hidden.stderr
