"""Delivery pages: guidance, and the transition plan and benefits register of a partnership or
of one organisation. Every programme page has two URLs, one under each owner, named
``partnership-<page>`` and ``organisation-<page>``; ``DeliveryAccess.url`` picks the right one."""

from django.urls import URLPattern, URLResolver, path

from rasp.delivery import views

app_name = "delivery"

PAGES = [
    ("transition/", views.plan, "plan"),
    ("transition/start/", views.programme_start, "start"),
    ("transition/from-advice/", views.tasks_from_advice, "from-advice"),
    ("transition/tasks/new/", views.task_new, "task-new"),
    ("transition/tasks/<int:task_id>/", views.task_edit, "task"),
    ("transition/tasks/<int:task_id>/delete/", views.task_delete, "task-delete"),
    ("transition/download.<str:format>", views.plan_download, "plan-download"),
    ("benefits/", views.register, "register"),
    ("benefits/new/", views.benefit_new, "benefit-new"),
    ("benefits/<int:benefit_id>/", views.benefit_detail, "benefit"),
    ("benefits/<int:benefit_id>/change/", views.benefit_edit, "benefit-edit"),
    ("benefits/<int:benefit_id>/delete/", views.benefit_delete, "benefit-delete"),
    ("benefits/<int:benefit_id>/actuals/new/", views.actual_new, "actual-new"),
    (
        "benefits/<int:benefit_id>/actuals/<int:actual_id>/delete/",
        views.actual_delete,
        "actual-delete",
    ),
    ("benefits/download.<str:format>", views.register_download, "register-download"),
]
OWNERS = [
    ("partnerships/<int:partnership_id>/", "partnership"),
    ("organisations/<int:organisation_id>/", "organisation"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("guidance/", views.guidance_index, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_page, name="guide"),
    *(
        path(prefix + route, view, name=f"{owner}-{name}")
        for prefix, owner in OWNERS
        for route, view, name in PAGES
    ),
]
