from django.urls import path

from rasp.partnerships import export_views, views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:invitation_id>/", views.invitation_answer, name="invitation-answer"),
    path("<int:partnership_id>/", views.overview, name="overview"),
    path("<int:partnership_id>/results/", views.results, name="results"),
    path("<int:partnership_id>/health-check/", views.health_check, name="health-check"),
    path("<int:partnership_id>/entrants/<int:entrant_id>/", views.entrant_detail, name="entrant"),
    path(
        "<int:partnership_id>/entrants/<int:entrant_id>/onboarding-actions/",
        views.entrant_onboarding,
        name="entrant-onboarding",
    ),
    path(
        "<int:partnership_id>/entrants/<int:entrant_id>/admit/",
        views.entrant_admit,
        name="entrant-admit",
    ),
    path(
        "<int:partnership_id>/entrants/<int:entrant_id>/decline/",
        views.entrant_decline,
        name="entrant-decline",
    ),
    path(
        "<int:partnership_id>/joining/<int:organisation_id>/",
        views.joining,
        name="joining",
    ),
    path(
        "<int:partnership_id>/results/download/<str:format>/",
        export_views.download,
        name="download",
    ),
    path("<int:partnership_id>/workshop/", views.workshop, name="workshop"),
    path("<int:partnership_id>/workshop/<str:code>/", views.workshop_agree, name="agree"),
    path("<int:partnership_id>/actions/", views.actions, name="actions"),
    path(
        "<int:partnership_id>/actions/from-gaps/",
        views.actions_from_gaps,
        name="actions-from-gaps",
    ),
    path("<int:partnership_id>/actions/new/", views.action_new, name="action-new"),
    path(
        "<int:partnership_id>/actions/<int:joint_action_id>/",
        views.action_edit,
        name="action-edit",
    ),
    path(
        "<int:partnership_id>/organisations/<int:organisation_id>/share/",
        views.share,
        name="share",
    ),
    path(
        "<int:partnership_id>/organisations/<int:organisation_id>/leave/",
        views.leave,
        name="leave",
    ),
    path(
        "<int:partnership_id>/organisations/<int:organisation_id>/invite/",
        views.invite,
        name="invite",
    ),
]
