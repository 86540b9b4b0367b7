from django.apps import AppConfig


class WebConfig(AppConfig):
    """Storefront, wallet and till pages, merchant portal, operator dashboard."""

    name = "tradelane.web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every entry point (serve, tests, a production worker) gets a current catalog without a
        # separate build step or GNU gettext on the machine.
        from tradelane.web.i18n import compile_translations

        compile_translations()
