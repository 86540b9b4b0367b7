from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "tradelane.outbox"
    label = "outbox"
    verbose_name = "Outbox and webhooks"
