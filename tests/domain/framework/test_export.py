"""The JSON export's shape, as promised in interfaces.md ("Framework export (JSON)")."""

from __future__ import annotations

import json

from rasp.domain.framework.export import framework_export
from rasp.domain.framework.loader import load_framework_file
from tests.domain.framework.sample import SAMPLE_PATH

PROMISED_QUESTION_KEYS = {
    "code",
    "text",
    "topics",
    "scope",
    "weight",
    "critical",
    "red_flag",
    "modes",
    "levels",
}


def test_export_lists_area_questions_under_areas_and_module_questions_under_modules() -> None:
    data = framework_export(load_framework_file(SAMPLE_PATH))
    assert (data["framework"], data["version"]) == ("sample", "0.1")
    assert [a["id"] for a in data["areas"]] == [
        "shared-vision",
        "ethos-culture",
        "resources",
        "risk",
        "governance",
    ]
    assert [m["id"] for m in data["modules"]] == ["health-check", "new-partner"]
    by_area = {a["id"]: [q["code"] for q in a["questions"]] for a in data["areas"]}
    assert by_area["shared-vision"] == ["SV-01", "SV-02", "SV-03"]  # not NP-01, a module question
    by_module = {m["id"]: [q["code"] for q in m["questions"]] for m in data["modules"]}
    assert by_module == {"health-check": ["HC-01"], "new-partner": ["NP-01"]}


def test_each_question_has_the_promised_keys_and_json_types() -> None:
    data = json.loads(json.dumps(framework_export(load_framework_file(SAMPLE_PATH))))
    questions = [q for group in data["areas"] + data["modules"] for q in group["questions"]]
    assert len(questions) == 9
    for question in questions:
        assert set(question) >= PROMISED_QUESTION_KEYS
        assert list(question["levels"]) == ["0", "1", "2", "3", "4"]
        assert question["weight"] in (1, 2, 3)
        assert isinstance(question["critical"], bool) and isinstance(question["red_flag"], bool)
    sv01 = questions[0]
    assert sv01["code"] == "SV-01"
    assert sv01["topics"] == ["SV1"]
    assert sv01["scope"] == "partnership"
    assert sv01["modes"] == ["readiness", "health-check", "new-partner"]
    assert sv01["advice"]["3"] == "Report progress against the outcomes."
    sv02 = questions[1]
    assert sv02["show_if"] == {"question": "SV-01", "levels": [2, 3, 4]}
