from django.apps import AppConfig


class DiagnoseConfig(AppConfig):
    name = "greatjobs.web.diagnose"
    label = "diagnose"
    verbose_name = "Diagnose"
