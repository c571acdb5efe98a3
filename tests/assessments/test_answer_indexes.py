"""The answers table, the largest (10 million rows on a national instance), carries no index it
does not use: lookups by respondent are served by the unique (respondent, question) constraint."""

from __future__ import annotations

import pytest
from django.db import connection

from rasp.assessments.models import Answer


@pytest.mark.django_db
def test_answers_are_found_by_respondent_through_the_unique_constraint_alone() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Answer._meta.db_table)
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert ["respondent_id", "question_id"] in indexed
    assert ["respondent_id"] not in indexed  # the foreign key's own index would duplicate it
    assert ["question_id"] in indexed  # kept: protects deleting a question, and joins on it
