"""Downloads of an assessment's results: each file opened with a real parser (pypdf, python-docx,
openpyxl, the csv module, the JSON Schema) and its content checked against the assessment; who may
download; formula injection; the PDF fetcher refusing anything but our static files; queries."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rasp.assessments.models import Action, Answer, ResultSnapshot
from rasp.assessments.services import assessment_close
from rasp.cli.main import main
from rasp.reports.exports.common import cell_text, clean_text, download_name
from rasp.reports.results import results_page
from tests.factories import MembershipFactory
from tests.reports.builders import ROOT, build_assessment, results_path

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((ROOT / "docs" / "schemas" / "score-result.schema.json").read_text("utf-8"))
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://evil","x")'
FORMATS = ("pdf", "docx", "xlsx", "csv", "json")


def download_path(assessment, fmt: str) -> str:
    return results_path(assessment) + f"download/{fmt}/"


def _levels(code: str, who: int) -> int:
    """Governance at 2 (gaps, actions), shared vision disputed (4 against 2), the rest at 3."""
    if code.startswith("GV"):
        return 2
    if code.startswith("SV"):
        return 4 if who == 1 else 2
    return 3


def closed_assessment(respondents: int = 2):
    """A closed assessment with notes worth escaping and neutralising, and an action."""
    assessment, admin = build_assessment(respondents=respondents, level=_levels)
    rows = Answer.objects.filter(respondent__assessment=assessment).order_by("id")
    first = rows.filter(question__code="SV-01").first()
    first.note, first.link = SCRIPT, "https://example.org/evidence"
    first.save()
    second = rows.filter(question__code="EC-01").first()
    second.note = HYPERLINK
    second.save()
    third = rows.filter(question__code="RM-01").first()
    third.note = "@SUM(1)"
    third.save()
    assessment_close(membership=admin, assessment=assessment)
    assessment.refresh_from_db()
    Action.objects.create(assessment=assessment, title="-2+3 plan", owner="+44 1632 960000")
    return assessment, admin


@pytest.fixture
def closed(published):
    return closed_assessment()


def get_file(client, assessment, admin, fmt: str):
    client.force_login(admin.user)
    response = client.get(download_path(assessment, fmt))
    assert response.status_code == 200, response.status_code
    return response


# Names and headers --------------------------------------------------------------------------------


def test_download_headers_name_the_file_from_title_and_date(client, closed):
    assessment, admin = closed
    response = get_file(client, assessment, admin, "json")
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="shared-revenues-results-{today}.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_file_names_are_ascii_slugs(closed):
    assessment, _admin = closed
    day = timezone.localdate()
    assessment.title = 'Révision: "budget"/../ 2025 <b>'
    assert download_name(assessment, "pdf", day) == f"revision-budget-2025-b-results-{day}.pdf"
    assessment.title = "???"
    assert download_name(assessment, "csv", day).startswith("assessment-results-")
    assert download_name(assessment, "csv", day).isascii()


def test_results_page_lists_every_download(client, closed):
    assessment, admin = closed
    client.force_login(admin.user)
    html = client.get(results_path(assessment)).content.decode()
    assert 'id="downloads"' in html
    for fmt in FORMATS:
        assert f'href="{download_path(assessment, fmt)}"' in html


# Permissions --------------------------------------------------------------------------------------


def test_outsiders_get_404_for_every_format(client, closed):
    assessment, _admin = closed
    client.force_login(MembershipFactory(role="admin").user)
    for fmt in FORMATS:
        assert client.get(download_path(assessment, fmt)).status_code == 404, fmt


def test_members_get_403_while_results_are_not_visible(client, published):
    assessment, admin = build_assessment(respondents=1)  # open: admins only
    member = MembershipFactory(organisation=admin.organisation, role="contributor")
    client.force_login(member.user)
    for fmt in FORMATS:
        assert client.get(download_path(assessment, fmt)).status_code == 403, fmt


def test_members_may_download_once_closed(client, closed):
    assessment, admin = closed
    member = MembershipFactory(organisation=admin.organisation, role="viewer")
    client.force_login(member.user)
    assert client.get(download_path(assessment, "csv")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, closed):
    assessment, _admin = closed
    for fmt in FORMATS:
        response = client.get(download_path(assessment, fmt))
        assert response.status_code == 302
        assert response["Location"].startswith("/account/sign-in/?next=")


def test_unknown_format_is_404(client, closed):
    assessment, admin = closed
    client.force_login(admin.user)
    for fmt in ("html", "PDF", "xls", "exe"):
        assert client.get(download_path(assessment, fmt)).status_code == 404, fmt


def test_only_get_and_head(client, closed):
    assessment, admin = closed
    client.force_login(admin.user)
    assert client.post(download_path(assessment, "json")).status_code == 405


# PDF ----------------------------------------------------------------------------------------------


def test_pdf_is_complete_tagged_and_escaped(client, closed):
    from pypdf import PdfReader

    assessment, admin = closed
    response = get_file(client, assessment, admin, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="shared-revenues')
    reader = PdfReader(io.BytesIO(response.content))
    pages = len(reader.pages)
    assert pages > 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    page = results_page(assessment)
    assert page.verdict_text in text
    for words in ("Shared vision", "Governance", "SV-01", "GV-01", "Improvement plan"):
        assert words in text, words
    assert assessment.organisation.name in text
    assert "Readiness before a programme" in text  # the mode, on the cover
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text
    # The contents list gives each chapter's page number.
    assert re.search(r"Answers by area \.+ ?\d+", text)
    # Method appendix from the framework's constants.
    assert "Appendix: how the scores are worked out" in text
    assert "counts up to level" in text
    # User text appears as text, not as markup.
    assert SCRIPT in text
    # Tagged (PDF/UA-1): a structure tree, marked content, the language and a title.
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"]
    assert reader.metadata.title.startswith("Results: Shared revenues")
    # The headings make the bookmarks.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Verdict" in outline and "Answers by area" in outline


def test_fetcher_serves_only_static_build_files(settings):
    from rasp.reports.exports.pdf import StaticOnlyFetcher, static_root

    root = static_root()
    fetcher = StaticOnlyFetcher(root)
    css = root / "rasp" / "app.css"
    response = fetcher.fetch(css.as_uri())
    assert response.content_type == "text/css"
    assert response.read() == css.read_bytes()
    refused = [
        "http://example.com/x.css",
        "https://127.0.0.1/x.png",
        "ftp://example.com/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        (root / ".." / "pyproject.toml").as_uri(),
        root.as_uri() + "/%2e%2e/pyproject.toml",
        "file://evil.example" + str(css),
        root.as_uri() + "/rasp/",  # a directory
        root.as_uri() + "/no-such-file.css",
    ]
    for url in refused:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_pdf_fetches_nothing_but_through_the_static_fetcher(monkeypatch):
    from rasp.reports.exports import pdf

    asked: list[str] = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", spy)
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css"></head><body><h1>Hello</h1>'
        '<img src="file:///etc/passwd" alt="x"><img src="rasp/app.css" alt="y"></body></html>'
    )
    assert pdf.html_to_pdf(html).startswith(b"%PDF-")
    assert "http://127.0.0.1:9/evil.css" in asked
    assert "file:///etc/passwd" in asked
    assert any(url.endswith("/static_build/rasp/app.css") for url in asked)


def test_the_same_pdf_again_comes_from_the_cache_and_a_change_makes_a_new_one(
    client, closed, monkeypatch
):
    from pypdf import PdfReader

    from rasp.reports.exports import pdf

    laid_out: list[int] = []
    original = pdf._lay_out

    def counting(html: str, footer_css: str) -> bytes:
        laid_out.append(len(html))
        return original(html, footer_css)

    monkeypatch.setattr(pdf, "_lay_out", counting)
    assessment, admin = closed
    first = get_file(client, assessment, admin, "pdf").content
    second = get_file(client, assessment, admin, "pdf").content
    assert len(laid_out) == 1 and second == first
    # Anything the report shows that changes gives another PDF, never the cached one.
    Action.objects.create(assessment=assessment, title="Ask the monitoring officer", owner="Legal")
    third = get_file(client, assessment, admin, "pdf").content
    assert len(laid_out) == 2
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(third)).pages)
    assert "Ask the monitoring officer" in text


def test_pdf_layout_resumes_the_garbage_collector_even_when_it_fails(monkeypatch):
    import gc

    from rasp.reports.exports import pdf

    def broken(self, *args, **kwargs):
        assert not gc.isenabled()  # paused during the layout
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf.weasyprint.HTML, "write_pdf", broken)
    with pytest.raises(RuntimeError, match="layout failed"):
        pdf.html_to_pdf("<!DOCTYPE html><html lang=en><title>t</title><h1>Hi</h1></html>")
    assert gc.isenabled()


# Word ---------------------------------------------------------------------------------------------


def test_docx_has_real_headings_tables_and_plain_text(client, closed):
    from docx import Document

    assessment, admin = closed
    response = get_file(client, assessment, admin, "docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.content))
    by_style: dict[str, list[str]] = {}
    for paragraph in doc.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == ["Shared revenues"]
    for chapter in ("Verdict", "The five areas", "Answers by area", "Improvement plan"):
        assert chapter in by_style["Heading 1"], chapter
    assert "Action plan" in by_style["Heading 1"]
    assert "Appendix: how the scores are worked out" in by_style["Heading 1"]
    assert "Shared vision" in by_style["Heading 2"]
    assert any(text.startswith("SV-01: ") for text in by_style["Heading 3"])
    body = "\n".join(p.text for p in doc.paragraphs)
    assert results_page(assessment).verdict_text in body
    # Tables: the facts, the areas, the plan, the actions.
    areas = next(t for t in doc.tables if t.rows[0].cells[0].text == "Area")
    assert [row.cells[0].text for row in areas.rows[1:6]] == [
        "Shared vision",
        "Ethos and cultures",
        "Treatment of resources",
        "Risk management",
        "Governance",
    ]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "<script>" not in doc.element.xml  # escaped in the XML, text in Word
    assert any("-2+3 plan" in text for text in cells)
    # Each question's answers: who gave which level, then the notes.
    body_text = "\n".join(p.text for p in doc.paragraphs)
    assert "Answers: Level 4, operating: " in body_text
    assert any(SCRIPT in p.text for p in doc.paragraphs)


def test_docx_charts_are_pictures_with_alt_text_and_their_tables(client, closed):
    from docx import Document
    from PIL import Image

    assessment, admin = closed
    doc = Document(io.BytesIO(get_file(client, assessment, admin, "docx").content))
    page = results_page(assessment)
    assert len(doc.inline_shapes) == 2
    for shape, chart in zip(doc.inline_shapes, (page.radar, page.heat_map), strict=True):
        properties = shape._inline.docPr
        assert properties.get("descr") == chart.summary
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = doc.part.related_parts[blip]
        assert image.content_type == "image/png"
        with Image.open(io.BytesIO(image.blob)) as picture:
            assert picture.width >= 1000
    # The heat map's table alternative is still there.
    lens_table = next(
        t for t in doc.tables if t.rows[0].cells[0].text == "Area" and len(t.columns) > 6
    )
    assert [row.cells[0].text for row in lens_table.rows[1:]][0] == "Shared vision"


# Excel --------------------------------------------------------------------------------------------


def test_xlsx_sheets_headers_and_rows(client, closed):
    from openpyxl import load_workbook

    assessment, admin = closed
    response = get_file(client, assessment, admin, "xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Answers", "Gaps", "Actions"]
    summary = book["Summary"]
    values = [cell for row in summary.iter_rows(values_only=True) for cell in row if cell]
    assert results_page(assessment).verdict_text in values
    assert "Shared vision" in values and "Governance" in values
    answers = book["Answers"]
    header = [cell.value for cell in answers[1]]
    assert header[:5] == ["Code", "Question", "Area", "Respondent", "Role"]
    assert all(cell.font.bold for cell in answers[1])
    assert answers.freeze_panes == "A2"
    assert answers.column_dimensions["B"].width >= 40
    stored = Answer.objects.filter(respondent__assessment=assessment).count()
    assert answers.max_row == 1 + stored
    first = [cell.value for cell in answers[2]]
    assert first[0] == "SV-01" and first[6] in (2, 4)  # levels stay numbers
    for name in ("Gaps", "Actions"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    gaps = book["Gaps"]
    assert gaps.max_row - 1 == len(ResultSnapshot.objects.get(assessment=assessment).result["gaps"])
    assert book["Actions"].max_row - 1 == Action.objects.filter(assessment=assessment).count()


def test_xlsx_and_csv_neutralise_formulas(client, closed):
    from openpyxl import load_workbook

    assessment, admin = closed
    book = load_workbook(io.BytesIO(get_file(client, assessment, admin, "xlsx").content))
    notes = [row[8] for row in book["Answers"].iter_rows(min_row=2, values_only=True) if row[8]]
    assert "'" + HYPERLINK in notes and "'@SUM(1)" in notes
    assert "<script>alert(1)</script>" in notes
    actions = list(book["Actions"].iter_rows(min_row=2, values_only=True))
    assert any(row[1] == "'-2+3 plan" and row[5] == "'+44 1632 960000" for row in actions)
    every = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert not [value for value in every if value[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not [c for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]

    text = get_file(client, assessment, admin, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    csv_notes = [row[8] for row in rows[1:] if row[8]]
    assert "'" + HYPERLINK in csv_notes and "'@SUM(1)" in csv_notes


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain = fine", "plain = fine"),
        ("", ""),
        ("bell\x07 and nul\x00", "bell and nul"),
    ],
)
def test_cell_text(value, safe):
    assert cell_text(value) == safe


def test_clean_text_keeps_line_breaks():
    assert clean_text("a\nb\tc\x0bd") == "a\nb\tcd"


# CSV ----------------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_the_answers_sheets_columns(client, closed):
    assessment, admin = closed
    response = get_file(client, assessment, admin, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Code",
        "Question",
        "Area",
        "Respondent",
        "Role",
        "Answer kind",
        "Level",
        "Evidence",
        "Note",
        "Reason (not applicable)",
        "Link",
        "Updated",
    ]
    assert len(rows) == 1 + Answer.objects.filter(respondent__assessment=assessment).count()
    sv01 = [row for row in rows if row[0] == "SV-01"]
    assert len(sv01) == 2
    noted = next(row for row in sv01 if row[8])
    assert noted[8] == SCRIPT and noted[10] == "https://example.org/evidence"
    assert noted[5] == "Level" and noted[6] in ("2", "4")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", noted[11])


# JSON ---------------------------------------------------------------------------------------------


def validate(data) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_json_of_a_closed_assessment_is_its_snapshot(client, closed):
    assessment, admin = closed
    data = json.loads(get_file(client, assessment, admin, "json").content)
    validate(data)
    assert data == ResultSnapshot.objects.get(assessment=assessment).result
    assert list(data) == [
        "organisation",
        "mode",
        "framework_version",
        "verdict",
        "areas",
        "red_flags",
        "unknowns",
        "unanswered",
        "gaps",
    ]
    assert [area["id"] for area in data["areas"]] == [
        "shared-vision",
        "ethos-culture",
        "resources",
        "risk",
        "governance",
    ]


def test_json_of_an_open_assessment_is_live(client, published):
    assessment, admin = build_assessment(respondents=1, level=lambda code, who: 1)
    data = json.loads(get_file(client, assessment, admin, "json").content)
    validate(data)
    assert data["verdict"] == "not-ready"
    priorities = [gap["priority"] for gap in data["gaps"]]
    assert priorities == sorted(priorities, reverse=True)


def test_schema_rejects_what_breaks_the_promise(client, closed):
    assessment, admin = closed
    data = json.loads(get_file(client, assessment, admin, "json").content)
    for broken in (
        {**data, "verdict": "maybe"},
        {k: v for k, v in data.items() if k != "gaps"},
        {**data, "areas": [{**data["areas"][0], "band": "purple"}]},
        {**data, "areas": [{**data["areas"][0], "declared_score": 101}]},
        {**data, "gaps": [{"code": "SV-01", "level": 5}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(SCHEMA).validate(broken)


def test_rasp_score_output_matches_the_schema(tmp_path: Path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "organisation: Example Borough Council\n"
        "mode: readiness\n"
        "answers:\n"
        '  SV-01: {level: 3, evidence: approved, note: "Cabinet decision"}\n'
        "  SV-02: {level: dont-know}\n"
        "  GV-15: {level: 0}\n",
        encoding="utf-8",
    )
    assert main(["score", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)
    assert "GV-15" in data["red_flags"] and data["unanswered"]


# Queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_queries_do_not_grow_with_respondents(client, published, fmt):
    counts = []
    for respondents in (2, 6):
        assessment, admin = closed_assessment(respondents=respondents)
        client.force_login(admin.user)
        path = download_path(assessment, fmt)
        client.get(path)  # warm caches (framework parsing, session)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def _in_a_fresh_worker(script: str) -> str:
    """What ``script`` prints when run in a new Python process, as an app worker starts."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rasp.config.settings_test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_app_workers_load_the_pdf_renderer_and_freeze_it_as_they_start():
    """``rasp.config.wsgi`` (what gunicorn loads in each worker) loads WeasyPrint at start-up,
    so nobody's first download waits the two seconds its import takes, and leaves what it loaded
    out of the garbage collector's full collections."""
    printed = _in_a_fresh_worker(
        "import gc, sys; assert 'weasyprint' not in sys.modules; import rasp.config.wsgi; "
        "print('weasyprint' in sys.modules, gc.get_freeze_count() > 100_000)"
    )
    assert printed == "True True"


def test_app_workers_freeze_their_caches_after_their_first_requests():
    """After the worker's first requests, what they cached is frozen too, once."""
    printed = _in_a_fresh_worker(
        "import gc; import rasp.config.wsgi as w; from django.core.signals import request_finished\n"
        "start = gc.get_freeze_count(); kept = []\n"
        "for n in range(1, 2 * w.FREEZE_AFTER_REQUESTS + 1):\n"
        "    kept.append([object() for _ in range(10)])  # something a request caches\n"
        "    request_finished.send(sender=None)\n"
        "    if n == w.FREEZE_AFTER_REQUESTS - 1: before = gc.get_freeze_count()\n"
        "    if n == w.FREEZE_AFTER_REQUESTS: after = gc.get_freeze_count()\n"
        "print(before == start, after > before, gc.get_freeze_count() == after)"
    )
    assert printed == "True True True"
