from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "tradelane.tools"
    label = "tools"
    verbose_name = "Tools (bench, chaos, simulation)"
