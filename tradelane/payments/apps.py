from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "tradelane.payments"
    label = "payments"
