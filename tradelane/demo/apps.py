from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tradelane.demo"
    label = "demo"
    verbose_name = "Demo data"
