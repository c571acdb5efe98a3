"""The organisation's assessments over time: area scores from each closed snapshot, the change
since the one before, and questions matched across framework versions through the code map."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rasp.frameworks.services import framework_version_load
from tests.reports.builders import ROOT, build_assessment

pytestmark = pytest.mark.django_db


def _publish_renamed_version() -> None:
    """Version 1.1 of the real bank with SV-02 renamed SV-92 (and a code map saying so)."""
    text = (ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"', 1)
    text = text.replace("previous_version: null", 'previous_version: "1.0"', 1)
    text = text.replace("code_map: {}", "code_map: {SV-02: SV-92}", 1)
    text = text.replace("SV-02", "SV-92").replace(
        "code_map: {SV-92: SV-92}", "code_map: {SV-02: SV-92}"
    )
    framework_version_load(source_text=text, publish=True)


def test_trend_per_area_across_framework_versions(client, published, django_assert_max_num_queries):
    first, admin = build_assessment(respondents=2, level=3, close=True)
    _publish_renamed_version()
    second, _admin = build_assessment(respondents=1, level=2, close=True, admin=admin)
    assert second.framework_version.version == "1.1"
    client.force_login(admin.user)
    path = reverse("assessments:list", kwargs={"organisation_id": admin.organisation_id})
    html = client.get(path).content.decode()
    table = html[html.index('id="trend-table"') :]
    rows = re.findall(r'<tr class="govuk-table__row">\s*<th scope="row"(.*?)</tr>', table, re.S)
    assert len(rows) == 2
    assert "question bank 1.0" in rows[0] and "First closed assessment" in rows[0]
    assert "question bank 1.1" in rows[1]
    # Every area went from 75.0 (level 3, approved) to 50.0 (level 2, draft).
    assert rows[1].count("50.0") == 5 and rows[1].count("down 25.0") == 5
    matched = re.search(r"(\d+) questions matched, 1 of them through a renamed code", rows[1])
    assert matched, rows[1]
    assert "new" not in rows[1] and "no longer asked" not in rows[1]
    # Area names come from the framework, not the template.
    for name in ("Shared vision", "Governance", "Risk management"):
        assert f">{name}</th>" in table

    # The page's queries do not grow with the number of closed assessments.
    with django_assert_max_num_queries(12) as few:
        client.get(path)
    build_assessment(respondents=1, level=1, close=True, admin=admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(path).content.decode()
    assert "down 25.0" in html
