from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "rasp.partnerships"
    label = "partnerships"
