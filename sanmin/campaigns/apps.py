from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "sanmin.campaigns"
    label = "campaigns"
    verbose_name = "活动"
