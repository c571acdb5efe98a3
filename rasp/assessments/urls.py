from django.urls import path

from rasp.assessments import action_views, agree_views, answer_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_start, name="start"),
    path("<int:assessment_id>/", views.assessment_overview, name="overview"),
    path("<int:assessment_id>/respondents/", views.respondents, name="respondents"),
    path(
        "<int:assessment_id>/respondents/invite/", views.respondent_invite, name="respondent-invite"
    ),
    path(
        "<int:assessment_id>/respondents/<int:respondent_id>/remind/",
        views.respondent_remind,
        name="respondent-remind",
    ),
    path(
        "<int:assessment_id>/respondents/<int:respondent_id>/remove/",
        views.respondent_remove,
        name="respondent-remove",
    ),
    path("<int:assessment_id>/combined-view/", views.combined_view, name="combined-view"),
    path("<int:assessment_id>/targets/", views.assessment_targets, name="targets"),
    path("<int:assessment_id>/close/", views.assessment_close, name="close"),
    path("<int:assessment_id>/reopen/", views.assessment_reopen, name="reopen"),
    path(
        "<int:assessment_id>/answer/<slug:section>/<int:page>/",
        answer_views.answer_page,
        name="answer",
    ),
    path(
        "<int:assessment_id>/answer/<slug:section>/check/",
        answer_views.check_answers,
        name="check",
    ),
    path("<int:assessment_id>/submit/", answer_views.submit, name="submit"),
    path("<int:assessment_id>/answers/", agree_views.spread, name="spread"),
    path("<int:assessment_id>/answers/<str:code>/agree/", agree_views.agree, name="agree"),
    path("<int:assessment_id>/actions/", action_views.action_list, name="actions"),
    path("<int:assessment_id>/actions/new/", action_views.action_edit, name="action-new"),
    path(
        "<int:assessment_id>/actions/<int:action_id>/",
        action_views.action_edit,
        name="action-edit",
    ),
]
