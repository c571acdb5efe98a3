from django.urls import path

from rasp.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("<int:organisation_id>/", views.organisation_detail, name="detail"),
    path("<int:organisation_id>/switch/", views.organisation_switch, name="switch"),
    path("<int:organisation_id>/comparison/", views.comparison_opt_in, name="comparison"),
    path("<int:organisation_id>/security/", views.organisation_security, name="security"),
    path("<int:organisation_id>/members/invite/", views.member_invite, name="member-invite"),
    path(
        "<int:organisation_id>/members/<int:member_id>/role/", views.member_role, name="member-role"
    ),
    path(
        "<int:organisation_id>/members/<int:member_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
]
