from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Entry points that span rooms: serving, background jobs, benchmarks."""

    name = "tradelane.ops"
    label = "ops"
