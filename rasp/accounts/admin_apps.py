"""Django's admin with RASP's site (``rasp.accounts.admin_site``). A module of its own: Django
takes any configuration found in an app's ``apps`` module for that app's default."""

from django.contrib.admin.apps import AdminConfig


class RaspAdminConfig(AdminConfig):
    """Django's admin with RASP's site: sign-in through RASP's, second factor included."""

    default_site = "rasp.accounts.admin_site.RaspAdminSite"
