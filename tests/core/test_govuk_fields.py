"""core/_govuk_fields.html writes the same HTML as govuk-frontend-jinja's macros.

The question pages use our lean copies of the GOV.UK radios, textarea, input and details (the
library's took two thirds of the time of showing a page). Each case renders ours and the
library's with the same parameters and compares the elements, their attributes (order aside)
and their text (runs of white space aside).
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.template import engines

LIBRARY = {
    "radios": ("govuk_frontend_jinja/components/radios/macro.html", "govukRadios"),
    "textarea": ("govuk_frontend_jinja/components/textarea/macro.html", "govukTextarea"),
    "text_input": ("govuk_frontend_jinja/components/input/macro.html", "govukInput"),
    "details": ("govuk_frontend_jinja/components/details/macro.html", "govukDetails"),
}


class _Shape(HTMLParser):
    """The document as a list of start tags (with sorted attributes), end tags and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        normal = []
        for name, value in attrs:
            if name == "class" and value:
                value = " ".join(value.split())
            normal.append((name, value))
        self.parts.append(("start", tag, tuple(sorted(normal))))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(("end", tag))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if self.parts and self.parts[-1][0] == "text":
            self.parts[-1] = ("text", f"{self.parts[-1][1]} {text}")
        else:
            self.parts.append(("text", text))


def shape(html: str) -> list[tuple[Any, ...]]:
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return parser.parts


def render(source: str, params: dict[str, Any]) -> str:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    return str(env.from_string(source).render(params=params))


def ours(name: str, params: dict[str, Any]) -> str:
    return render(
        f'{{% from "core/_govuk_fields.html" import {name} %}}{{{{ {name}(params) }}}}', params
    )


def theirs(name: str, params: dict[str, Any]) -> str:
    path, macro = LIBRARY[name]
    return render(f'{{% from "{path}" import {macro} %}}{{{{ {macro}(params) }}}}', params)


def _levels(checked: str | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "value": str(level),
            "text": f"Level {level}",
            "hint": {"text": f"What level {level} looks like <in> practice & more"},
            "checked": checked == str(level),
        }
        for level in range(5)
    ]
    items.append({"divider": "or"})
    items.append({"value": "dont-know", "text": "Don't know", "checked": checked == "dont-know"})
    return items


CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "radios",
        {
            "idPrefix": "id_SV01-answer",
            "name": "SV01-answer",
            "fieldset": {
                "legend": {
                    "html": '<span class="govuk-caption-s">SV01 · critical</span>Is there a plan?',
                    "classes": "govuk-fieldset__legend--m",
                }
            },
            "hint": None,
            "errorMessage": None,
            "items": _levels(None),
        },
    ),
    (
        "radios",
        {
            "idPrefix": "id_SV01-answer",
            "name": "SV01-answer",
            "fieldset": {"legend": {"html": "Plan?", "classes": "govuk-fieldset__legend--m"}},
            "hint": {"text": "This question cannot be marked not applicable: it is critical."},
            "errorMessage": {"text": "Choose a level for SV01 <now>"},
            "items": _levels("3"),
        },
    ),
    (
        "radios",
        {
            "idPrefix": "id_SV01-evidence",
            "name": "SV01-evidence",
            "classes": "govuk-radios--small",
            "fieldset": {
                "legend": {"text": "What is it based on?", "classes": "govuk-fieldset__legend--s"}
            },
            "hint": {"text": "Needed for level 3 or above."},
            "errorMessage": None,
            "items": [
                {"value": "approved", "text": "An approved document", "checked": True},
                {"value": "draft", "text": "A draft", "checked": False},
            ],
        },
    ),
    (
        "textarea",
        {
            "id": "id_SV01-reason",
            "name": "SV01-reason",
            "label": {"text": "If SV01 does not apply, say why", "classes": "govuk-label--s"},
            "value": "",
            "errorMessage": None,
            "rows": 2,
        },
    ),
    (
        "textarea",
        {
            "id": "id_SV01-note",
            "name": "SV01-note",
            "label": {"text": "Note (optional)"},
            "value": 'Line one & "two"\n<script>alert(1)</script>',
            "errorMessage": {"text": "Keep the note under 2,000 characters"},
            "rows": 3,
        },
    ),
    (
        "text_input",
        {
            "id": "id_SV01-link",
            "name": "SV01-link",
            "type": "url",
            "label": {"text": "Link to the evidence (optional)"},
            "value": "",
            "errorMessage": None,
            "spellcheck": False,
        },
    ),
    (
        "text_input",
        {
            "id": "id_SV01-link",
            "name": "SV01-link",
            "type": "url",
            "label": {"text": "Link to the evidence (optional)"},
            "value": 'https://example.org/?a=1&b="2"',
            "errorMessage": {"text": "Enter a web address starting https://"},
            "spellcheck": False,
        },
    ),
    ("details", {"summaryText": "Add a note for SV01", "html": "<p>Inside</p>", "open": False}),
    ("details", {"summaryText": "Add a note & a link", "html": "<p>Inside</p>", "open": True}),
]


@pytest.mark.parametrize(("name", "params"), CASES)
def test_same_html_as_the_library(name: str, params: dict[str, Any]) -> None:
    mine, library = ours(name, params), theirs(name, params)
    assert shape(mine) == shape(library), f"{name}:\n{mine}\n---\n{library}"


def test_text_is_escaped() -> None:
    html = ours("radios", CASES[1][1])
    assert "&lt;now&gt;" in html
    assert "<in>" not in html
    note = ours("textarea", CASES[4][1])
    assert "<script>" not in note and "&lt;script&gt;" in note
