from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "greatjobs.web.core"
    label = "core"
    verbose_name = "greatjobs shell"
