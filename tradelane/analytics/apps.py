from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Read models and reports for merchants and operators; reads only, never writes."""

    name = "tradelane.analytics"
    default_auto_field = "django.db.models.BigAutoField"
