from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "greatjobs.web.impact"
    label = "impact"
    verbose_name = "Impact"
