from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "tradelane.merchants"
    label = "merchants"
