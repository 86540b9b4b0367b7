from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tradelane.catalog"
    label = "catalog"
