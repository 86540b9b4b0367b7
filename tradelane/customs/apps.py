from django.apps import AppConfig


class CustomsConfig(AppConfig):
    name = "tradelane.customs"
    label = "customs"
