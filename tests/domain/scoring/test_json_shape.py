"""A result read back from jsonb (keys sorted) comes out in the documented order."""

from rasp.domain.scoring.json_shape import RESULT_KEYS, in_interface_order


def test_sorted_keys_come_back_in_interface_order():
    stored = {
        "gaps": [{"stage": "before-commitment", "advice": "a", "code": "SV01", "level": 1,
                  "priority": 1, "target": 3}],
        "areas": [{"unknowns": [], "id": "SV", "band": "developing", "critical_gaps": [],
                   "declared_score": 50.0, "evidence_adjusted_score": 40.0}],
        "verdict": "not-ready", "unanswered": [], "unknowns": [], "red_flags": [],
        "organisation": "X", "mode": "readiness", "framework_version": "1.0",
    }  # fmt: skip
    ordered = in_interface_order(dict(sorted(stored.items())))
    assert tuple(ordered) == RESULT_KEYS
    assert list(ordered["areas"][0])[:2] == ["id", "declared_score"]
    assert list(ordered["gaps"][0])[0] == "code"
    assert ordered == stored


def test_unknown_keys_are_kept_after_the_known_ones():
    assert list(in_interface_order({"extra": 1, "mode": "readiness"})) == ["mode", "extra"]
