"""Build the peer's equivalent survey and its respondents; prints JSON for the driver.

Reads the question pages RASP shows for the same work (``bench/run.py`` passes them as JSON on
standard input: a list of pages, each a list of question texts), and makes one survey category
per page with the same questions, each a required radio question with RASP's answers (levels 0
to 4, or don't know). ``display_method`` is "by category", so the peer also shows one page at a
time. Each run of the flow gets a fresh user, as each RASP run gets a fresh assessment.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.urls import reverse  # noqa: E402
from survey.models import Category, Question, Survey  # noqa: E402

spec = json.load(sys.stdin)
pages = spec["pages"]
survey = Survey.objects.create(
    name="Shared service readiness",
    description="The same questions as RASP's benchmark flow",
    is_published=True,
    need_logged_user=True,
    editable_answers=True,
    display_method=Survey.BY_CATEGORY,
)
order = 0
for number, texts in enumerate(pages):
    category = Category.objects.create(name=f"Page {number + 1}", survey=survey, order=number)
    for text in texts:
        order += 1
        Question.objects.create(
            text=text,
            order=order,
            required=True,
            category=category,
            survey=survey,
            type=Question.RADIO,
            choices="Level 0,Level 1,Level 2,Level 3,Level 4,Don't know",
        )
users = []
for run in range(spec["runs"]):
    name = f"peer-flow-{run:02d}"
    User.objects.create_user(name, password=spec["password"])
    users.append(name)
print(
    json.dumps(
        {
            "users": users,
            "questions": order,
            "pages": len(pages),
            "first": reverse("survey-detail-step", kwargs={"id": survey.pk, "step": 0}),
            "results": reverse("survey-result", kwargs={"primary_key": survey.pk}),
        }
    )
)
