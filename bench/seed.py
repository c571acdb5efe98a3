"""The data each benchmark scenario needs, made through the app's own services (audited, as a
person's actions would be), except answers to closed assessments, which are bulk-inserted as the
demo data does. Prints JSON: who signs in and which URLs each scenario requests.

* saves: 10 councils of 10 people, each person a respondent of their council's open readiness
  assessment (up to 100 virtual users, one respondent each, so saves never conflict);
* results and PDF: a closed readiness assessment answered by 8 respondents;
* partnership: 10 partners of 20 respondents each, every partner sharing a closed assessment;
* flow: fresh assessments of the mode with the most questions, one per run of the
  submit-and-view flow (one respondent answers every page, submits, opens the results).
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-for-virtual-users-1"
SAVE_ORGANISATIONS = 10
SAVE_PEOPLE = 10
PARTNERS = 10
PARTNER_RESPONDENTS = 20
RESULTS_RESPONDENTS = 8
PDF_DOWNLOADS = 8  # closed assessments downloaded once each as PDF
FLOW_RUNS = int(os.environ.get("RASP_BENCH_FLOW_RUNS", "6"))
EVIDENCE_FOR_LEVEL = {0: "none", 1: "verbal", 2: "draft", 3: "approved", 4: "operating"}


def _users(emails: list[str], password_hash: str) -> list[Any]:
    from rasp.accounts.models import User

    User.objects.bulk_create(
        [User(email=e, full_name=e.split("@")[0], password=password_hash) for e in emails]
    )
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _organisation(name: str, users: list[Any], kind: str = "district") -> list[Any]:
    """The organisation with ``users`` as members, the first its admin; returns memberships."""
    from rasp.organisations.models import Membership, Organisation

    organisation = Organisation.objects.create(name=name, kind=kind, nation="england")
    Membership.objects.bulk_create(
        [
            Membership(
                organisation=organisation, user=user, role="admin" if i == 0 else "contributor"
            )
            for i, user in enumerate(users)
        ]
    )
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("user__email")
    )


def _answered(framework: Any, mode: Any, respondent: Any, rng: random.Random) -> list[Any]:
    from rasp.assessments.models import Answer

    rows = {q.code: q for q in respondent.assessment.framework_version.questions.all()}
    answers = []
    for question in framework.questions_for_mode(mode):
        if rng.random() < 0.04 and not question.critical:
            answers.append(
                Answer(respondent=respondent, question=rows[question.code], kind="dont-know")
            )
            continue
        level = rng.randint(0, 4)
        answers.append(
            Answer(
                respondent=respondent,
                question=rows[question.code],
                kind="level",
                level=level,
                evidence=EVIDENCE_FOR_LEVEL[level],
            )
        )
    return answers


def _closed_assessment(memberships: list[Any], title: str, seed: str) -> Any:
    from django.utils import timezone

    from rasp.assessments.models import Answer
    from rasp.assessments.selectors import assessment_framework
    from rasp.assessments.services import assessment_close, assessment_start, respondent_add
    from rasp.domain.framework.schema import Mode

    admin = memberships[0]
    assessment = assessment_start(membership=admin, mode="readiness", title=title)
    framework = assessment_framework(assessment)
    rng = random.Random(seed)
    rows = []
    for member in memberships:
        respondent = respondent_add(
            membership=admin, assessment=assessment, user=member.user, role="director"
        )
        rows.extend(_answered(framework, Mode.READINESS, respondent, rng))
        respondent.submitted_at = timezone.now()
        respondent.save(update_fields=["submitted_at"])
    Answer.objects.bulk_create(rows)
    assessment_close(membership=admin, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def _page_urls(assessment: Any, mode: Any) -> tuple[list[str], list[str]]:
    """Every question page of the assessment in order, and each section's check page."""
    from django.urls import reverse

    from rasp.assessments.journey import sections_for
    from rasp.assessments.selectors import assessment_framework

    kwargs = {"organisation_id": assessment.organisation_id, "assessment_id": assessment.pk}
    pages, checks = [], []
    for section in sections_for(assessment_framework(assessment), mode):
        for page in range(len(section.pages)):
            pages.append(
                reverse(
                    "assessments:answer", kwargs={**kwargs, "section": section.id, "page": page}
                )
            )
        checks.append(reverse("assessments:check", kwargs={**kwargs, "section": section.id}))
    return pages, checks


def seed() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse

    from rasp.assessments.selectors import assessment_framework
    from rasp.assessments.services import assessment_start, respondent_add
    from rasp.domain.framework.schema import Mode
    from rasp.organisations.models import Partnership, PartnershipMember
    from rasp.partnerships.access import partnership_access
    from rasp.partnerships.services import assessment_share

    password_hash = make_password(PASSWORD)
    out: dict[str, Any] = {"password": PASSWORD}

    # Answer saves.
    savers = []
    for o in range(SAVE_ORGANISATIONS):
        users = _users(
            [f"saver{o:02d}-{p:02d}@bench.example" for p in range(SAVE_PEOPLE)], password_hash
        )
        memberships = _organisation(f"Bench Saving Council {o:02d}", users)
        assessment = assessment_start(
            membership=memberships[0], mode="readiness", title="Readiness"
        )
        for member in memberships:
            respondent_add(
                membership=memberships[0], assessment=assessment, user=member.user, role="other"
            )
        pages, _checks = _page_urls(assessment, Mode.READINESS)
        savers.extend({"email": m.user.email, "pages": pages} for m in memberships)
    out["savers"] = savers

    # Results page and PDF.
    users = _users(
        [f"results-{p:02d}@bench.example" for p in range(RESULTS_RESPONDENTS)], password_hash
    )
    memberships = _organisation("Bench Results Council", users)
    closed = _closed_assessment(memberships, "Readiness for shared revenues", "results")
    kwargs = {"organisation_id": closed.organisation_id, "assessment_id": closed.pk}
    out["results"] = {"email": users[0].email, "url": reverse("reports:results", kwargs=kwargs)}
    # The PDF: finished PDFs are cached, so each timed download is of another closed assessment
    # (the first download of each, a PDF laid out from scratch), all of the same size.
    pdf_assessments = [closed] + [
        _closed_assessment(memberships, f"Readiness for shared revenues, take {n}", f"pdf-{n}")
        for n in range(2, PDF_DOWNLOADS + 1)
    ]
    out["pdf"] = {
        "email": users[0].email,
        "urls": [
            reverse(
                "reports:download",
                kwargs={
                    "organisation_id": a.organisation_id,
                    "assessment_id": a.pk,
                    "format": "pdf",
                },
            )
            for a in pdf_assessments
        ],
    }

    # Partnership view: 10 partners x 20 respondents.
    partner_admins = []
    partner_assessments = []
    for o in range(PARTNERS):
        users = _users(
            [f"partner{o:02d}-{p:02d}@bench.example" for p in range(PARTNER_RESPONDENTS)],
            password_hash,
        )
        memberships = _organisation(f"Bench Partner Council {o:02d}", users, kind="unitary")
        partner_admins.append(memberships[0])
        partner_assessments.append(_closed_assessment(memberships, "Readiness", f"partner-{o}"))
    partnership = Partnership.objects.create(
        name="Bench Shared Services Partnership",
        status=Partnership.Status.PLANNED,
        lead_organisation=partner_admins[0].organisation,
        coordinator=partner_admins[0].user,
    )
    for admin in partner_admins:
        PartnershipMember.objects.create(partnership=partnership, organisation=admin.organisation)
    for admin, assessment in zip(partner_admins, partner_assessments, strict=True):
        access = partnership_access(actor=admin.user, partnership_id=partnership.pk)
        assessment_share(access=access, membership=admin, assessment=assessment)
    out["partnership"] = {
        "email": partner_admins[0].user.email,
        "url": reverse("partnerships:results", kwargs={"partnership_id": partnership.pk}),
    }

    # Submit-and-view flow: the mode with the most questions, one fresh assessment per run.
    users = _users(["flow@bench.example"], password_hash)
    memberships = _organisation("Bench Flow Council", users)
    framework = None
    flows = []
    for run in range(FLOW_RUNS):
        if framework is None:
            probe = assessment_start(membership=memberships[0], mode="readiness", title="Probe")
            framework = assessment_framework(probe)
            probe.delete()
            mode = max(Mode, key=lambda m: len(framework.questions_for_mode(m)))
        assessment = assessment_start(
            membership=memberships[0], mode=mode.value, title=f"Flow {run}"
        )
        respondent_add(
            membership=memberships[0], assessment=assessment, user=users[0], role="other"
        )
        pages, checks = _page_urls(assessment, mode)
        kwargs = {"organisation_id": assessment.organisation_id, "assessment_id": assessment.pk}
        flows.append(
            {
                "pages": pages,
                "checks": checks,
                "submit": reverse("assessments:submit", kwargs=kwargs),
                "results": reverse("reports:results", kwargs=kwargs),
            }
        )
    assert framework is not None
    from rasp.assessments.journey import sections_for

    out["flow"] = {
        "email": users[0].email,
        "mode": mode.value,
        "questions": len(framework.questions_for_mode(mode)),
        # The question texts page by page, for the peer's equivalent survey.
        "page_texts": [
            [question.text for question in page]
            for section in sections_for(framework, mode)
            for page in section.pages
        ],
        "runs": flows,
    }
    out["floor"] = {"email": savers[0]["email"], "url": "/bench/floor"}
    return out


if __name__ == "__main__":
    print(json.dumps(seed()))
