"""Top-level URLs. Each app's pages live under its own prefix; every view declares its access rule."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from rasp.core import views as core_views

urlpatterns = [
    path("", include("rasp.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("account/", include("rasp.accounts.urls")),
    path("organisations/", include("rasp.organisations.urls")),
    path("organisations/<int:organisation_id>/assessments/", include("rasp.assessments.urls")),
    path("organisations/<int:organisation_id>/assessments/", include("rasp.reports.urls")),
    path("partnerships/", include("rasp.partnerships.urls")),
    path("", include("rasp.delivery.urls")),
    path("api/", include("rasp.api.urls")),
    path("invitations/", include("rasp.organisations.invitation_urls")),
    path("framework/", include("rasp.frameworks.urls")),
    path("site-admin/", admin.site.urls),
]

if settings.RASP_BENCH_FLOOR:
    # The benchmark's floor page (``make bench``); off unless RASP_BENCH_FLOOR=1.
    urlpatterns.append(path("bench/floor", core_views.bench_floor, name="bench-floor"))

handler400 = "rasp.core.views.bad_request"
handler403 = "rasp.core.views.permission_denied"
handler404 = "rasp.core.views.page_not_found"
handler500 = "rasp.core.views.server_error"
