from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "tradelane.campaigns"
    label = "campaigns"
