"""Arranging the question bank for the public pages: groups, counts, times, glossary links."""

from __future__ import annotations

import pytest

from rasp.domain.framework import presentation as p
from rasp.domain.framework.schema import GlossaryEntry, Mode
from rasp.domain.framework.validate import parse_framework_text
from tests.domain.framework.sample import sample_text


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return parse_framework_text(sample_text(), filename="sample.yaml")


def test_minutes_round_up_at_40_seconds_a_question() -> None:
    assert p.SECONDS_PER_QUESTION == 40
    assert [p.minutes_for(n) for n in (0, 1, 3, 79)] == [0, 1, 2, 53]


def test_groups_are_the_areas_then_the_modules_with_their_own_questions(sample) -> None:  # type: ignore[no-untyped-def]
    groups = p.groups(sample)
    assert [(g.kind, g.id) for g in groups] == [
        ("area", "shared-vision"),
        ("area", "ethos-culture"),
        ("area", "resources"),
        ("area", "risk"),
        ("area", "governance"),
        ("module", "health-check"),
        ("module", "new-partner"),
    ]
    shared = groups[0]
    assert [q.code for q in shared.questions] == ["SV-01", "SV-02", "SV-03"]
    assert (shared.critical_count, shared.red_flag_count) == (2, 1)
    assert [(c.mode, c.questions) for c in shared.counts] == [
        (Mode.READINESS, 3),
        (Mode.HEALTH_CHECK, 2),
        (Mode.NEW_PARTNER, 2),
    ]
    # Module questions are listed on their module's page, not their area's.
    assert [q.code for q in groups[5].questions] == ["HC-01"]
    assert all(q.module is None for g in groups[:5] for q in g.questions)
    assert sum(len(g.questions) for g in groups) == len(sample.questions)


def test_unknown_groups_and_questions_are_none(sample) -> None:  # type: ignore[no-untyped-def]
    assert p.area_group(sample, "nowhere") is None
    assert p.module_group(sample, "shared-vision") is None
    assert p.question_or_none(sample, "XX-01") is None


def test_mode_counts_cover_every_question_asked(sample) -> None:  # type: ignore[no-untyped-def]
    counts = {c.mode: c for c in p.mode_counts(sample)}
    assert counts[Mode.READINESS].questions == len(sample.questions_for_mode(Mode.READINESS))
    assert counts[Mode.READINESS].minutes == p.minutes_for(counts[Mode.READINESS].questions)


def test_a_question_knows_its_neighbours_follow_ups_and_references(sample) -> None:  # type: ignore[no-untyped-def]
    first, second = sample.question("SV-01"), sample.question("SV-02")
    assert p.neighbours(sample, first) == (None, second)
    assert p.follow_ups(sample, first) == (second,)
    assert second.show_if is not None
    assert p.show_if_answers(second.show_if) == (("level", 2), ("level", 3), ("level", 4))
    assert [s.id for s in p.case_studies_of(sample, first)] == ["example-case"]
    assert [t.id for t in p.topics_of(sample, first)] == ["SV1"]
    assert [i.anchor for i in p.glossary_of(sample, first)] == ["term-baseline"]
    assert p.group_of(sample, sample.question("HC-01")).id == "health-check"


def test_glossary_items_list_the_questions_using_each_term(sample) -> None:  # type: ignore[no-untyped-def]
    (item,) = p.glossary_items(sample)
    assert item.anchor == "term-baseline"
    assert [q.code for q in item.questions] == ["SV-01"]


def test_case_study_items_list_the_citing_questions(sample) -> None:  # type: ignore[no-untyped-def]
    item = p.case_study_item(sample, "example-case")
    assert item is not None
    assert [q.code for q in item.questions] == ["SV-01"]
    assert p.case_study_item(sample, "nothing") is None


def test_anchors_are_slugs_and_unique() -> None:
    assert p.glossary_anchor("section 151 officer") == "term-section-151-officer"
    assert p.glossary_anchor("Teckal company") == "term-teckal-company"
    entries = [
        GlossaryEntry(term="s.113", definition="x"),
        GlossaryEntry(term="s 113", definition="y"),
    ]
    assert sorted(p.TermMatcher(entries).anchors.values()) == ["term-s-113", "term-s-113-2"]


ENTRIES = [
    GlossaryEntry(term="section 151 officer", definition="x", aliases=["section 151", "s.151"]),
    GlossaryEntry(term="TUPE", definition="x"),
    GlossaryEntry(term="joint committee", definition="x"),
    GlossaryEntry(term="Local Government Pension Scheme", definition="x", aliases=["LGPS"]),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ask the section 151 officer.", {"section 151 officer"}),
        ("Under section 151 of the 1972 Act", {"section 151 officer"}),
        ("the s.151 view", {"section 151 officer"}),
        ("TUPE applies", {"TUPE"}),
        ("tupe in lower case is not the abbreviation", set()),
        ("Two Joint Committees", {"joint committee"}),
        ("jointcommittee or committees", set()),
        ("LGPS members", {"Local Government Pension Scheme"}),
        ("section 1510 is another thing", set()),
        ("the joint\ncommittee", {"joint committee"}),
    ],
)
def test_terms_are_found_as_whole_words(text: str, found: set[str]) -> None:
    assert p.TermMatcher(ENTRIES).terms_in(text) == found


def test_the_longest_name_wins_where_names_overlap() -> None:
    matches = p.TermMatcher(ENTRIES).find("the section 151 officer said")
    assert [(start, end) for start, end, _ in matches] == [(4, 23)]


def test_the_linker_links_only_the_first_use_of_each_term_on_a_page() -> None:
    linker = p.TermMatcher(ENTRIES).linker()
    first = linker.segments("TUPE and <b>TUPE</b> again, with the LGPS.")
    assert first == (
        p.Segment("TUPE", "TUPE", "term-tupe"),
        p.Segment(" and <b>TUPE</b> again, with the "),
        p.Segment(
            "LGPS", "Local Government Pension Scheme", "term-local-government-pension-scheme"
        ),
        p.Segment("."),
    )
    assert linker.segments("TUPE again") == (p.Segment("TUPE again"),)
    assert "".join(s.text for s in first) == "TUPE and <b>TUPE</b> again, with the LGPS."


def test_the_linker_keeps_text_without_terms_whole() -> None:
    assert p.TermMatcher([]).linker().segments("plain") == (p.Segment("plain"),)
    assert p.TermMatcher(ENTRIES).linker().segments("") == ()
