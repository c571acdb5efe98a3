from django.urls import path

from rasp.organisations import invitation_views

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", invitation_views.invitation_accept, name="accept"),
]
