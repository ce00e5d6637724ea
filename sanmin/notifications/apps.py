from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sanmin.notifications"
    label = "notifications"
    verbose_name = "短信通知"
