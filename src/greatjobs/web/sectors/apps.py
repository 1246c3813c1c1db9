from django.apps import AppConfig


class SectorsConfig(AppConfig):
    name = "greatjobs.web.sectors"
    label = "sectors"
    verbose_name = "Sectors"
