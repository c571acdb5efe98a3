"""The transition plan through the test client: starting it, seeding tasks from the advice on
the partnership's gaps, adding and changing tasks, what is refused and what is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rasp.audit.models import AuditEvent
from rasp.delivery.models import Programme, Task
from tests.delivery.conftest import START

pytestmark = pytest.mark.django_db


def _task(base, client, **fields):
    data = {
        "title": "Consult the unions",
        "workstream": "people",
        "owner": "Head of HR",
        "starts_on": "1/5/2026",
        "due_on": "31/5/2026",
        "status": "not-started",
        "notes": "",
        "version": "0",
        **fields,
    }
    return client.post(base + "transition/tasks/new/", data)


def test_starting_a_plan_and_seeding_it_from_the_advice(client, world):
    admin = world.admins[0]
    client.force_login(admin.user)
    base = world.path()
    page = client.get(base + "transition/").content.decode()
    assert 'id="no-plan"' in page and "Start the plan" in page
    refused = client.post(base + "transition/start/", {"starts_on": "31/2/2026"})
    assert "Programme start must be a real date" in refused.content.decode()
    assert 'value="31/2/2026"' in refused.content.decode()  # nothing typed is lost
    assert client.post(base + "transition/start/", {"starts_on": "1/4/2026"}).status_code == 302
    assert Programme.objects.get(partnership=world.partnership).starts_on == START

    client.post(base + "transition/from-advice/")
    seeded = Task.objects.filter(programme__partnership=world.partnership)
    assert seeded.count() > 0
    assert all(t.question_code for t in seeded)
    assert {t.workstream for t in seeded} <= {
        "people",
        "contracts",
        "systems",
        "equipment",
        "resources",
    }
    again = seeded.count()
    client.post(base + "transition/from-advice/")
    assert seeded.count() == again  # one task per gap, never twice
    html = client.get(base + "transition/").content.decode()
    assert 'id="progress"' in html and 'id="critical-path"' in html
    assert "From the advice on" in html
    assert AuditEvent.objects.filter(action="delivery-tasks-from-advice").count() == 2


def test_tasks_with_dependencies_late_blocked_and_the_critical_path(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    assert (
        _task(
            base, client, title="Decide the staff route", starts_on="1/4/2026", due_on="10/4/2026"
        ).status_code
        == 302
    )
    first = Task.objects.get(title="Decide the staff route")
    response = _task(
        base,
        client,
        title="Consult the unions",
        starts_on="11/4/2026",
        due_on="30/6/2030",
        depends_on=[str(first.pk)],
    )
    assert response.status_code == 302
    second = Task.objects.get(title="Consult the unions")
    assert list(second.depends_on.all()) == [first]
    html = client.get(base + "transition/").content.decode()
    # The first task is past its due date (10 April 2026) and the second waits for it.
    attention = html.split('id="attention"')[1].split("</ul>")[0]
    assert "Decide the staff route" in attention and "late" in attention
    assert "Consult the unions" in attention and "waiting for" in attention
    critical = html.split('id="critical-path"')[1].split("</ol>")[0]
    assert critical.index("Decide the staff route") < critical.index("Consult the unions")
    assert AuditEvent.objects.filter(action="delivery-task-saved").count() == 2


def test_bad_tasks_are_refused_with_clear_messages_and_nothing_typed_is_lost(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    before = _task(base, client, title="Too early to be true", starts_on="1/1/2026")
    assert before.status_code == 200
    html = before.content.decode()
    assert "Start date must be on or after 1 April 2026, when the programme starts" in html
    assert "govuk-error-summary" in html and "Too early to be true" in html
    assert 'value="1/1/2026"' in html
    backwards = _task(base, client, starts_on="1/6/2026", due_on="1/5/2026").content.decode()
    assert "Due date must be on or after the start date" in backwards
    assert not Task.objects.exists()

    _task(base, client, title="A")
    _task(base, client, title="B")
    a, b = Task.objects.get(title="A"), Task.objects.get(title="B")
    edit_b = base + f"transition/tasks/{b.pk}/"
    data = {
        "title": "B",
        "workstream": "people",
        "starts_on": "1/5/2026",
        "due_on": "31/5/2026",
        "status": "in-progress",
        "version": str(b.version),
        "notes": "Typed before the refusal",
    }
    assert client.post(edit_b, {**data, "depends_on": [str(a.pk)]}).status_code == 302
    # B depending on itself: not even offered, and refused when posted anyway.
    page = client.get(edit_b).content.decode()
    assert f'type="checkbox" value="{a.pk}" checked' in page
    assert f'type="checkbox" value="{b.pk}"' not in page
    b.refresh_from_db()
    itself = client.post(edit_b, {**data, "version": str(b.version), "depends_on": [str(b.pk)]})
    assert "Select tasks from this plan" in itself.content.decode()
    # A depending on B would close the loop A -> B -> A.
    edit_a = base + f"transition/tasks/{a.pk}/"
    loop = client.post(
        edit_a,
        {**data, "title": "A", "version": str(a.version), "depends_on": [str(b.pk)]},
    )
    text = loop.content.decode()
    assert loop.status_code == 200
    assert "That would make a loop, where no task could ever start: A → B → A" in text
    assert "Typed before the refusal" in text
    assert list(a.depends_on.all()) == []


def test_a_task_cannot_depend_on_itself_through_the_service(started):
    from django.core.exceptions import ValidationError

    from rasp.delivery.access import delivery_access_for_partnership
    from rasp.delivery.services import task_save

    access = delivery_access_for_partnership(
        actor=started.admins[0].user, partnership_id=started.partnership.pk
    )
    fields = {
        "title": "Alone",
        "workstream": "systems",
        "owner": "",
        "starts_on": START,
        "due_on": START,
        "status": "not-started",
        "notes": "",
    }
    task = task_save(access=access, task=None, based_on_version=0, depends_on=[], **fields)
    with pytest.raises(ValidationError) as refused:
        task_save(access=access, task=task, based_on_version=1, depends_on=[task.pk], **fields)
    assert refused.value.message_dict["depends_on"] == ["A task cannot depend on itself"]


def test_a_stale_save_is_shown_not_overwritten(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    _task(base, client, title="Original")
    task = Task.objects.get()
    edit = base + f"transition/tasks/{task.pk}/"
    data = {
        "workstream": "people",
        "starts_on": "1/5/2026",
        "due_on": "31/5/2026",
        "status": "in-progress",
        "version": "1",
    }
    assert client.post(edit, {**data, "title": "Theirs"}).status_code == 302
    stale = client.post(edit, {**data, "title": "Mine"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert 'id="conflict"' in html and "Theirs" in html and "Mine" in html
    task.refresh_from_db()
    assert task.title == "Theirs"
    assert client.post(edit, {**data, "title": "Mine", "version": "2"}).status_code == 302


def test_the_programme_start_cannot_move_after_work_already_dated(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    _task(base, client)
    response = client.post(base + "transition/start/", {"starts_on": "1/6/2026"})
    assert "The programme cannot start after 1 May 2026" in response.content.decode()
    assert Programme.objects.get().starts_on == START


def test_the_plan_page_costs_the_same_queries_for_many_tasks(
    client, started, django_assert_max_num_queries
):
    client.force_login(started.admins[0].user)
    base = started.path()
    programme = Programme.objects.get()

    def add(n):
        previous = None
        for i in range(n):
            task = Task.objects.create(
                programme=programme,
                workstream=["people", "contracts", "systems"][i % 3],
                title=f"Task {i}",
                starts_on=START,
                due_on=timezone.localdate() + dt.timedelta(days=i),
            )
            if previous:
                task.depends_on.add(previous)
            previous = task

    add(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(base + "transition/").status_code == 200
    add(40)
    with django_assert_max_num_queries(len(few)):
        html = client.get(base + "transition/").content.decode()
    assert "Task 39" in html


def test_a_task_typed_after_the_session_expired_is_kept_through_sign_in(client, started):
    from django.test import Client

    base = started.path()
    anonymous = Client()
    response = anonymous.post(
        base + "transition/tasks/new/",
        {"title": "Typed while signed out", "workstream": "contracts", "due_on": "1/6/2026"},
    )
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")
    anonymous.force_login(started.admins[0].user)
    html = anonymous.get(base + "transition/tasks/new/").content.decode()
    assert "You were signed out before this was saved" in html
    assert "Typed while signed out" in html and 'value="1/6/2026"' in html
    assert not Task.objects.exists()


def test_deleting_a_task_frees_the_tasks_that_waited_for_it(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    _task(base, client, title="First")
    first = Task.objects.get(title="First")
    _task(base, client, title="Second", depends_on=[str(first.pk)])
    second = Task.objects.get(title="Second")
    page = client.get(base + f"transition/tasks/{first.pk}/delete/").content.decode()
    assert "Are you sure" in page and "Second" in page.split('id="waiting"')[1]
    assert Task.objects.count() == 2  # a GET deletes nothing
    assert client.post(base + f"transition/tasks/{first.pk}/delete/").status_code == 302
    assert list(Task.objects.all()) == [second]
    assert list(second.depends_on.all()) == []
    event = AuditEvent.objects.get(action="delivery-task-deleted")
    assert event.detail["title"] == "First" and event.detail["dependants"] == [second.pk]
