"""What other apps' pages show from delivery, without those lower apps importing this one.

The layers forbid the results page (reports) and the answer pages (assessments) from importing
delivery, so delivery adds two functions to the Jinja environment when the app is ready, and
those pages' templates include a delivery partial that calls them:

* ``delivery_gap_guides(framework)``: the guidance on each question's gap, by question code;
* ``delivery_benefits_evidence(assessment, question)``: for a question on benefits achieved
  (topic HC1), what the benefits registers of the assessed organisation and its partnerships show.

It also adds ``delivery_figure(benefit, value)`` for its own templates: pence or a figure, as
people read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from rasp.delivery.guidance import Guide, guides_for_topics
from rasp.delivery.models import Programme
from rasp.delivery.selectors import Evidence, benefit_row, figure_text
from rasp.domain.framework.schema import Framework
from rasp.domain.scoring.index import cached

EVIDENCE_TOPIC = "HC1"


@dataclass(frozen=True)
class GuideLink:
    title: str
    href: str


def _guides_by_code(framework: Framework) -> dict[str, tuple[Guide, ...]]:
    return {q.code: guides_for_topics(q.topics, q.area.value) for q in framework.questions}


def delivery_gap_guides(framework: Framework | None) -> dict[str, tuple[GuideLink, ...]]:
    """The guides to link beside each question's gap, by question code (no entry: no guide).

    Called once per results page, which can list a hundred gaps: the guides are matched to the
    questions once per framework (published versions never change) and the links are built with
    one ``reverse`` per page rather than one per link, which cost a third of the page."""
    if framework is None:
        return {}
    sample = "guide-slug"
    before, after = reverse("delivery:guide", kwargs={"slug": sample}).split(sample)
    return {
        code: tuple(GuideLink(g.title, f"{before}{g.slug}{after}") for g in guides)
        for code, guides in cached(framework, _guides_by_code, _guides_by_code).items()
        if guides
    }


def delivery_benefits_evidence(assessment: Any, question: Any) -> tuple[Evidence, ...]:
    """The registers that bear on an HC1 answer. The answer page is only shown to members of the
    assessed organisation, who may see its programme and those of its current partnerships.

    Queries: 4 (programmes with their owners, benefits, organisations, actuals), and none for
    any other question."""
    if assessment is None or EVIDENCE_TOPIC not in getattr(question, "topics", ()):
        return ()
    organisation_id = assessment.organisation_id
    programmes = (
        Programme.objects.filter(
            Q(organisation_id=organisation_id)
            | Q(
                partnership__members__organisation_id=organisation_id,
                partnership__members__left_at__isnull=True,
            )
        )
        .select_related("partnership", "organisation")
        .prefetch_related("benefits__organisations", "benefits__actuals")
        .distinct()
        .order_by("id")
    )
    found = []
    for programme in programmes:
        if programme.partnership is not None:
            owner, href = (
                programme.partnership.name,
                reverse(
                    "delivery:partnership-register",
                    kwargs={"partnership_id": programme.partnership_id},
                ),
            )
        else:
            assert programme.organisation is not None
            owner, href = (
                programme.organisation.name,
                reverse(
                    "delivery:organisation-register",
                    kwargs={"organisation_id": programme.organisation_id},
                ),
            )
        rows = tuple(benefit_row(b) for b in programme.benefits.all())
        if rows:
            found.append(Evidence(owner, href, rows))
    return tuple(found)


def install() -> None:
    """Add the hooks to every Jinja2 engine (called from ``DeliveryConfig.ready``)."""
    from django.template import engines
    from django.template.backends.jinja2 import Jinja2

    for engine in engines.all():
        if isinstance(engine, Jinja2):
            engine.env.globals.update(
                delivery_gap_guides=delivery_gap_guides,
                delivery_benefits_evidence=delivery_benefits_evidence,
                delivery_figure=figure_text,
            )
