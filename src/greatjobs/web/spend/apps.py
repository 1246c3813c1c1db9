from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "greatjobs.web.spend"
    label = "spend"
    verbose_name = "Anchor spend"
