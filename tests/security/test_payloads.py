"""Script, markup, template and formula payloads in every free-text field.

The free-text fields are found from the forms and the API's input schemas; each must be a model
field that the stuffing below covers. Then:

* through the real forms and the API, every payload is accepted and stored as typed;
* with every free-text column of every row holding markup, every page of the authorisation table
  (as the admin, a contributor and the partnership coordinator) shows it as text: no element or
  event handler from a payload, and the template syntax printed, not run;
* the PDF and Word exports show the markup as literal text (read back with pypdf and
  python-docx); the Excel and CSV exports never start a cell with a formula character.
"""

from __future__ import annotations

import csv
import importlib
import inspect
import io
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.test import Client

from tests.security.authorisation_table import PAGES
from tests.security.matrix import parse_table, path_for, walk
from tests.security.test_authorisation_matrix import MatrixClient
from tests.security.world import World, build_world, sign_in

pytestmark = pytest.mark.django_db

MARKUP = (
    '<script id="pwned-1">alert(1)</script>"\'><img id="pwned-2" src=x onerror=alert(2)>'
    '<b id="pwned-3">B</b>{{ 7*191 }}{% if 1 %}J{% endif %}'
)
SHORT = "<b id=pwned-4>B</b>"  # for fields too short for the whole payload
FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-1+2",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
PAYLOADS = [MARKUP, SHORT, "javascript:alert(1)", *FORMULAS]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

APPS = ("accounts", "organisations", "assessments", "partnerships", "reports", "api", "delivery")
# Text columns that are not free text: secrets, machine codes and bookkeeping.
NOT_FREE_TEXT = {
    "password",
    "prefix",
    "secret_hash",
    "last_page",
    "framework_checksum",
    "question_code",
    "stage",
    # The comparison's summary rows copy machine codes (area, mode, organisation type).
    "organisation_kind",
    "mode",
    "area",
}

# Free-text inputs that are never stored or shown again.
NOT_STORED = {
    "code",  # a two-factor sign-in code: checked, then forgotten
    # Figures of the benefits register, read as money or numbers ("£1.2m", "72"); anything
    # else is refused with a message (tests/domain/delivery table-tests the parsing).
    "baseline",
    "target",
    "value",
    # What a deletion's confirmation page showed of a benefit's actuals or of one actual:
    # compared with what is stored now, then forgotten (tests/delivery/test_deletions.py).
    "actuals",
    "seen",
}


def stuffed_fields() -> list[tuple[type[models.Model], models.Field]]:  # type: ignore[type-arg]
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, (models.CharField, models.TextField))
                and not isinstance(field, models.EmailField)
                and not field.choices
                and field.name not in NOT_FREE_TEXT
            ):
                found.append((model, field))
    return found


def _form_text_fields() -> set[str]:
    names: set[str] = set()
    for app in APPS:
        try:
            module = importlib.import_module(f"rasp.{app}.forms")
        except ModuleNotFoundError:
            continue
        source = inspect.getsource(module)
        # Fields a form adds per question in __init__, e.g. self.fields[f"{code}-reason"].
        names.update(re.findall(r'self\.fields\[f"\{code\}-(\w+)"\] = forms\.CharField', source))
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for name, field in form.base_fields.items():
                if (
                    type(field) is forms.CharField
                    and not isinstance(field.widget, (forms.PasswordInput, forms.HiddenInput))
                    and "password" not in name
                ):
                    names.add(name)
    return names


def _api_text_fields() -> set[str]:
    from rasp.api import schemas

    names = set()
    for _name, schema in inspect.getmembers(schemas, inspect.isclass):
        if schema.__name__.endswith("In") and hasattr(schema, "model_fields"):
            for name, info in schema.model_fields.items():
                if info.annotation is str:
                    names.add(name)
    return names


def test_every_free_text_field_of_the_forms_and_the_api_is_stuffed(counts):
    entry_points = (_form_text_fields() | _api_text_fields()) - NOT_STORED
    stuffed = {field.name for _model, field in stuffed_fields()}
    assert {"title", "notes", "reason", "name", "full_name"} <= entry_points
    missing = entry_points - stuffed
    assert not missing, (
        f"Free-text fields {missing} are not among the model fields test_payloads.py fills; "
        "if they store text under another name, add that model field"
    )
    counts["free-text fields (forms and API)"] = len(entry_points)
    counts["free-text model columns stuffed"] = len(stuffed_fields())


# Through the front doors ---------------------------------------------------------------------------


def test_the_api_stores_every_payload_as_sent(counts, settings):
    from rasp.assessments.models import Action, Answer, Assessment
    from tests.api.conftest import make_token

    settings.RASP_API_RATE_LIMIT = 0
    world = build_world()
    api = Client()
    admin = {"HTTP_AUTHORIZATION": f"Bearer {make_token(world.users['org_admin'])}"}
    contributor = {"HTTP_AUTHORIZATION": f"Bearer {make_token(world.users['contributor'])}"}
    organisation, assessment = world.own["organisation_id"], world.own["assessment_id"]
    tried = 0
    for payload in PAYLOADS:
        made = api.post(
            f"/api/v1/organisations/{organisation}/assessments",
            {"mode": "readiness", "title": payload, "services_in_scope": payload},
            content_type="application/json",
            **admin,
        )
        assert made.status_code == 201, made.content
        row = Assessment.objects.get(pk=made.json()["id"])
        assert (row.title, row.services_in_scope) == (payload.strip(), payload)
        action = api.post(
            f"/api/v1/assessments/{assessment}/actions",
            {"title": payload, "owner": payload, "notes": payload},
            content_type="application/json",
            **admin,
        )
        assert action.status_code == 201, action.content
        saved = Action.objects.get(pk=action.json()["id"])
        assert (saved.owner, saved.notes) == (payload, payload)
        answer = api.put(
            f"/api/v1/assessments/{assessment}/answers/SV-01",
            {"kind": "not-applicable", "reason": payload, "note": payload, "link": ""},
            content_type="application/json",
            **contributor,
        )
        if answer.status_code == 400:  # SV-01 may be critical: answer with a level instead
            answer = api.put(
                f"/api/v1/assessments/{assessment}/answers/SV-01",
                {"kind": "level", "level": 1, "reason": payload, "note": payload},
                content_type="application/json",
                **contributor,
            )
        assert answer.status_code in (200, 409), answer.content
        tried += 8
    stored = Answer.objects.filter(respondent__user=world.users["contributor"]).get()
    assert stored.note == PAYLOADS[0]  # the first save; later ones were stale (409) by design
    counts["payloads tried through the API"] = tried


def test_the_forms_store_every_payload_as_typed(client, counts):
    from rasp.assessments.models import Action, Assessment
    from rasp.organisations.models import Organisation

    world = build_world()
    client.force_login(world.users["org_admin"])
    organisation, assessment = world.own["organisation_id"], world.own["assessment_id"]
    base = f"/organisations/{organisation}/assessments"
    tried = 0
    for number, payload in enumerate(PAYLOADS):
        typed = payload.strip()  # forms trim spaces, tabs and line ends, as GOV.UK advises
        response = client.post(
            "/organisations/new/",
            {
                "name": f"{payload} {number}",
                "kind": "district",
                "nation": "england",
                "region": payload[:100],
                "official_code": SHORT,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Organisation.objects.filter(region=payload[:100].strip()).exists()
        response = client.post(
            f"{base}/new/", {"mode": "readiness", "title": payload, "services_in_scope": payload}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Assessment.objects.filter(title=typed, services_in_scope=typed).exists()
        response = client.post(
            f"{base}/{assessment}/actions/new/",
            {"title": payload, "owner": payload, "notes": payload, "status": "not-started"},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Action.objects.filter(title=typed, owner=typed, notes=typed).exists()
        tried += 8
    counts["payloads tried through the forms"] = tried


# Shown as text ---------------------------------------------------------------------------------


def stuff(text: str, short: str = SHORT) -> int:
    """Put ``text`` in every free-text column of every row (unique ones get a number)."""
    changed = 0
    for model, field in stuffed_fields():
        for pk in model.objects.values_list("pk", flat=True):
            value = text if field.max_length is None or len(text) <= field.max_length else short
            if field.unique:
                value = f"{value} {pk}"
            if field.max_length is not None:
                value = value[: field.max_length]  # PostgreSQL refuses longer values
            model.objects.filter(pk=pk).update(**{field.name: value})
            changed += 1
    return changed


class Injected(HTMLParser):
    """Elements and attributes that could only have come from a payload."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and (value or "").startswith("pwned"):
                self.found.append(f"<{tag} id={value}>")
            if name == "onerror":
                self.found.append(f"<{tag} onerror>")
            if name == "href" and (value or "").lower().startswith("javascript:"):
                self.found.append(f"<{tag} href=javascript:>")


def _pages(world: World) -> list[str]:
    table = parse_table(PAGES)
    paths = []
    for ids in (world.own, {**world.own, "assessment_id": world.extra["closed_assessment_id"]}):
        for route in walk():
            if route.key in table and not route.route.startswith(("site-admin/", "api/v1")):
                paths.append(path_for(route.route, ids))
    return sorted(set(paths))


def test_pages_show_payloads_as_text(counts):
    from rasp.assessments.models import Answer

    world = build_world()
    stuffed = stuff(MARKUP)
    Answer.objects.update(link="javascript:alert(3)")
    problems = []
    shown = 0
    pages = 0
    for role in ("org_admin", "contributor", "coordinator"):
        client = MatrixClient()
        sign_in(client, world.users[role])
        for path in _pages(world):
            response = client.get(path)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages += 1
            html = response.content.decode()
            parser = Injected()
            parser.feed(html)
            problems += [f"{path} as {role}: {found}" for found in parser.found]
            if (
                "&lt;script id=&#34;pwned-1&#34;&gt;" in html
                or "&lt;script id=&quot;pwned-1" in html
            ):
                shown += 1
                if "{{ 7*191 }}" not in html or "{% if 1 %}J{% endif %}" not in html:
                    problems.append(f"{path} as {role}: template syntax in a payload was run")
    assert not problems, "\n".join(problems)
    assert shown >= 20, f"the payload was shown on only {shown} pages: is the stuffing working?"
    counts["pages checked with markup in every field"] = pages
    counts["pages that showed the payload, escaped"] = shown
    counts["free-text values stuffed"] = stuffed


def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _download(world: World, fmt: str) -> bytes:
    client = Client()
    client.force_login(world.users["org_admin"])
    organisation = world.own["organisation_id"]
    closed = world.extra["closed_assessment_id"]
    response = client.get(
        f"/organisations/{organisation}/assessments/{closed}/results/download/{fmt}/"
    )
    assert response.status_code == 200, fmt
    return response.content


def _add_action(world: World, text: str) -> None:
    from rasp.assessments.models import Action

    Action.objects.create(
        assessment_id=world.extra["closed_assessment_id"], title=text, owner=text, notes=text
    )


def test_pdf_and_word_show_markup_as_text(counts):
    import docx
    import pypdf

    world = build_world()
    _add_action(world, MARKUP)
    stuff(MARKUP)
    pdf = pypdf.PdfReader(io.BytesIO(_download(world, "pdf")))
    pdf_text = _normalised("".join(page.extract_text() for page in pdf.pages))
    assert _normalised(MARKUP) in pdf_text
    document = docx.Document(io.BytesIO(_download(world, "docx")))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    assert any(MARKUP in text for text in texts)
    counts["exports checked for markup (PDF, Word)"] = 2


@pytest.mark.parametrize("formula", FORMULAS)
def test_spreadsheets_never_start_a_cell_with_a_formula(formula, counts):
    import openpyxl

    world = build_world()
    _add_action(world, formula)
    stuff(formula, short=formula)
    book = openpyxl.load_workbook(io.BytesIO(_download(world, "xlsx")))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    assert any(t == "'" + formula for t in texts), "the payload should be in the workbook"
    rows = list(csv.reader(io.StringIO(_download(world, "csv").decode("utf-8-sig"))))
    csv_cells = [cell for row in rows for cell in row]
    assert not [c for c in csv_cells if c.startswith(FORMULA_STARTS)]
    assert any(c == "'" + formula for c in csv_cells), "the payload should be in the CSV"
    counts["formula payloads tried in Excel and CSV"] = len(FORMULAS) * 2


def test_the_check_spots_a_payload_that_was_not_escaped():
    parser = Injected()
    parser.feed(f"<p>{MARKUP}</p><a href='javascript:alert(1)'>x</a>")
    assert len(parser.found) == 5
