"""Guidance pages and their links; the register beside the HC1 health-check answer; downloads of
the plan and the register, each opened with a real parser (pypdf, python-docx, openpyxl)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from rasp.assessments.journey import sections_for
from rasp.assessments.services import assessment_start, respondent_add
from rasp.delivery.guidance import GuidanceError, guides, parse
from rasp.delivery.models import Benefit, BenefitActual, Programme, Task
from rasp.domain.framework.schema import Mode
from rasp.frameworks.selectors import framework_of
from tests.delivery.world import delivery_world
from tests.factories import MembershipFactory
from tests.reports.builders import build_assessment, results_path

pytestmark = pytest.mark.django_db


def test_guidance_pages_are_public_and_link_to_questions_and_case_studies(client, published):
    index = client.get("/guidance/").content.decode()
    assert all(f"/guidance/{g.slug}/" in index for g in guides())
    page = client.get("/guidance/who-leads/").content.decode()
    assert "chief executive and the chief information officer" in page
    assert 'href="/framework/questions/SV-' in page
    assert 'href="/framework/case-studies/tri-borough/"' in page
    assert client.get("/guidance/no-such-guide/").status_code == 404
    for slug in ("how-closely-to-share", "flexibility-and-break-points", "managing-the-transition"):
        assert client.get(f"/guidance/{slug}/").status_code == 200
    transition = client.get("/guidance/managing-the-transition/").content.decode()
    for word in ("People:", "Contracts:", "Systems:", "Equipment:", "Resources:"):
        assert word in transition


def test_every_guide_names_topics_and_case_studies_the_framework_has(published):
    framework = framework_of(published)
    topics = {t.id for t in framework.topics}
    studies = {c.id for c in framework.case_studies}
    for guide in guides():
        assert set(guide.topics) <= topics, guide.slug
        assert set(guide.case_studies) <= studies, guide.slug


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "list of guides"),
        ("- title: x\n  summary: y\n  sections: [{heading: h}]", "slug is missing"),
        ("- {slug: a, title: t, summary: s}", "at least one section"),
        ("- {slug: a, title: t, summary: s, tool: x, sections: [{heading: h}]}", "tool must be"),
    ],
)
def test_bad_guidance_content_fails_loudly(text, message):
    with pytest.raises(GuidanceError, match=message):
        parse(text)


def test_results_page_gaps_link_to_their_guidance(client, published):
    assessment, admin = build_assessment(level=1, close=True)
    client.force_login(admin.user)
    html = client.get(results_path(assessment)).content.decode()
    plan = html.split('id="plan-heading"')[1]
    assert "rasp-gap-guidance" in plan
    assert 'href="/guidance/' in plan


def test_gap_guide_links_match_each_questions_guides(published):
    from django.urls import reverse

    from rasp.delivery.guidance import guides_for_question
    from rasp.delivery.hooks import GuideLink, delivery_gap_guides

    framework = framework_of(published)
    links = delivery_gap_guides(framework)
    assert links, "some question has guidance"
    for question in framework.questions:
        expected = tuple(
            GuideLink(g.title, reverse("delivery:guide", kwargs={"slug": g.slug}))
            for g in guides_for_question(framework, question.code)
        )
        assert links.get(question.code, ()) == expected, question.code
    assert delivery_gap_guides(None) == {}


def _answer_path(assessment, code):
    framework = framework_of(assessment.framework_version)
    for section in sections_for(framework, Mode(assessment.mode)):
        for number, page in enumerate(section.pages):
            if any(q.code == code for q in page):
                return (
                    f"/organisations/{assessment.organisation_id}/assessments/{assessment.pk}"
                    f"/answer/{section.id}/{number}/"
                )
    raise AssertionError(code)


def test_the_hc1_question_shows_the_benefits_register_beside_the_answer(client, published):
    from rasp.organisations.models import Partnership, PartnershipMember

    admin = MembershipFactory(role="admin")
    partnership = Partnership.objects.create(name="Live one", status="live")
    PartnershipMember.objects.create(partnership=partnership, organisation=admin.organisation)
    ids = delivery_world(partnership)
    BenefitActual.objects.create(
        benefit_id=ids["benefit_id"], period_end=dt.date(2026, 10, 1), value_pence=100_000_00
    )
    assessment = assessment_start(membership=admin, mode="health-check", title="Health-check")
    respondent_add(membership=admin, assessment=assessment, user=admin.user, role="other")
    client.force_login(admin.user)
    html = client.get(_answer_path(assessment, "HC-01")).content.decode()
    evidence = html.split('id="benefits-evidence-HC-01"')[1].split("</div>")[0]
    assert "Benefits register of Live one" in evidence
    assert f"/partnerships/{partnership.pk}/benefits/" in evidence
    assert "Their benefit" in evidence and "behind plan" in evidence
    # Other questions show nothing of it.
    other = client.get(_answer_path(assessment, "HC-02")).content.decode()
    assert "benefits-evidence-HC-02" not in other


def test_the_hc1_question_says_when_there_is_no_register(client, published):
    admin = MembershipFactory(role="admin")
    assessment = assessment_start(membership=admin, mode="health-check", title="Health-check")
    respondent_add(membership=admin, assessment=assessment, user=admin.user, role="other")
    client.force_login(admin.user)
    html = client.get(_answer_path(assessment, "HC-01")).content.decode()
    assert "No benefits register yet" in html


@pytest.fixture
def filled(started):
    programme = Programme.objects.get()
    a = Task.objects.create(
        programme=programme,
        workstream="people",
        title="=cmd|' /C calc'!A0",
        starts_on=dt.date(2026, 4, 1),
        due_on=dt.date(2026, 4, 30),
    )
    b = Task.objects.create(
        programme=programme,
        workstream="systems",
        title="Migrate <data> & test",
        starts_on=dt.date(2026, 5, 1),
        due_on=dt.date(2030, 5, 30),
    )
    b.depends_on.add(a)
    benefit = Benefit.objects.create(
        programme=programme,
        title="Savings",
        kind="financial",
        measure="Annual saving",
        baseline_pence=0,
        target_pence=120_000_050,
        starts_on=dt.date(2026, 4, 1),
        target_on=dt.date(2027, 4, 1),
        owner="Finance",
    )
    BenefitActual.objects.create(
        benefit=benefit, period_end=dt.date(2026, 9, 30), value_pence=5_000_000
    )
    return started


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"] == "private, no-store"
    return response.content


def test_downloads_of_the_plan(client, filled):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(filled.admins[0].user)
    base = filled.path("transition/download.")
    pdf = PdfReader(io.BytesIO(_get(client, base + "pdf")))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Transition plan" in text and "Migrate <data> & test" in text
    assert "Critical path" in text
    doc = Document(io.BytesIO(_get(client, base + "docx")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Migrate <data> & test" in cells
    book = load_workbook(io.BytesIO(_get(client, base + "xlsx")))
    assert book.sheetnames == ["Workstreams", "Tasks", "Critical path"]
    titles = [row[1] for row in book["Tasks"].iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in titles  # never run as a formula
    assert client.get(base + "exe").status_code == 404


def test_downloads_of_the_register(client, filled):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(filled.admins[0].user)
    base = filled.path("benefits/download.")
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(_get(client, base + "pdf"))).pages
    )
    assert "Benefits realisation register" in text and "£1,200,000.50" in text
    assert "Behind plan" in text
    doc = Document(io.BytesIO(_get(client, base + "docx")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "£1,200,000.50" in cells and "£50,000" in cells
    book = load_workbook(io.BytesIO(_get(client, base + "xlsx")))
    benefits = list(book["Benefits"].iter_rows(min_row=2, values_only=True))
    from decimal import Decimal

    assert Decimal(str(benefits[0][7])) == Decimal("1200000.5")  # pounds, as a number
    actuals = list(book["Actuals"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert actuals[0][2] == 50000
