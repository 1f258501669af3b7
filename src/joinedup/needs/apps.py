from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "joinedup.needs"
    verbose_name = "Needs assessment"
