"""The survey pages and a sign-in page: all the peer's benchmark needs."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("survey/", include("survey.urls")),
]
