"""The public pages of the question bank: readable by anyone, from the latest published version."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from rasp.frameworks.services import framework_version_load

BANK = Path(__file__).resolve().parents[2] / "frameworks" / "rasp-1.0.yaml"

pytestmark = pytest.mark.django_db

PAGES = [
    ("framework:index", {}),
    ("framework:area", {"area_id": "governance"}),
    ("framework:module", {"module_id": "health-check"}),
    ("framework:question", {"code": "TR-10"}),
    ("framework:question", {"code": "SV-03"}),
    ("framework:how-scores-work", {}),
    ("framework:glossary", {}),
    ("framework:case-studies", {}),
    ("framework:case-study", {"study_id": "hoople"}),
]


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's main content as plain text, spaces collapsed."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


@pytest.fixture
def bank_text() -> str:
    return BANK.read_text(encoding="utf-8")


@pytest.fixture
def published(bank_text: str) -> None:
    framework_version_load(source_text=bank_text, publish=True)


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_is_public_and_well_formed(client, name, kwargs) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(name, kwargs=kwargs))  # anonymous; the client checks the HTML
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-breadcrumbs' in page
    assert "Question bank" in page or name == "framework:index"


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_with_nothing_published_every_page_says_so(client, name, kwargs) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert "The question bank is not published yet" in response.content.decode()


def test_a_draft_is_not_shown(client, bank_text) -> None:  # type: ignore[no-untyped-def]
    framework_version_load(source_text=bank_text, publish=False)
    assert "not published yet" in client.get(reverse("framework:index")).content.decode()


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize(
    "path",
    [
        "/framework/questions/XX-99/",
        "/framework/questions/tr-10/",
        "/framework/areas/nowhere/",
        "/framework/modules/governance/",
        "/framework/case-studies/no-such-case/",
    ],
)
def test_unknown_things_are_404(client, path) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.usefixtures("published")
def test_the_index_shows_areas_modules_counts_and_times(client) -> None:  # type: ignore[no-untyped-def]
    text = _text(client.get(reverse("framework:index")))
    assert "Preview the questions" in text
    assert "Readiness for a shared service: up to 79 questions, about 53 minutes" in text
    for name in ("Shared vision", "Ethos and cultures", "Governance", "Adding a new partner"):
        assert name in text
    assert "15 questions, 8 critical, 1 red flag" in text  # governance
    page = client.get(reverse("framework:index")).content.decode()
    assert 'href="/framework/areas/governance/"' in page
    assert 'href="/framework/modules/new-partner/"' in page
    assert 'href="/framework/how-scores-work/"' in page


@pytest.mark.usefixtures("published")
def test_an_area_page_lists_its_questions_with_tags_in_words(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("framework:area", kwargs={"area_id": "governance"}))
    page = response.content.decode()
    assert 'href="/framework/questions/GV-01/"' in page
    assert "HC-" not in page  # module questions are on their module's page
    text = _text(response)
    assert "Weight: critical Critical" in text
    assert "Red flag" in text


@pytest.mark.usefixtures("published")
def test_a_question_page_has_everything_about_the_question(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("framework:question", kwargs={"code": "TR-10"}))
    page = response.content.decode()
    text = _text(response)
    assert "TR-10" in text
    assert "Has your organisation assessed the pension arrangements" in text
    for level in range(5):
        assert f"Level {level}" in text
    assert "Advice from the pension fund or its actuary" in text  # evidence examples
    assert "critical (weight 3 of 3)" in text
    assert "Yes: a low answer holds the whole area back" in text
    assert "cannot be answered “not applicable”" in text
    assert "Each organisation answers about itself" in text  # scope
    assert "Before commitment" in text and "Money" in text  # stage and lens
    assert "Health check of a live shared service" in text  # modes
    for nation in ("England", "Wales", "Scotland", "Northern Ireland"):
        assert f'<h3 class="govuk-heading-s">{nation}</h3>' in page
    assert 'href="/framework/case-studies/hoople/"' in page
    # Glossary terms link to their anchors: in the text where they first appear, and listed.
    assert '<a class="govuk-link" href="/framework/glossary/#term-nilgosc">NILGOSC</a>' in page
    assert page.count('href="/framework/glossary/#term-local-government-pension-scheme"') == 2
    assert 'class="govuk-summary-list' in page
    assert 'class="govuk-tag' in page


@pytest.mark.usefixtures("published")
def test_a_follow_up_says_when_it_is_shown(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("framework:question", kwargs={"code": "SV-03"}))
    assert "Only when the answer to SV-02 is level 2, level 3 or level 4" in _text(response)
    assert 'href="/framework/questions/SV-02/"' in response.content.decode()
    parent = client.get(reverse("framework:question", kwargs={"code": "SV-02"}))
    assert "Follow-up questions" in _text(parent)


@pytest.mark.usefixtures("published")
def test_the_glossary_has_anchors_and_the_questions_using_each_term(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("framework:glossary"))
    page = response.content.decode()
    for anchor in (
        "term-section-151-officer",
        "term-teckal-company",
        "term-senior-information-risk-owner",
    ):
        assert f'id="{anchor}"' in page
    assert "Also written: SIRO" in _text(response)
    section = page[page.index('id="term-nilgosc"') :]
    section = section[: section.index("</div>")]
    assert 'href="/framework/questions/TR-10/"' in section


@pytest.mark.usefixtures("published")
def test_case_studies_list_and_link_back_to_their_questions(client) -> None:  # type: ignore[no-untyped-def]
    listing = client.get(reverse("framework:case-studies")).content.decode()
    assert 'href="/framework/case-studies/lgss/"' in listing
    response = client.get(reverse("framework:case-study", kwargs={"study_id": "hoople"}))
    text = _text(response)
    assert "Hoople, Herefordshire" in text
    assert "The lesson" in text and "Pension liabilities follow the staff" in text
    assert "S29" in text  # sources
    assert 'href="/framework/questions/TR-10/"' in response.content.decode()


@pytest.mark.usefixtures("published")
def test_how_scores_work_shows_the_constants_and_the_example(client) -> None:  # type: ignore[no-untyped-def]
    text = _text(client.get(reverse("framework:how-scores-work")))
    assert "a score below 45, or any critical question at level 1 or below" in text
    assert "a score of 70 or more, with every critical question at level 3 or above" in text
    assert "weight 3: critical" in text
    assert "A draft document: counts up to level 2" in text
    assert "plus 3 for a critical question" in text
    assert "differ by 2 or more, the question is marked disputed" in text
    assert "Health check of a live shared service: level 4" in text
    assert "Evidence-adjusted score: 100 × 16 ÷ 24 = 66.7" in text
    assert "Question 1 (critical): 3 × (3 − 2) + 3 = priority 6" in text
    assert "So the area's band is Amber" in text


def test_how_scores_work_follows_the_published_constants(client, bank_text) -> None:  # type: ignore[no-untyped-def]
    changed = bank_text
    for old, new in [
        ("    red_below: 45\n", "    red_below: 50\n"),
        ("    green_from: 70\n", "    green_from: 80\n"),
        ("  critical_priority_bonus: 3\n", "  critical_priority_bonus: 4\n"),
        ("verbal: 2, draft: 2,", "verbal: 2, draft: 3,"),
        ("  disputed_spread: 2\n", "  disputed_spread: 3\n"),
        ("targets: {readiness: 3,", "targets: {readiness: 4,"),
    ]:
        assert changed.count(old) == 1, old
        changed = changed.replace(old, new)
    framework_version_load(source_text=changed, publish=True)
    text = _text(client.get(reverse("framework:how-scores-work")))
    assert "a score below 50, or any critical question" in text
    assert "a score of 80 or more" in text
    assert "plus 4 for a critical question" in text
    assert "A draft document: counts up to level 3" in text
    assert "differ by 3 or more" in text
    assert "Readiness for a shared service: level 4" in text
    # The example is re-scored: question 1's draft now counts at 3, and the target is 4.
    assert "Evidence-adjusted score: 100 × 19 ÷ 24 = 79.2" in text
    assert "Question 1 (critical): 3 × (4 − 3) + 4 = priority 7" in text
    assert "a score below 45" not in text
