from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "joinedup.submissions"
    verbose_name = "Data submissions"
