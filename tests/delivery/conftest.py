"""Fixtures for the delivery tests: a partnership of three whose members shared closed
readiness assessments (so there are gaps to take advice from), with a programme started."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rasp.delivery.access import delivery_access_for_partnership
from rasp.delivery.services import programme_start
from tests.partnerships.builders import World, build_world
from tests.reports.builders import load_question_bank

START = dt.date(2026, 4, 1)


@pytest.fixture
def published(db: None) -> Any:
    return load_question_bank()


@pytest.fixture
def world(published: Any) -> World:
    return build_world()


@pytest.fixture
def started(world: World) -> World:
    """The partnership's programme, started on 1 April 2026 by the lead's admin."""
    access = delivery_access_for_partnership(
        actor=world.admins[0].user, partnership_id=world.partnership.pk
    )
    programme_start(access=access, starts_on=START)
    return world
