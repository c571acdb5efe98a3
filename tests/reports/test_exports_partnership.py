"""Downloads of a partnership's joint result: each file opened with a real parser (pypdf,
python-docx, openpyxl, the csv module, the JSON Schema) and checked against the partnership view;
members only; only what was shared; formula injection."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from rasp.partnerships.access import partnership_access
from rasp.partnerships.models import JointAction
from rasp.partnerships.pages import partnership_page
from rasp.partnerships.selectors import joint_result
from tests.factories import MembershipFactory
from tests.partnerships.builders import World, build_world
from tests.reports.builders import ROOT, load_question_bank

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (ROOT / "docs" / "schemas" / "partnership-result.schema.json").read_text("utf-8")
)
FORMATS = ("pdf", "docx", "xlsx", "csv", "json")
FORMULA = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def world(db) -> World:
    load_question_bank()
    world = build_world()
    owner = world.admins[1].organisation
    JointAction.objects.create(
        partnership=world.partnership,
        question_code="SV-01",
        title=FORMULA,
        owner=owner,
        notes="@SUM(1)",
    )
    return world


def path(world: World, fmt: str) -> str:
    return world.path(f"results/download/{fmt}/")


def get(client, world: World, fmt: str, member_index: int = 0):
    client.force_login(world.admins[member_index].user)
    response = client.get(path(world, fmt))
    assert response.status_code == 200, (fmt, response.status_code)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="shared-services-partnership-partnership-results-'
    )
    assert "no-store" in response["Cache-Control"]
    return response


def page_of(world: World):
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    return partnership_page(joint_result(access=access))


def test_partnership_view_lists_every_download(client, world):
    client.force_login(world.admins[2].user)
    html = client.get(world.path("results/")).content.decode()
    for fmt in FORMATS:
        assert f'href="{path(world, fmt)}"' in html


def test_outsiders_get_404_and_anonymous_sign_in(client, world):
    client.force_login(MembershipFactory(role="admin").user)
    for fmt in FORMATS:
        assert client.get(path(world, fmt)).status_code == 404, fmt
    client.logout()
    for fmt in FORMATS:
        assert client.get(path(world, fmt)).status_code == 302, fmt


def test_viewers_of_a_member_may_download_and_unknown_formats_are_404(client, world):
    viewer = MembershipFactory(organisation=world.admins[2].organisation, role="viewer")
    client.force_login(viewer.user)
    assert client.get(path(world, "json")).status_code == 200
    assert client.get(path(world, "exe")).status_code == 404
    assert client.post(path(world, "json")).status_code == 405


def test_json_matches_the_view_and_the_schema(client, world):
    data = json.loads(get(client, world, "json").content)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    page = page_of(world)
    assert data["result"] == page.result.to_json_dict()
    assert data["partnership"]["name"] == "Shared Services Partnership"
    assert [c["organisation"] for c in data["compared"]] == list(page.partners)
    assert data["result"]["not_agreed"] and all(
        code.startswith("SV-") for code in data["result"]["not_agreed"]
    )
    assert set(data["result"]["divergence"]) == {
        "shared-vision",
        "ethos-culture",
        "resources",
        "risk",
        "governance",
    }
    for broken in (
        {**data, "result": {**data["result"], "verdict": "maybe"}},
        {k: v for k, v in data.items() if k != "compared"},
        {**data, "result": {**data["result"], "divergence": {"nowhere": 1}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(SCHEMA).validate(broken)


def test_only_shared_assessments_count(client, published):
    world = build_world(shared=False)
    data = json.loads(get(client, world, "json").content)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["result"] is None and data["compared"] == []
    assert {item["reason"] for item in data["not_included"]} == {"no-share"}
    # Every other format says so too, and opens.
    from pypdf import PdfReader

    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(get(client, world, "pdf").content)).pages
    )
    assert "No member has shared a closed assessment yet" in text


def test_pdf_has_the_partnership_verdict_flags_divergence_and_pages(client, world):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(get(client, world, "pdf").content))
    pages = len(reader.pages)
    text = " ".join("\n".join(p.extract_text() for p in reader.pages).split())
    page = page_of(world)
    assert "Shared Services Partnership" in text
    assert page.verdict_text in text
    for words in (
        "Where the partners have not actually agreed",
        "The divergence index of an area",
        "The partnership's gaps",
        "Joint action plan",
        FORMULA,
    ):
        assert words in text, words
    for partner in page.partners:
        assert partner in text
    assert f"Page {pages} of {pages}" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Verdict" in outline


def test_docx_has_headings_tables_and_charts_with_alt_text(client, world):
    from docx import Document

    doc = Document(io.BytesIO(get(client, world, "docx").content))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Where the partners have not actually agreed" in headings
    assert "Joint action plan" in headings
    assert len(doc.inline_shapes) == 2
    descriptions = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    page = page_of(world)
    assert descriptions == [page.heat_map.summary, page.radar.summary]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert page.partners[1] in cells and FORMULA in cells


def test_xlsx_and_csv_have_each_partners_levels_and_no_formulas(client, world):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(get(client, world, "xlsx").content))
    assert book.sheetnames == [
        "Summary",
        "Areas",
        "Red flags",
        "Not agreed",
        "Gaps",
        "Joint actions",
    ]
    page = page_of(world)
    header = [c.value for c in book["Not agreed"][1]]
    assert header[3 : 3 + len(page.partners)] == list(page.partners)
    assert book["Not agreed"].max_row - 1 == len(page.comparisons)
    areas = list(book["Areas"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in areas] == [a.name for a in page.areas]
    assert [row[4] for row in areas] == [a.divergence for a in page.areas]
    actions = list(book["Joint actions"].iter_rows(min_row=2, values_only=True))
    assert actions[0][1] == "'" + FORMULA and actions[0][6] == "'@SUM(1)"
    every = [
        c.value
        for s in book.worksheets
        for r in s.iter_rows()
        for c in r
        if isinstance(c.value, str)
    ]
    assert not [v for v in every if v[:1] in ("=", "+", "-", "@")]

    text = get(client, world, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][3 : 3 + len(page.partners)] == list(page.partners)
    assert len(rows) == 1 + len(page.comparisons)
    first = page.comparisons[0]
    assert rows[1][:3] == [first.code, first.text, first.area]
    assert rows[1][3 : 3 + len(page.partners)] == list(first.levels)
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
