from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "rasp.organisations"
    label = "organisations"
