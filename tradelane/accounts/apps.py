from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tradelane.accounts"
    label = "accounts"
