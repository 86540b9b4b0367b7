from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "tradelane.merchants"
    label = "merchants"

    def ready(self) -> None:
        from tradelane.merchants import signals  # noqa: F401  (connects the receivers)
