from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "tradelane.markets"
    label = "markets"
