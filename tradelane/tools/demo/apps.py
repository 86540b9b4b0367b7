from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tradelane.tools.demo"
    label = "demo"
    verbose_name = "Demo data"
