"""Partnerships: weakest partner, not-agreed flags, agreed levels, divergence, entrants."""

from __future__ import annotations

import pytest

from rasp.domain.framework.schema import AreaId, Evidence, Framework, Mode
from rasp.domain.scoring.answers import Answer, AnswersError, PartnerAnswers
from rasp.domain.scoring.partnership import score_partnership
from rasp.domain.scoring.results import PartnershipResult, Verdict, state_of

from .helpers import at, everything_at

NA = Answer.not_applicable("Not here")


def partnership(
    framework: Framework, *answers: dict[str, Answer], **options: object
) -> PartnershipResult:
    names = ["Alpha Council", "Beta Council", "Gamma Council"]
    partners = [PartnerAnswers(names[i], a) for i, a in enumerate(answers)]
    return score_partnership(framework, Mode.READINESS, partners, **options)  # type: ignore[arg-type]


def test_organisation_scope_takes_the_lowest_partner(framework: Framework) -> None:
    result = partnership(
        framework,
        everything_at(4, TR_02=at(3), TR_01=at(4, None)),
        everything_at(4, TR_02=at(2), TR_01=at(2, Evidence.DRAFT)),
    )
    tr02, tr01 = state_of(result, "TR-02"), state_of(result, "TR-01")
    assert (tr02.declared, tr02.adjusted) == (2, 2)
    assert (tr01.declared, tr01.adjusted) == (2, 1)  # lowest declared and lowest adjusted
    assert result.not_agreed == ()  # organisation scope is never "not agreed"


@pytest.mark.parametrize(
    ("levels", "not_agreed"),
    [
        ((3, 1), True),  # spread 2
        ((2, 0), True),  # spread 2, both low
        ((3, 2), True),  # one says 3 or more, another 2 or less
        ((4, 2), True),
        ((4, 3), False),
        ((2, 1), False),
        ((4, 4), False),
        ((3, 3, 2), True),
        ((0, 1, 1), False),
    ],
)
def test_not_agreed_on_partnership_scope(
    framework: Framework, levels: tuple[int, ...], not_agreed: bool
) -> None:
    answers = [everything_at(4, SV_01=at(level), EC_02=at(level)) for level in levels]
    result = partnership(framework, *answers)
    expected = ("SV-01", "EC-02") if not_agreed else ()
    assert result.not_agreed == expected
    assert state_of(result, "SV-01").declared == min(levels)


def test_agreed_joint_level_replaces_the_lowest_and_settles(framework: Framework) -> None:
    a, b = everything_at(4), everything_at(4, SV_01=at(1))
    before = partnership(framework, a, b)
    assert before.not_agreed == ("SV-01",)
    assert state_of(before, "SV-01").adjusted == 1
    assert before.verdict is Verdict.SIGNIFICANT_GAPS
    after = partnership(framework, a, b, agreed={"SV-01": at(3, Evidence.APPROVED)})
    assert after.not_agreed == ()
    assert state_of(after, "SV-01").adjusted == 3
    assert after.verdict is Verdict.READY
    comparison = next(c for c in after.comparisons if c.code == "SV-01")
    assert comparison.agreed and comparison.spread == 3
    assert comparison.declared == (("Alpha Council", 4), ("Beta Council", 1))


def test_agreed_level_is_refused_on_an_organisation_scope_question(framework: Framework) -> None:
    with pytest.raises(AnswersError, match="TR-02: an agreed joint level is for partnership-scope"):
        partnership(framework, everything_at(4), everything_at(4), agreed={"TR-02": at(3)})


def test_divergence_index(framework: Framework) -> None:
    result = partnership(
        framework,
        everything_at(4, RM_02=NA),
        everything_at(4, EC_01=at(2), EC_02=at(1), RM_01=at(1), RM_02=NA, SV_02=at(1)),
    )
    assert result.divergence == {
        AreaId.SHARED_VISION: 1.0,  # SV-01 0, SV-02 3, SV-03 0 (hidden for Beta): 3 / 3
        AreaId.ETHOS_CULTURE: 2.5,  # (2 + 3) / 2
        AreaId.RESOURCES: 0.0,
        AreaId.RISK: 3.0,  # RM-02 applies to nobody: left out
        AreaId.GOVERNANCE: 0.0,
    }


def test_divergence_rounds_to_two_places_and_is_null_without_questions(
    framework: Framework,
) -> None:
    result = partnership(
        framework,
        everything_at(4, RM_01=NA, RM_02=NA),
        everything_at(4, SV_01=at(3), RM_01=NA, RM_02=NA),
    )
    assert result.divergence[AreaId.SHARED_VISION] == 0.33
    assert result.divergence[AreaId.RISK] is None
    assert result.weakest_partner[AreaId.RISK] is None


def test_weakest_partner_per_area_with_ties_by_name(framework: Framework) -> None:
    result = score_partnership(
        framework,
        Mode.READINESS,
        [
            PartnerAnswers("Zeta Council", everything_at(4, GV_02=at(0))),
            PartnerAnswers("Beta Council", everything_at(4)),
            PartnerAnswers("Alpha Council", everything_at(4)),
        ],
    )
    assert result.weakest_partner[AreaId.GOVERNANCE] == "Zeta Council"
    assert result.weakest_partner[AreaId.RISK] == "Alpha Council"


def test_any_partners_red_flag_is_the_partnerships(framework: Framework) -> None:
    result = partnership(framework, everything_at(4), everything_at(4, RM_01=at(1)))
    assert [p.red_flags for p in result.partners] == [(), ("RM-01",)]
    assert result.red_flags == ("RM-01",)
    assert result.verdict is Verdict.SIGNIFICANT_GAPS


def test_partnership_verdict_uses_partnership_levels(framework: Framework) -> None:
    result = partnership(framework, everything_at(4, TR_02=at(1)), everything_at(4, GV_01=at(0)))
    assert [p.verdict for p in result.partners] == [Verdict.SIGNIFICANT_GAPS] * 2
    assert result.verdict is Verdict.NOT_READY


def test_unknowns_and_unanswered_of_any_partner(framework: Framework) -> None:
    b = everything_at(4, GV_02=Answer.dont_know())
    del b["RM-02"]
    result = partnership(framework, everything_at(4, EC_01=Answer.dont_know()), b)
    assert result.unknowns == ("EC-01", "GV-02")
    assert result.unanswered == ("RM-02",)


def test_duplicate_partner_names_are_refused(framework: Framework) -> None:
    same = [PartnerAnswers("Alpha Council", everything_at(4))] * 2
    with pytest.raises(AnswersError, match="same organisation: Alpha Council"):
        score_partnership(framework, Mode.READINESS, same)


def test_a_partners_bad_answer_names_file_and_code(framework: Framework) -> None:
    bad = PartnerAnswers("Beta Council", everything_at(4, SV_02=at(7)), source="beta.yaml")
    with pytest.raises(AnswersError, match=r"beta\.yaml: SV-02: level 7 is out of range"):
        score_partnership(framework, Mode.READINESS, [bad])


@pytest.mark.parametrize(
    ("code", "baseline", "entrant", "gap"),
    [
        ("SV-02", 3, 1, True),  # two below the baseline
        ("SV-02", 3, 2, False),  # one below
        ("SV-02", 4, 2, True),
        ("SV-02", 1, 0, False),
        ("TR-02", 2, 2, True),  # critical below 3, whatever the baseline
        ("TR-02", 4, 3, False),
        ("TR-02", 3, 3, False),
    ],
)
def test_entry_gaps(
    framework: Framework, code: str, baseline: int, entrant: int, gap: bool
) -> None:
    key = code.replace("-", "_")
    incumbents = [everything_at(4, **{key: at(baseline)}), everything_at(4, **{key: at(4)})]
    newcomer = PartnerAnswers(
        "New Council", everything_at(4, Mode.NEW_PARTNER, **{key: at(entrant)})
    )
    partners = [PartnerAnswers(f"Council {i}", a) for i, a in enumerate(incumbents)]
    result = score_partnership(
        framework, Mode.READINESS, partners, entrant=newcomer, entrant_mode=Mode.NEW_PARTNER
    )
    assert result.entrant is not None
    gaps = [(g.code, g.level, g.baseline, g.action) for g in result.entrant.entry_gaps]
    expected = [(code, entrant, baseline, f"Advice {code} from {entrant}.")] if gap else []
    assert gaps == expected


def test_entrant_module_question_has_no_baseline(framework: Framework) -> None:
    newcomer = PartnerAnswers("New Council", everything_at(4, Mode.NEW_PARTNER, NP_01=at(2)))
    result = partnership(framework, everything_at(4), everything_at(4), entrant=newcomer,
                         entrant_mode=Mode.NEW_PARTNER)  # fmt: skip
    assert result.entrant is not None
    assert [(g.code, g.baseline, g.critical_below) for g in result.entrant.entry_gaps] == [
        ("NP-01", None, True)
    ]
    assert result.entrant.verdict is Verdict.READY_WITH_CONDITIONS
    data = result.to_json_dict()["entrant"]
    assert data["entry_gaps"] == ["NP-01"]
    assert {"organisation", "entry_gaps", "verdict"} <= set(data)


def test_partnership_json_shape(framework: Framework) -> None:
    data = partnership(framework, everything_at(4), everything_at(3)).to_json_dict()
    assert {"verdict", "areas", "red_flags", "gaps", "partners", "not_agreed", "divergence",
            "weakest_partner"} <= set(data)  # fmt: skip
    assert "entrant" not in data
    assert set(data["partners"][0]) == {"organisation", "verdict", "areas"}
    assert list(data["divergence"]) == [
        "shared-vision", "ethos-culture", "resources", "risk", "governance",
    ]  # fmt: skip
    assert data["weakest_partner"]["governance"] == "Beta Council"
